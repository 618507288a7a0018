/**
 * Records written a moment later, many in one transaction: a run writes its step records and
 * call-log rows as it goes, and committing each one alone cost more than the request it recorded.
 * Anything that reads those tables flushes first, so readers always see every record; the
 * backend flushes before it closes. At most `delayMs` of records is lost if the process dies.
 */
import type { Database } from './database';

export interface WriteBehind {
  defer(write: () => void): void;
  /** Writes everything queued now, in one transaction. */
  flush(): void;
}

export interface WriteBehindOptions {
  delayMs?: number;
  /** Flushed at once when this many writes wait. */
  maxQueued?: number;
  /** A write that fails (a row whose parent was deleted meanwhile) is dropped and reported. */
  onError?: (error: Error) => void;
}

export function createWriteBehind(db: Database, options: WriteBehindOptions = {}): WriteBehind {
  const delayMs = options.delayMs ?? 25;
  const maxQueued = options.maxQueued ?? 500;
  let queue: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const runAll = db.transaction((writes: (() => void)[]) => {
    for (const write of writes) {
      try {
        write();
      } catch (error) {
        // Only this statement is undone; the others in the transaction stand.
        options.onError?.(error as Error);
      }
    }
  });

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0 || !db.open) return;
    const writes = queue;
    queue = [];
    runAll(writes);
  };

  return {
    defer: (write) => {
      queue.push(write);
      if (queue.length >= maxQueued) flush();
      else if (timer === undefined) timer = setTimeout(flush, delayMs);
    },
    flush,
  };
}
