/**
 * Records written a moment later, many in one transaction: a run writes its step records and
 * call-log rows as it goes, and committing each one alone cost more than the request it recorded.
 * Anything that reads those tables flushes first, so readers see every record the disk could
 * take; the backend flushes before it closes. At most `delayMs` of records is lost if the
 * process dies — except where a caller needs a record on disk before it acts (`commit`).
 *
 * A storage fault (disk full, database locked by another program) loses nothing: the whole batch
 * stays queued, in order, and is tried again with a growing pause, without blocking the event
 * loop for longer than SQLite's short busy timeout per try. `fault()` tells callers meanwhile.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from './database';
import { storageError, storageFaultOf, type StorageFault } from './storageFault';

export interface WriteBehind {
  defer(write: () => void): void;
  /** Writes everything queued now, in one transaction; never throws (a fault keeps the queue). */
  flush(): void;
  /**
   * Resolves once everything queued so far is on disk. A locked database is waited for (up to
   * `waitMs`, or until `signal` aborts); a full disk or a wait that runs out rejects with the
   * typed storage error, and the records stay queued.
   */
  commit(options?: { signal?: AbortSignal; waitMs?: number }): Promise<void>;
  /** The fault the last write met, until a write succeeds again. */
  fault(): StorageFault | undefined;
}

export interface WriteBehindOptions {
  delayMs?: number;
  /** Flushed at once when this many writes wait. */
  maxQueued?: number;
  /** A write that fails for its own reason (a row whose parent was deleted meanwhile) is dropped and reported. */
  onError?: (error: Error) => void;
  /** Told when a storage fault starts and when writing works again. */
  onFault?: (fault: StorageFault | undefined) => void;
  /** Pauses between tries while a fault lasts: the first, doubled up to the last. */
  retryMs?: { first: number; max: number };
}

/** Thrown inside the batch's transaction so that the whole batch is undone and kept. */
class FaultInBatch extends Error {
  constructor(readonly fault: StorageFault) {
    super(fault);
  }
}

export function createWriteBehind(db: Database, options: WriteBehindOptions = {}): WriteBehind {
  const delayMs = options.delayMs ?? 25;
  const maxQueued = options.maxQueued ?? 500;
  const retry = options.retryMs ?? { first: 100, max: 2_000 };
  let queue: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let currentFault: StorageFault | undefined;
  let retryDelayMs = retry.first;
  let nextTryAt = 0;

  const runAll = db.transaction((writes: (() => void)[]) => {
    for (const write of writes) {
      try {
        write();
      } catch (error) {
        const fault = storageFaultOf(error);
        if (fault !== undefined) throw new FaultInBatch(fault);
        // Only this statement is undone; the others in the transaction stand.
        options.onError?.(error as Error);
      }
    }
  });

  const schedule = (ms: number) => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      attempt();
    }, ms);
    // A retry alone must not keep a finished process alive.
    if (currentFault !== undefined) timer.unref();
  };

  const setFault = (fault: StorageFault | undefined) => {
    if (fault === currentFault) return;
    currentFault = fault;
    options.onFault?.(fault);
  };

  /** One try at writing the queue; true when it is empty afterwards. */
  const attempt = (): boolean => {
    clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0 || !db.open) return true;
    const writes = queue;
    queue = [];
    try {
      runAll(writes);
    } catch (error) {
      const fault = error instanceof FaultInBatch ? error.fault : storageFaultOf(error);
      // Anything else is a bug in a write; it must not take the whole batch with it forever.
      if (fault === undefined) {
        options.onError?.(error as Error);
        return queue.length === 0;
      }
      queue = writes.concat(queue);
      setFault(fault);
      nextTryAt = Date.now() + retryDelayMs;
      schedule(retryDelayMs);
      retryDelayMs = Math.min(retryDelayMs * 2, retry.max);
      return false;
    }
    retryDelayMs = retry.first;
    setFault(undefined);
    return true;
  };

  /** While a fault lasts, tries happen on the retry timer only, so no caller blocks on each. */
  const flush = () => {
    if (currentFault !== undefined && Date.now() < nextTryAt) return;
    attempt();
  };

  return {
    defer: (write) => {
      queue.push(write);
      if (currentFault !== undefined) return; // The retry timer is set.
      if (queue.length >= maxQueued) flush();
      else schedule(delayMs);
    },
    flush,
    commit: async ({ signal, waitMs = 30_000 } = {}) => {
      const giveUpAt = Date.now() + waitMs;
      for (let pause = retry.first; ; pause = Math.min(pause * 2, retry.max)) {
        if (attempt()) return;
        const fault = currentFault ?? 'busy';
        if (fault === 'full' || Date.now() + pause > giveUpAt || signal?.aborted === true)
          throw storageError(fault, 'The step record');
        await sleep(pause, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);
      }
    },
    fault: () => currentFault,
  };
}
