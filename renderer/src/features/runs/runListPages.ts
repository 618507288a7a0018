/**
 * The runs list a page at a time, kept current by run events. `runs.list` pages with a cursor
 * (the last run of the page before), newest first; the list holds the pages read so far. A run
 * event changes the run in the page whose range holds it, or adds a new run there (nearly always
 * the top of the first page). Pages are never cut to their size: the cursors of the pages after
 * them stay where they were read.
 */
import type { InfiniteData } from '@tanstack/react-query';
import type { ApiEventMessage, CallInput } from '../../../../shared/api/contract';
import { isAfter, isListed } from '../../../../shared/domain/runListOrder';
import { withListedRun, type RunSummary } from './runEvents';

export type RunEvent = Extract<
  ApiEventMessage,
  { name: 'runs.changed' | 'runs.stepChanged' | 'runs.stepWaiting' | 'runs.debugChanged' }
>;
export type RunsListInput = CallInput<'runs.list'>;
/** Where a page starts: after this run, in the list's order. */
export type RunCursor = NonNullable<RunsListInput['after']>;
/** The pages read so far, each with the cursor it was read after (undefined for the first). */
export type RunPages = InfiniteData<RunSummary[], RunCursor | undefined>;

/** `runs.list` answers at most this many runs when the input names no limit. */
export const defaultListLimit = 100;

/** The list read with `input`, with the run events applied (cut to the input's limit). */
export function withListEvents(
  runs: RunSummary[],
  input: RunsListInput,
  events: readonly RunEvent[],
  limit = input.limit ?? defaultListLimit,
): RunSummary[] {
  return events.reduce(
    (current, message) =>
      message.name === 'runs.changed'
        ? withListedRun(current, message.payload.run, (run) => isListed(input, run), limit)
        : current,
    runs,
  );
}

/**
 * The pages with the run events applied. Page i holds the runs after its own cursor and up to
 * (with) the cursor of page i + 1; the last page, everything after its cursor.
 */
export function withPagedListEvents(
  data: RunPages,
  input: RunsListInput,
  events: readonly RunEvent[],
): RunPages {
  const pages = data.pages.map((page, index) => {
    const after = data.pageParams[index];
    const nextPageAfter = data.pageParams[index + 1];
    const pageInput: RunsListInput = { ...input, after };
    const belongs = (run: RunSummary) =>
      isListed(pageInput, run) && (nextPageAfter === undefined || !isAfter(run, nextPageAfter));
    return events.reduce(
      (current, message) =>
        message.name === 'runs.changed'
          ? withListedRun(current, message.payload.run, belongs, Number.POSITIVE_INFINITY)
          : current,
      page,
    );
  });
  return pages.every((page, index) => page === data.pages[index]) ? data : { ...data, pages };
}

/** The cursor of the page after `lastPage`, or undefined when it was the last (a short page). */
export function nextPageCursor(lastPage: readonly RunSummary[], pageSize: number): RunCursor | undefined {
  const last = lastPage.at(-1);
  return lastPage.length < pageSize || last === undefined
    ? undefined
    : { queuedAt: last.queuedAt, id: last.id };
}

/** Whether a cached runs list holds pages (the runs list) rather than one answer. */
export function isRunPages(data: unknown): data is RunPages {
  return typeof data === 'object' && data !== null && Array.isArray((data as Partial<RunPages>).pages);
}

/** The version a listed run ran, as its column shows it: `v3`, `draft`, or a dash once gone. */
export function versionLabelOf(run: Pick<RunSummary, 'versionId' | 'versionNumber'>): string {
  if (run.versionId === null) return 'draft';
  return run.versionNumber === null ? '—' : `v${String(run.versionNumber)}`;
}
