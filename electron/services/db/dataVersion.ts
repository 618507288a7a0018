/**
 * SQLite's `data_version` of a connection: it changes when another connection — another process
 * on the same data folder — has committed. Repositories that keep rows they read ask it before
 * trusting them. Each ask is a statement, with the read locks every statement takes, so one
 * answer serves every ask until the code running now yields (a run's start asks several times).
 */
import type { Database } from './database';

interface Watch {
  read: () => number;
  /** The answer for the code running now; undefined once it has yielded. */
  current: number | undefined;
}

const watches = new WeakMap<Database, Watch>();

export function dataVersionOf(db: Database): number {
  let watch = watches.get(db);
  if (watch === undefined) {
    const statement = db.prepare<[], number>('PRAGMA data_version').pluck();
    watch = { read: () => statement.get() as number, current: undefined };
    watches.set(db, watch);
  }
  if (watch.current !== undefined) return watch.current;
  const answer = watch.read();
  watch.current = answer;
  const answered = watch;
  queueMicrotask(() => {
    answered.current = undefined;
  });
  return answer;
}
