/**
 * Large deletions a slice at a time: one statement over 20,000 runs or 400,000 call-log rows held
 * the backend for seconds (no call, webhook or run served meanwhile). `some(limit)` deletes or
 * changes up to `limit` rows in a transaction of its own and says how many it did; between slices
 * the event loop serves whatever waits (timers and I/O too: each slice waits for the loop's next
 * turn). A slice's size follows the time the last one took, aiming at ~25 ms whatever its rows
 * weigh (a step record with its response, a call-log row): at most twice the last, at least a
 * quarter of it, never below `first`'s one-sixteenth.
 */
import { AppError } from '../../../shared/api/appError';
import type { Database } from './database';

/**
 * A slice that would start once the database has closed (the app closing mid-deletion) refuses
 * with this instead of SQLite's "connection is not open": what is deleted stays deleted, the
 * rest stays, and deleting again finishes.
 */
export function checkStillOpen(db: Database): void {
  if (!db.open)
    throw new AppError(
      'busy',
      'The app closed while this was being deleted; part of it is deleted and nothing else was lost. ' +
        'Delete it again once the app is open to finish.',
    );
}

export async function inSlices(some: (limit: number) => number, first = 256): Promise<void> {
  const least = Math.max(1, Math.floor(first / 16));
  let limit = first;
  for (;;) {
    const started = performance.now();
    if (some(limit) < limit) return;
    const tookMs = Math.max(0.1, performance.now() - started);
    const aimed = Math.floor((limit * 25) / tookMs);
    limit = Math.max(least, Math.floor(limit / 4), Math.min(limit * 2, aimed));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Deletions going now, by key: deleting the same thing again meanwhile waits for the same
 * deletion (not a second pass that would find it gone and say so), and others can ask whether a
 * thing is going (a run of a runbook being deleted is refused).
 */
export interface Deletions {
  once(key: string, deletion: () => Promise<void>): Promise<void>;
  isGoing(key: string): boolean;
}

export function createDeletions(): Deletions {
  const going = new Map<string, Promise<void>>();
  return {
    once: (key, deletion) => {
      const earlier = going.get(key);
      if (earlier !== undefined) return earlier;
      // Started on a later microtask, so that a refusal of its own (not found) is a rejection too.
      const started = Promise.resolve()
        .then(deletion)
        .finally(() => going.delete(key));
      going.set(key, started);
      return started;
    },
    isGoing: (key) => going.has(key),
  };
}
