/**
 * Undo/redo as a bounded stack of snapshots. Snapshots are whole graphs: edits build a new graph
 * and share the unchanged parts, so keeping one per entry is cheap and restoring one is exact.
 * Rapid edits with the same merge key (typing in one field) fold into a single entry.
 */

/** One undoable change: the value before it, and what may fold into it. */
export interface HistoryEntry<T> {
  before: T;
  /** Changes with the same key, close together in time, fold into this entry; null never folds. */
  mergeKey: string | null;
  /** When the entry was last extended (ms). */
  at: number;
}

export interface History<T> {
  past: readonly HistoryEntry<T>[];
  /** Values to redo, the next one last. */
  future: readonly T[];
}

export interface RecordOptions {
  mergeKey?: string | null;
  now: number;
  /** Most entries kept; the oldest fall off. */
  limit?: number;
  /** How long after the previous edit a same-key edit still folds into it (ms). */
  mergeWindowMs?: number;
}

export const historyLimit = 200;
export const mergeWindowMs = 800;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [] };
}

/** Records that the value was `before` until now; clears the redo stack. */
export function recordChange<T>(history: History<T>, before: T, options: RecordOptions): History<T> {
  const mergeKey = options.mergeKey ?? null;
  const last = history.past.at(-1);
  if (
    mergeKey !== null &&
    last !== undefined &&
    last.mergeKey === mergeKey &&
    history.future.length === 0 &&
    options.now - last.at <= (options.mergeWindowMs ?? mergeWindowMs)
  ) {
    return { past: [...history.past.slice(0, -1), { ...last, at: options.now }], future: [] };
  }
  const past = [...history.past, { before, mergeKey, at: options.now }];
  const limit = options.limit ?? historyLimit;
  return { past: past.length > limit ? past.slice(past.length - limit) : past, future: [] };
}

/** Steps back: the value to restore and the history after it, or null when there is nothing to undo. */
export function undoChange<T>(history: History<T>, current: T): { value: T; history: History<T> } | null {
  const last = history.past.at(-1);
  if (last === undefined) return null;
  return {
    value: last.before,
    history: { past: sealLast(history.past.slice(0, -1)), future: [...history.future, current] },
  };
}

/** Steps forward again after an undo, or null when there is nothing to redo. */
export function redoChange<T>(history: History<T>, current: T): { value: T; history: History<T> } | null {
  const next = history.future.at(-1);
  if (next === undefined) return null;
  return {
    value: next,
    history: {
      past: [...history.past, { before: current, mergeKey: null, at: 0 }],
      future: history.future.slice(0, -1),
    },
  };
}

/** After an undo, a new edit must not fold into the entry before it. */
function sealLast<T>(past: readonly HistoryEntry<T>[]): readonly HistoryEntry<T>[] {
  const last = past.at(-1);
  return last === undefined || last.mergeKey === null
    ? past
    : [...past.slice(0, -1), { ...last, mergeKey: null }];
}
