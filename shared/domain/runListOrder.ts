/**
 * The runs list's order and membership as its query has them (newest first; filters by runbook,
 * status, trigger, run group and time; pages after a cursor), for the runs the query cannot see:
 * the window's list applying run events, and runs a storage fault keeps from the disk.
 */

/** Where a page starts: after this run, in the list's order. */
export interface RunListCursor {
  queuedAt: string;
  id: string;
}

/** What of a run the list's filters and order read. */
export interface ListedRun {
  id: string;
  runbookId: string;
  status: string;
  trigger: string;
  groupId: string | null;
  queuedAt: string;
}

/** A filter of the runs list (`runs.list`'s input, its limit aside). */
export interface RunListFilter {
  runbookId?: string | undefined;
  status?: string | undefined;
  trigger?: string | undefined;
  groupId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  after?: RunListCursor | undefined;
}

/** Whether a run comes after the cursor in the list's order (queued earlier, or at once with a lower id). */
export function isAfter(run: Pick<ListedRun, 'queuedAt' | 'id'>, cursor: RunListCursor): boolean {
  return run.queuedAt < cursor.queuedAt || (run.queuedAt === cursor.queuedAt && run.id < cursor.id);
}

/** Whether a run belongs in the list (or page) read with this filter. */
export function isListed(filter: RunListFilter, run: ListedRun): boolean {
  return (
    (filter.status === undefined || run.status === filter.status) &&
    (filter.trigger === undefined || run.trigger === filter.trigger) &&
    (filter.runbookId === undefined || run.runbookId === filter.runbookId) &&
    (filter.groupId === undefined || run.groupId === filter.groupId) &&
    (filter.from === undefined || run.queuedAt >= filter.from) &&
    (filter.to === undefined || run.queuedAt <= filter.to) &&
    (filter.after === undefined || isAfter(run, filter.after))
  );
}

/** The list's order: newest first, then the higher id (text compared as bytes, as SQLite does). */
export function newestFirst(
  a: Pick<ListedRun, 'queuedAt' | 'id'>,
  b: Pick<ListedRun, 'queuedAt' | 'id'>,
): number {
  if (a.queuedAt !== b.queuedAt) return a.queuedAt < b.queuedAt ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}
