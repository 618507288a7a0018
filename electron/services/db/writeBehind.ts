/**
 * Records written a moment later, many in one transaction: a run writes its row, its step records
 * and call-log rows as it goes, and committing each one alone cost more than the request it recorded.
 * Anything that reads those tables flushes first, so readers see every record the disk could
 * take; the backend flushes before it closes. At most `delayMs` of records is lost if the
 * process dies — except where a caller needs a record on disk before it acts (`commit`).
 *
 * A storage fault (disk full, database locked by another program) loses nothing: the whole batch
 * stays queued, in order, and is tried again with a growing pause, without blocking the event
 * loop for longer than SQLite's short busy timeout per try. `fault()` tells callers meanwhile.
 */
import type { Database } from './database';
import { storageError, storageFaultOf, type StorageFault } from './storageFault';

export interface WriteBehind {
  /**
   * Queues `write`. `onDone` is called once the transaction that ran it has committed — or once
   * it was dropped for a fault of its own (see `onError`) — never while a storage fault keeps it
   * queued.
   */
  defer(write: () => void, onDone?: () => void): void;
  /**
   * Queues `item` for `writeAll`: in the same write as the items queued for it just before, when
   * nothing else was queued between them (many rows in one statement, in the order queued).
   */
  deferTogether<T>(writeAll: (items: T[]) => void, item: T): void;
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

/** A `commit` waiting for the retry timer to get its records on disk. */
interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
  giveUpAt: number;
}

export function createWriteBehind(db: Database, options: WriteBehindOptions = {}): WriteBehind {
  const delayMs = options.delayMs ?? 25;
  const maxQueued = options.maxQueued ?? 500;
  const retry = options.retryMs ?? { first: 100, max: 2_000 };
  let queue: (() => void)[] = [];
  /** Items in `queue`'s writes beyond one each (writes that took items together). */
  let extraItems = 0;
  /** The last write queued, when it takes items together: more may join it. */
  let lastTogether: { writeAll: (items: never[]) => void; items: unknown[] } | undefined;
  /** Whom to tell once the writes queued now are done with (few writes ask). */
  let whenDone: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let currentFault: StorageFault | undefined;
  let retryDelayMs = retry.first;
  let nextTryAt = 0;
  const waiters = new Set<Waiter>();

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

  /** Tells the commits waiting how the last try went: written, or given up on. */
  const settleWaiters = (fault: StorageFault | undefined) => {
    for (const waiter of waiters) {
      if (fault === undefined) waiter.resolve();
      else if (fault !== 'busy' || Date.now() >= waiter.giveUpAt)
        waiter.reject(storageError(fault, 'The step record'));
      else continue;
      waiters.delete(waiter);
    }
  };

  /** One try at writing the queue; true when it is empty afterwards. */
  const attempt = (): boolean => {
    clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0 || !db.open) {
      settleWaiters(undefined);
      return true;
    }
    const writes = queue;
    const toTell = whenDone;
    queue = [];
    whenDone = [];
    lastTogether = undefined;
    const extra = extraItems;
    extraItems = 0;
    try {
      runAll(writes);
    } catch (error) {
      const fault = error instanceof FaultInBatch ? error.fault : storageFaultOf(error);
      if (fault === undefined) {
        // Anything else is a bug in a write; it must not take the whole batch with it forever.
        // Callers that must know their record is on disk check for it (see commitStepStart).
        options.onError?.(error as Error);
        for (const tell of toTell) tell();
        settleWaiters(undefined);
        return queue.length === 0;
      }
      queue = writes.concat(queue);
      whenDone = toTell.concat(whenDone);
      extraItems += extra;
      setFault(fault);
      nextTryAt = Date.now() + retryDelayMs;
      schedule(retryDelayMs);
      retryDelayMs = Math.min(retryDelayMs * 2, retry.max);
      settleWaiters(fault);
      return false;
    }
    retryDelayMs = retry.first;
    for (const tell of toTell) tell();
    setFault(undefined);
    settleWaiters(undefined);
    return true;
  };

  /** While a fault lasts, tries happen on the retry timer only, so no caller blocks on each. */
  const isWaitingOutFault = () => currentFault !== undefined && Date.now() < nextTryAt;

  const flush = () => {
    if (!isWaitingOutFault()) attempt();
  };

  const defer = (write: () => void, onDone?: () => void) => {
    queue.push(write);
    lastTogether = undefined;
    if (onDone !== undefined) whenDone.push(onDone);
    afterQueueing();
  };
  const afterQueueing = () => {
    if (currentFault !== undefined) return; // The retry timer is set.
    if (queue.length + extraItems >= maxQueued) flush();
    else schedule(delayMs);
  };

  return {
    defer,
    deferTogether: <T>(writeAll: (items: T[]) => void, item: T) => {
      if (lastTogether !== undefined && lastTogether.writeAll === writeAll) {
        lastTogether.items.push(item);
        extraItems += 1;
        afterQueueing();
        return;
      }
      const items = [item];
      queue.push(() => writeAll(items));
      // Before anything may write the queue (a full queue is written at once): from then on,
      // items go to a new write.
      lastTogether = { writeAll, items };
      afterQueueing();
    },
    flush,
    commit: ({ signal, waitMs = 30_000 } = {}) => {
      if (!isWaitingOutFault() && attempt()) return Promise.resolve();
      const fault = currentFault ?? 'busy';
      if (fault !== 'busy' || waitMs <= 0 || signal?.aborted === true)
        return Promise.reject(storageError(fault, 'The step record'));
      // Many runs may wait for one lock: they share the retry timer's tries instead of each
      // blocking the event loop for a busy timeout of its own.
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve: () => {
            done();
            resolve();
          },
          reject: (error) => {
            done();
            reject(error);
          },
          giveUpAt: Date.now() + waitMs,
        };
        const onAbort = () => {
          waiters.delete(waiter);
          waiter.reject(storageError('busy', 'The step record'));
        };
        const giveUp = setTimeout(onAbort, waitMs);
        const done = () => {
          clearTimeout(giveUp);
          signal?.removeEventListener('abort', onAbort);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.add(waiter);
      });
    },
    fault: () => currentFault,
  };
}
