/**
 * Applying run events to what a page shows, instead of reading the run again: a run event
 * carries the run as it now is, a step event the step's record summary. A page reads once, after
 * it has subscribed; events that came meanwhile may be older than what it read, so a change
 * never goes backwards (a finished run or step stays finished).
 */
import type { CallOutput, EventPayload } from '../../../../shared/api/contract';
import type { StepRehearsal } from '../../../../shared/rehearsal/rehearsal';

export type RunSummary = CallOutput<'runs.list'>[number];
type RunDetail = CallOutput<'runs.get'>;
type StepRecord = RunDetail['steps'][number];
type StepSummary = EventPayload<'runs.stepChanged'>['step'];

/** A step record as a page holds it: whole (request and response read), or its event's summary. */
export type ShownRecord = Omit<StepRecord, 'request' | 'response'> & {
  request?: unknown;
  response?: unknown;
  /** False: runs.step gives what the summary left out. */
  isComplete: boolean;
  /** An event's summary says here that the request was not sent (a whole record, in `response`). */
  rehearsal?: StepRehearsal;
};

export type ShownRun = Omit<RunDetail, 'steps'> & { steps: ShownRecord[] };

/** runs.get gives at most this many step records; a page keeps no more either. */
export const maxShownRecords = 10_000;

const runRank: Readonly<Record<RunSummary['status'], number>> = {
  queued: 0,
  running: 1,
  // A run goes back and forth between running and waiting: neither is older than the other.
  waiting: 1,
  succeeded: 2,
  failed: 2,
  cancelled: 2,
};

/** Whether `next` may replace `current`: not when it would take the run back (queued after running). */
export function isNewerRun(current: Pick<RunSummary, 'status'>, next: Pick<RunSummary, 'status'>): boolean {
  return runRank[next.status] >= runRank[current.status];
}

/** The run as read by runs.get, every record whole. */
export function shownRunOf(run: RunDetail): ShownRun {
  return { ...run, steps: run.steps.map((record) => ({ ...record, isComplete: true })) };
}

/** A page's run with a run event applied (its steps and payload kept; a pause ends with the run). */
export function withRunChange(run: ShownRun, next: RunSummary): ShownRun {
  if (next.id !== run.id || !isNewerRun(run, next)) return run;
  return { ...run, ...next, pause: next.status === 'running' ? run.pause : null };
}

/** A page's run with its debug pause (or its going on) applied, while it runs. */
export function withPauseChange(run: ShownRun, runId: string, pause: ShownRun['pause']): ShownRun {
  return runId === run.id && run.status === 'running' && run.pause?.pausedAt !== pause?.pausedAt
    ? { ...run, pause }
    : run;
}

/** The records with a step event applied, in order of `seq`. */
export function withStepChange(records: ShownRecord[], step: StepSummary): ShownRecord[] {
  const last = records.at(-1);
  if (last === undefined || step.seq > last.seq)
    return records.length >= maxShownRecords ? records : [...records, step];
  // Recent steps sit at the end: look from there.
  let at = records.length - 1;
  while (at >= 0 && (records[at]?.seq ?? 0) > step.seq) at -= 1;
  const existing = records[at];
  if (existing?.seq === step.seq) {
    // A finished record never changes again: what the page holds is as new, and maybe whole.
    if (existing.status !== 'running') return records;
    return records.map((record, index) => (index === at ? step : record));
  }
  return [...records.slice(0, at + 1), step, ...records.slice(at + 1)];
}

/**
 * The records with a step's wait applied: what its request waits for before it leaves, or that
 * it no longer waits (null). Only a running step waits: a finished one stays as it is.
 */
export function withStepWait(
  records: ShownRecord[],
  seq: number,
  wait: ShownRecord['rateLimitWait'] | null,
): ShownRecord[] {
  let at = records.length - 1;
  while (at >= 0 && (records[at]?.seq ?? 0) > seq) at -= 1;
  const existing = records[at];
  if (existing?.seq !== seq || existing.status !== 'running') return records;
  if (wait === null && existing.rateLimitWait === undefined) return records;
  const { rateLimitWait: _told, ...rest } = existing;
  const changed: ShownRecord = wait === null ? rest : { ...rest, rateLimitWait: wait };
  return records.map((record, index) => (index === at ? changed : record));
}

/** A whole record read with runs.step, in place of its summary. */
export function withWholeRecord(records: ShownRecord[], record: StepRecord): ShownRecord[] {
  return records.map((candidate) =>
    // Read while it ran, it may come after the event that finished it: that one stays.
    candidate.seq === record.seq && !(record.status === 'running' && candidate.status !== 'running')
      ? wholeKeepingWait(record, candidate)
      : candidate,
  );
}

/** A whole record in place of its summary; a running step's wait (told by events only) stays. */
function wholeKeepingWait(record: StepRecord, summary: ShownRecord): ShownRecord {
  const wait = record.status === 'running' ? summary.rateLimitWait : undefined;
  return wait === undefined
    ? { ...record, isComplete: true }
    : { ...record, isComplete: true, rateLimitWait: wait };
}

/** The list with a run event applied: the run changed, added (when it matches), or dropped. */
export function withListedRun(
  runs: RunSummary[],
  next: RunSummary,
  matches: (run: RunSummary) => boolean,
  limit: number,
): RunSummary[] {
  const at = runs.findIndex((run) => run.id === next.id);
  const existing = runs[at];
  if (existing !== undefined && !isNewerRun(existing, next)) return runs;
  const without = at < 0 ? runs : runs.filter((run) => run.id !== next.id);
  if (!matches(next)) return without;
  // Newest first: a new run goes where its queue time puts it (nearly always the top).
  const position = without.findIndex((run) => run.queuedAt < next.queuedAt);
  const placed =
    position < 0 ? [...without, next] : [...without.slice(0, position), next, ...without.slice(position)];
  return placed.slice(0, limit);
}
