/**
 * What a run and its step records are, as the run repository gives them and as its tables hold
 * them, and the repository's interface (runRepository.ts implements it).
 */
import { rateLimitWaitNoteSchema, type RateLimitWaitNote } from '../../../../shared/domain/rateLimitWait';
import type { RunStatus, StepStatus } from '../../../../shared/domain/runStatus';
import type { TriggerKind } from '../../../../shared/domain/triggerKind';
import type { RunMode } from '../../../../shared/rehearsal/rehearsal';
import type { StorageFault } from '../storageFault';
import type { ApiCallRecord } from './apiCallRepository';
import type { GroupMemberCounts } from './groupMemberCounts';
import type { RunFilter } from './runListQuery';

/** A run keeps every step record; reading one run returns at most this many (a long For each). */
export const stepListLimit = 10_000;

export interface RunRow {
  id: string;
  runbookId: string;
  versionId: string | null;
  /** The number of the published version it ran; null for a run of the draft. */
  versionNumber: number | null;
  status: RunStatus;
  trigger: TriggerKind;
  clientName: string;
  inputs: Record<string, unknown>;
  error: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The run this one repeated, and the step it started from when it reused earlier outputs. */
  rerunOf: string | null;
  resumedFromStep: string | null;
  /** The message of the End step the run ended at (resolved, masked), or null: the run's result. */
  message: string | null;
  /** How it treated requests: sent (live), a dry run, or a test case's replay. */
  mode: RunMode;
  /** The run group it is one client's run of (run across clients), or null. */
  groupId: string | null;
}

/** A webhook payload is kept with its run up to this size (as JSON text). */
export const maxStoredTriggerBodyChars = 256 * 1024;

export interface StepRecord {
  seq: number;
  stepId: string;
  stepType: string;
  status: StepStatus;
  /** Already masked and bounded by the engine. */
  request: unknown;
  response: unknown;
  outputs: Record<string, unknown>;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /**
   * The run stopped (a crash, a kill) while this step's request — one that may change another
   * system — was being sent: it may have reached the API. Kept when the step ended cancelled or
   * with its request cut off unanswered (a timeout, a connection lost); false after any other end.
   */
  mayHaveBeenSent: boolean;
  /** While it runs, and its request (or its child run's) waits before it leaves: why. */
  rateLimitWait?: RateLimitWaitNote;
}

/** One step of one run. */
export interface StepRef {
  runId: string;
  seq: number;
}

/** What a step left running by a crash says, by whether its request may have gone out. */
export const interruptedStepError = 'interrupted';
export const interruptedWhileSendingError =
  'interrupted while its request was being sent: it may have reached the API. Check there before repeating it.';

export type { RunCursor, RunFilter } from './runListQuery';

export interface RunRepository {
  create(
    run: Omit<
      RunRow,
      | 'versionNumber'
      | 'status'
      | 'error'
      | 'startedAt'
      | 'finishedAt'
      | 'rerunOf'
      | 'resumedFromStep'
      | 'message'
      | 'mode'
      | 'groupId'
    > &
      Partial<Pick<RunRow, 'rerunOf' | 'resumedFromStep' | 'mode' | 'groupId'>> & {
        triggerBody?: unknown;
        /** The Run runbook step whose child the run is (migration 16). */
        parent?: StepRef | null;
      },
    /**
     * `isCommittedAtOnce`: the run's row is on disk when this returns (someone outside is told it
     * exists: a webhook's sender). Otherwise it is written behind with its first records — before
     * any request that may change another system — and lost with them if the process dies first.
     */
    options?: {
      isCommittedAtOnce?: boolean;
      /** A UUID just made for this run, which no other can have: not looked up. */
      isIdNew?: boolean;
    },
  ): void;
  /** The payload that started the run (webhook body), or null. */
  triggerBody(id: string): unknown;
  /** The number of a published version (what a run of it is listed with), or null when gone. */
  versionNumber(versionId: string): number | null;
  markStarted(id: string, startedAt: string): void;
  /** The inputs the run actually had once defaults and types applied (what a re-run repeats). */
  setInputs(id: string, inputs: Record<string, unknown>): void;
  markFinished(
    id: string,
    status: Exclude<RunStatus, 'queued' | 'running'>,
    finishedAt: string,
    error: string | null,
    /** The message of the End step it ended at, when it ended at one that has a message. */
    message?: string | null,
  ): void;
  /** The run with its first stepListLimit step records, in order. */
  get(id: string): (RunRow & { steps: StepRecord[] }) | undefined;
  /** One step record of a run, however many steps the run has. */
  step(runId: string, seq: number): StepRecord | undefined;
  list(filter: RunFilter): RunRow[];
  /**
   * The members of these run groups counted by the status of each client's latest attempt, by
   * group id: what the groups list shows, counted in the database for a page of groups at once
   * (a group of 1,000 clients is 1,000 members and more).
   */
  memberCountsOfGroups(groupIds: readonly string[]): Map<string, GroupMemberCounts>;
  /** How many runs of the runbook are kept. */
  countOf(runbookId: string): number;
  /**
   * Deletes up to `limit` step records of the runbook's runs (their calls stay in the call log);
   * how many it deleted. A runbook's runs go a slice at a time (see slices.ts): their step records
   * first, then the runs, so that no slice holds a run of 10,000 steps whole.
   */
  deleteStepsOf(runbookId: string, limit: number): number;
  /** Deletes up to `limit` runs of the runbook, oldest first, with what is left of their records. */
  deleteSomeOf(runbookId: string, limit: number): number;
  /** The newest run of the runbook, if it has run. */
  latestOf(runbookId: string): RunRow | undefined;
  startStep(runId: string, step: Pick<StepRecord, 'seq' | 'stepId' | 'stepType' | 'startedAt'>): void;
  /**
   * What the running step waits for before its request leaves (or its child run's), or that it no
   * longer waits (null): kept on its record, for `runs.get` and the other processes on the folder.
   * Only a step that waits writes it; its finish clears it.
   */
  setStepWait(runId: string, seq: number, wait: RateLimitWaitNote | null): void;
  /**
   * `isArrivalUnknown`: its request was cut off unanswered after it was sent; it keeps its mark.
   * `isNeverSent`: its request never left (cancelled while it waited for a rate-limit place); a
   * cancelled step drops its mark then.
   * Answers the characters the record keeps (request, response, outputs and error as stored).
   */
  finishStep(
    runId: string,
    step: Omit<StepRecord, 'stepId' | 'stepType' | 'startedAt' | 'mayHaveBeenSent'> & {
      isArrivalUnknown?: boolean;
      isNeverSent?: boolean;
    },
  ): number;
  /**
   * Before a request that may change another system is sent: the step's start record is marked
   * as possibly sent and committed (with everything queued before it), so a crash while it is
   * out cannot leave the request unrecorded. Rejects with a storage error when it cannot be.
   */
  commitStepStart(
    runId: string,
    seq: number,
    options?: {
      signal?: AbortSignal | undefined;
      /** The Run runbook steps that started this run, outermost first: marked as possibly sent too. */
      ancestors?: readonly StepRef[] | undefined;
    },
  ): Promise<void>;
  /** The steps of a run marked as possibly sent, however many steps the run has. */
  stepsMayHaveBeenSent(runId: string): { seq: number; stepId: string }[];
  /** The storage fault records are waiting out (a full disk, a lock), if any. */
  storageFault(): StorageFault | undefined;
  /**
   * At start-up: runs a crash or kill left queued or running become failed ("interrupted") —
   * but not those waiting for an approval, which the approvals service takes up again, unless
   * they are a Run runbook step's child: those end with their parent, naming it, their approval
   * settled as cancelled. With `owners`, only the runs of those processes (gone ones, while
   * another process has the data folder open and its runs go on).
   */
  markInterrupted(now: string, owners?: readonly string[]): number;
  /** The processes named as running the runs still queued or running (owner; none for older rows). */
  ownersOfGoingRuns(): string[];
  /** The runs still queued or running that these processes run (runs.owner). */
  goingRunsOf(owners: readonly string[]): string[];
  /**
   * Removes a step's record left running, so a run taken up again after a restart records that
   * step anew under the same number (a waiting approval step).
   */
  discardStep(runId: string, seq: number): void;
  /**
   * A call of the integration call log made by a run's method step: kept in that step's record,
   * written with it. False when that step is not its run's open method step (a call made by
   * another kind of step, or arriving after its step ended): the caller logs it on its own.
   */
  keepCallWithStep(call: ApiCallRecord): boolean;
  /**
   * The calls kept by steps that have not finished, taken back (the backend is closing: those
   * records will not be finished, so the calls go into the call log on their own).
   */
  takeUnfinishedCalls(): ApiCallRecord[];
}

export interface RunTableRow {
  id: string;
  runbook_id: string;
  version_id: string | null;
  version_number: number | null;
  status: RunStatus;
  trigger_kind: TriggerKind;
  client_name: string;
  inputs: string;
  error: string | null;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  rerun_of: string | null;
  resumed_from_step: string | null;
  message: string | null;
  mode: RunMode;
  /** 1 while a pending approval makes the running run wait. */
  is_waiting: 0 | 1;
  group_id: string | null;
}

export interface StepTableRow {
  seq: number;
  step_id: string;
  step_type: string;
  status: StepStatus;
  request: string | null;
  response: string | null;
  outputs: string;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  may_have_been_sent: 0 | 1;
  rate_limit_wait: string | null;
}

/** What a step record is read with (its call's columns are the call log's: see apiCallRepository). */
export const stepColumns =
  'seq, step_id, step_type, status, request, response, outputs, error, started_at, finished_at, duration_ms, may_have_been_sent, rate_limit_wait';

export const parseJsonColumn = (text: string | null): unknown =>
  text === null ? null : (JSON.parse(text) as unknown);

export const toRun = (row: RunTableRow): RunRow => ({
  id: row.id,
  runbookId: row.runbook_id,
  versionId: row.version_id,
  versionNumber: row.version_number,
  status: row.is_waiting === 1 && row.status === 'running' ? 'waiting' : row.status,
  trigger: row.trigger_kind,
  clientName: row.client_name,
  inputs: JSON.parse(row.inputs) as Record<string, unknown>,
  error: row.error,
  queuedAt: row.queued_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  rerunOf: row.rerun_of,
  resumedFromStep: row.resumed_from_step,
  message: row.message,
  mode: row.mode,
  groupId: row.group_id,
});

export const toStep = (row: StepTableRow): StepRecord => ({
  seq: row.seq,
  stepId: row.step_id,
  stepType: row.step_type,
  status: row.status,
  request: parseJsonColumn(row.request),
  response: parseJsonColumn(row.response),
  outputs: JSON.parse(row.outputs) as Record<string, unknown>,
  error: row.error,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  durationMs: row.duration_ms,
  mayHaveBeenSent: row.may_have_been_sent === 1,
  ...waitOfRow(row),
});

/**
 * A running step's wait as its row keeps it (migration 27). Left by a process killed meanwhile, it
 * is read only while the step runs; one that does not read as a wait is left out.
 */
function waitOfRow(row: StepTableRow): { rateLimitWait?: RateLimitWaitNote } {
  if (row.rate_limit_wait === null || row.status !== 'running') return {};
  const parsed = rateLimitWaitNoteSchema.safeParse(parseJsonColumn(row.rate_limit_wait));
  return parsed.success ? { rateLimitWait: parsed.data } : {};
}
