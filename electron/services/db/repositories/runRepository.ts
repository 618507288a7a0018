/** Runs and their step records: written as a run goes, listed with filters, never left "running". */
import type { Database } from '../database';
import { checkStillOpen } from '../slices';
import { AppError } from '../../../../shared/api/appError';
import { asStorageError, storageError, storageFaultOf, type StorageFault } from '../storageFault';
import type { WriteBehind } from '../writeBehind';
import type { ApiCallRecord } from './apiCallRepository';
import { isListed, newestFirst } from '../../../../shared/domain/runListOrder';
import { createRunListQuery, runColumns, type RunFilter } from './runListQuery';

import type { RunStatus, StepStatus } from '../../../../shared/domain/runStatus';
import type { TriggerKind } from '../../../../shared/domain/triggerKind';
import type { RunMode } from '../../../../shared/rehearsal/rehearsal';

// Re-exported for the engine and tests that already name them from here.
export type { RunStatus, StepStatus, TriggerKind };

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
   * system — was being sent: it may have reached the API. False once the step finished.
   */
  mayHaveBeenSent: boolean;
}

/** After a run could not be recorded for a storage fault, new runs are refused at once this long. */
const createCoolDownMs = 1_000;

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
      Partial<Pick<RunRow, 'rerunOf' | 'resumedFromStep' | 'mode' | 'groupId'>> & { triggerBody?: unknown },
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
  finishStep(
    runId: string,
    step: Omit<StepRecord, 'stepId' | 'stepType' | 'startedAt' | 'mayHaveBeenSent'>,
  ): void;
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
   * but not those waiting for an approval, which the approvals service takes up again.
   */
  markInterrupted(now: string): number;
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

interface Row {
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

interface StepRow {
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
}

/** What a step record is read with (its call's columns are the call log's: see apiCallRepository). */
const stepColumns =
  'seq, step_id, step_type, status, request, response, outputs, error, started_at, finished_at, duration_ms, may_have_been_sent';

const parse = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

const toRun = (row: Row): RunRow => ({
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

const toStep = (row: StepRow): StepRecord => ({
  seq: row.seq,
  stepId: row.step_id,
  stepType: row.step_type,
  status: row.status,
  request: parse(row.request),
  response: parse(row.response),
  outputs: JSON.parse(row.outputs) as Record<string, unknown>,
  error: row.error,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  durationMs: row.duration_ms,
  mayHaveBeenSent: row.may_have_been_sent === 1,
});

/**
 * A step's finish, serialised: status, request, response, outputs, error, finished at, duration;
 * then the call it made, if any (migration 13): integration, method, attempts, error, duration
 * and rate-limit wait.
 */
type FinishValues = [
  StepStatus,
  string | null,
  string | null,
  string,
  string | null,
  string | null,
  number | null,
  string | null,
  string | null,
  number | null,
  string | null,
  number | null,
  number | null,
];

interface PendingStep {
  runId: string;
  seq: number;
  stepId: string;
  stepType: string;
  startedAt: string;
  mayHaveBeenSent: 0 | 1;
  finish: FinishValues | undefined;
  /** The call its request made, which its record keeps (see keepCallWithStep). */
  call: ApiCallRecord | undefined;
}

type NewRun = Parameters<RunRepository['create']>[0];

/**
 * A run whose row is not on disk yet: what it is now, so that its status changes go into its one
 * insert while it waits, and so that it can be read meanwhile (a storage fault may keep it).
 */
interface PendingRun {
  run: NewRun;
  inputs: string;
  triggerBody: string | null;
  status: RunStatus;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  message: string | null;
  /** Its insert has run in a batch: later changes go as updates after it, in order. */
  isInserted: boolean;
}

/** With `writes`, runs, step records and status changes are written behind (see writeBehind.ts). */
/** Finished step records written by one INSERT at most (18 values each). */
const stepsPerInsert = 32;

export function createRunRepository(db: Database, writes?: WriteBehind): RunRepository {
  const later = (write: () => void) => (writes === undefined ? write() : writes.defer(write));
  /**
   * Each run's latest step start not yet written, by run id. A run's steps run one after another,
   * so the step finishing (or sending) is always its run's latest; no key per step is built.
   */
  const unwrittenStarts = new Map<string, PendingStep>();
  /** Each going run's step now, by run id (its steps run one after another), written or not. */
  const openSteps = new Map<string, PendingStep>();
  const unwrittenStartOf = (runId: string, seq: number) => {
    const entry = unwrittenStarts.get(runId);
    return entry?.seq === seq ? entry : undefined;
  };
  /** The entry's row is written: a finish that comes later updates it. */
  const forgetStart = (entry: PendingStep) => {
    if (unwrittenStarts.get(entry.runId) === entry) unwrittenStarts.delete(entry.runId);
  };
  const writeStep = (entry: PendingStep) => {
    forgetStart(entry);
    const { runId, seq, stepId, stepType, startedAt, finish } = entry;
    if (finish === undefined) startStep.run(runId, seq, stepId, stepType, startedAt, entry.mayHaveBeenSent);
    else insertFinishedStep.run(runId, seq, stepId, stepType, startedAt, ...finish);
  };
  /**
   * Step records queued one after another, written together: the finished ones by one INSERT of
   * many rows a chunk (a statement a row cost more than the row). A chunk refused for a reason of
   * its own (a row whose run was deleted meanwhile) is written again a row at a time, so that only
   * that row is dropped, as when each row was a write of its own; a storage fault is the batch's.
   */
  const writeSteps = (entries: PendingStep[]) => {
    let refused: Error | undefined;
    let refusedCount = 0;
    /** Runs one write; a refusal of its own is kept for the end, a storage fault ends the batch. */
    const attempt = (write: () => void) => {
      try {
        write();
        return true;
      } catch (error) {
        if (storageFaultOf(error) !== undefined) throw error;
        refused ??= error as Error;
        refusedCount += 1;
        return false;
      }
    };
    const finished: PendingStep[] = [];
    for (const entry of entries) {
      if (entry.finish === undefined) attempt(() => writeStep(entry));
      else finished.push(entry);
    }
    for (let from = 0; from < finished.length; from += stepsPerInsert) {
      const chunk = finished.slice(from, from + stepsPerInsert);
      if (chunk.length > 1) {
        const values: unknown[] = [];
        for (const { runId, seq, stepId, stepType, startedAt, finish } of chunk)
          values.push(runId, seq, stepId, stepType, startedAt, ...(finish as FinishValues));
        const statement = insertFinishedSteps(chunk.length);
        try {
          statement.run(values);
          chunk.forEach(forgetStart);
          continue;
        } catch (error) {
          if (storageFaultOf(error) !== undefined) throw error;
          // The statement is undone whole: its rows go again one by one below.
        }
      }
      for (const entry of chunk) attempt(() => writeStep(entry));
    }
    // Told once the others are written (the write-behind logs it and goes on).
    if (refused !== undefined && refusedCount > 1)
      throw new Error(`${String(refusedCount)} step records were refused; the first: ${refused.message}`);
    if (refused !== undefined) throw refused;
  };
  const readNow = () => writes?.flush();
  /** Runs whose row is not yet committed, by id (a run's first batch usually holds its end too). */
  const unwrittenRuns = new Map<string, PendingRun>();
  /** Applies a status change to a run still waiting for its row; true when nothing else is needed. */
  const changeUnwritten = (id: string, change: Partial<PendingRun>) => {
    const pending = unwrittenRuns.get(id);
    if (pending === undefined) return false;
    Object.assign(pending, change);
    return !pending.isInserted;
  };
  /**
   * A run kept from the disk by a storage fault, as readers of the disk would see it once its row
   * is there: started or not, but not ended — its records are not written yet either, and a run
   * shown ended is one whose records are all there to read.
   */
  const pendingRow = (pending: PendingRun): RunRow => ({
    id: pending.run.id,
    runbookId: pending.run.runbookId,
    versionId: pending.run.versionId,
    versionNumber:
      pending.run.versionId === null ? null : (versionNumber.get(pending.run.versionId)?.number ?? null),
    status: pending.startedAt === null ? 'queued' : 'running',
    trigger: pending.run.trigger,
    clientName: pending.run.clientName,
    inputs: JSON.parse(pending.inputs) as Record<string, unknown>,
    error: null,
    queuedAt: pending.run.queuedAt,
    startedAt: pending.startedAt,
    finishedAt: null,
    rerunOf: pending.run.rerunOf ?? null,
    resumedFromStep: pending.run.resumedFromStep ?? null,
    message: null,
    mode: pending.run.mode ?? 'live',
    groupId: pending.run.groupId ?? null,
  });
  // Positional parameters, as for the step statements: one run starts per runbook run.
  const insert = db.prepare<
    [
      string,
      string,
      string | null,
      string,
      string,
      string,
      string,
      string | null,
      string | null,
      string | null,
      string,
      string | null,
      RunStatus,
      string | null,
      string | null,
      string | null,
      string | null,
    ]
  >(
    `INSERT INTO runs (id, runbook_id, version_id, trigger_kind, client_name, inputs, queued_at,
       trigger_body, rerun_of, resumed_from_step, mode, group_id, status, started_at, finished_at, error, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const exists = db.prepare<[string], { found: 1 }>('SELECT 1 AS found FROM runs WHERE id = ?');
  // Taking the write lock and letting it go at once: a run is refused while another program holds
  // it, as when its row was written at once (its records would only wait in memory).
  const takeLock = db.prepare('BEGIN IMMEDIATE');
  const letGo = db.prepare('ROLLBACK');
  const triggerBody = db.prepare<[string], { trigger_body: string | null }>(
    'SELECT trigger_body FROM runs WHERE id = ?',
  );
  const versionNumber = db.prepare<[string], { number: number }>(
    'SELECT number FROM runbook_versions WHERE id = ?',
  );
  const setInputs = db.prepare<[string, string]>('UPDATE runs SET inputs = ? WHERE id = ?');
  const started = db.prepare<[string, string]>(
    "UPDATE runs SET status = 'running', started_at = ? WHERE id = ?",
  );
  const finished = db.prepare<[string, string, string | null, string | null, string]>(
    'UPDATE runs SET status = ?, finished_at = ?, error = ?, message = ? WHERE id = ?',
  );
  const get = db.prepare<[string], Row>(`SELECT ${runColumns} FROM runs WHERE id = ?`);
  const steps = db.prepare<[string, number], StepRow>(
    `SELECT ${stepColumns} FROM run_steps WHERE run_id = ? ORDER BY seq LIMIT ?`,
  );
  const oneStep = db.prepare<[string, number], StepRow>(
    `SELECT ${stepColumns} FROM run_steps WHERE run_id = ? AND seq = ?`,
  );
  const list = createRunListQuery<Row>(db);
  const countOf = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM runs WHERE runbook_id = ?');
  const deleteStepsOf = db.prepare<[string, number]>(
    `DELETE FROM run_steps WHERE rowid IN (
       SELECT s.rowid FROM runs r JOIN run_steps s ON s.run_id = r.id WHERE r.runbook_id = ? LIMIT ?)`,
  );
  const deleteSomeOf = db.prepare<[string, number]>(
    `DELETE FROM runs WHERE id IN (
       SELECT id FROM runs WHERE runbook_id = ? ORDER BY queued_at LIMIT ?)`,
  );
  const latestOf = db.prepare<[string], Row>(
    `SELECT ${runColumns} FROM runs WHERE runbook_id = ? ORDER BY queued_at DESC, id DESC LIMIT 1`,
  );
  // The step statements run for every step: positional parameters, since binding by name looks
  // each one up in an object.
  const startStep = db.prepare<[string, number, string, string, string, 0 | 1]>(
    `INSERT INTO run_steps (run_id, seq, step_id, step_type, status, started_at, may_have_been_sent)
     VALUES (?, ?, ?, ?, 'running', ?, ?)`,
  );
  const finishedStepColumns = `run_id, seq, step_id, step_type, started_at, status, request, response,
       outputs, error, finished_at, duration_ms, integration_id, method_id, call_attempts, call_error,
       call_duration_ms, call_wait_ms`;
  const finishedStepRow = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
  const insertFinishedStep = db.prepare<[string, number, string, string, string, ...FinishValues]>(
    `INSERT INTO run_steps (${finishedStepColumns}) VALUES ${finishedStepRow}`,
  );
  /** INSERTs of 2 to `stepsPerInsert` finished steps, by row count, prepared when first needed. */
  const insertsOfSteps = new Map<number, ReturnType<typeof db.prepare<unknown[]>>>();
  const insertFinishedSteps = (count: number) => {
    let statement = insertsOfSteps.get(count);
    if (statement === undefined) {
      statement = db.prepare<unknown[]>(
        `INSERT INTO run_steps (${finishedStepColumns}) VALUES ${Array(count).fill(finishedStepRow).join(', ')}`,
      );
      insertsOfSteps.set(count, statement);
    }
    return statement;
  };
  const finishStep = db.prepare<[...FinishValues, string, number]>(
    `UPDATE run_steps SET status = ?, request = ?, response = ?, outputs = ?,
       error = ?, finished_at = ?, duration_ms = ?, integration_id = ?, method_id = ?,
       call_attempts = ?, call_error = ?, call_duration_ms = ?, call_wait_ms = ?, may_have_been_sent = 0
     WHERE run_id = ? AND seq = ?`,
  );
  const interruptSteps = db.prepare<[string, string, string]>(
    `UPDATE run_steps
     SET status = 'failed', finished_at = ?,
       error = CASE may_have_been_sent WHEN 1 THEN ? ELSE ? END
     WHERE status = 'running' AND NOT EXISTS (
       SELECT 1 FROM approvals WHERE approvals.run_id = run_steps.run_id AND approvals.state = 'pending')`,
  );
  const interruptRuns = db.prepare<[string]>(
    `UPDATE runs SET status = 'failed', error = 'interrupted: the app stopped while this run was going', finished_at = ?
     WHERE status IN ('queued', 'running') AND NOT EXISTS (SELECT 1 FROM approvals WHERE approvals.run_id = runs.id AND approvals.state = 'pending')`,
  );
  const discardStep = db.prepare<[string, number]>('DELETE FROM run_steps WHERE run_id = ? AND seq = ?');
  const markSending = db.prepare<[string, number]>(
    'UPDATE run_steps SET may_have_been_sent = 1 WHERE run_id = ? AND seq = ?',
  );
  const isMarkedSending = db.prepare<[string, number], { seq: number }>(
    'SELECT seq FROM run_steps WHERE run_id = ? AND seq = ? AND may_have_been_sent = 1',
  );
  const stepsMarkedSending = db.prepare<[string], { seq: number; step_id: string }>(
    'SELECT seq, step_id FROM run_steps WHERE run_id = ? AND may_have_been_sent = 1 ORDER BY seq',
  );
  const markInterrupted = db.transaction((now: string) => {
    interruptSteps.run(now, interruptedWhileSendingError, interruptedStepError);
    return interruptRuns.run(now).changes;
  });
  let refusedFault: StorageFault = 'busy';
  let refusedUntil = 0;
  const pendingOf = (run: NewRun): PendingRun => {
    const body = run.triggerBody;
    const text = body === undefined || body === null ? null : JSON.stringify(body);
    return {
      run,
      inputs: JSON.stringify(run.inputs),
      // Too large to keep: recorded as such rather than cut into invalid JSON.
      triggerBody:
        text !== null && text.length > maxStoredTriggerBodyChars
          ? JSON.stringify({ isTooLargeToKeep: true, size: text.length })
          : text,
      status: 'queued',
      startedAt: null,
      finishedAt: null,
      error: null,
      message: null,
      isInserted: false,
    };
  };
  const insertRun = (pending: PendingRun) => {
    pending.isInserted = true;
    const { run } = pending;
    insert.run(
      run.id,
      run.runbookId,
      run.versionId,
      run.trigger,
      run.clientName,
      pending.inputs,
      run.queuedAt,
      pending.triggerBody,
      run.rerunOf ?? null,
      run.resumedFromStep ?? null,
      run.mode ?? 'live',
      run.groupId ?? null,
      pending.status,
      pending.startedAt,
      pending.finishedAt,
      pending.error,
      pending.message,
    );
  };
  /** Throws the storage error a write meets now (a lock another program holds), if any. */
  const checkWritable = () => {
    if (db.inTransaction) return;
    takeLock.run();
    letGo.run();
  };
  const createRun = (run: NewRun, isCommittedAtOnce: boolean, isIdNew: boolean) => {
    if (unwrittenRuns.has(run.id))
      throw new AppError('conflict', 'A run with this id already exists; give a new id.', 'runId');
    const pending = pendingOf(run);
    if (writes === undefined || isCommittedAtOnce) {
      insertRun(pending);
      return;
    }
    if (!isIdNew && exists.get(run.id) !== undefined)
      throw new AppError('conflict', 'A run with this id already exists; give a new id.', 'runId');
    checkWritable();
    unwrittenRuns.set(run.id, pending);
    writes.defer(
      () => insertRun(pending),
      () => {
        if (unwrittenRuns.get(run.id) === pending) unwrittenRuns.delete(run.id);
      },
    );
  };
  return {
    create: (run, options) => {
      // While records wait out a fault, or just after a run could not be recorded, a new run
      // would only block on it (100 ms a try, each delivery of a webhook burst): refused at once.
      const fault = writes?.fault() ?? (Date.now() < refusedUntil ? refusedFault : undefined);
      if (fault !== undefined) throw storageError(fault, 'The run');
      try {
        createRun(run, options?.isCommittedAtOnce === true, options?.isIdNew === true);
      } catch (error) {
        if (error instanceof AppError) throw error;
        if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
          throw new AppError('conflict', 'A run with this id already exists; give a new id.', 'runId');
        const found = storageFaultOf(error);
        if (found !== undefined) {
          refusedFault = found;
          refusedUntil = Date.now() + createCoolDownMs;
        }
        // A run that cannot be recorded does not start; the caller says why (disk full, locked).
        throw asStorageError(error, 'The run');
      }
    },
    discardStep: (runId, seq) => {
      if (openSteps.get(runId)?.seq === seq) openSteps.delete(runId);
      readNow();
      discardStep.run(runId, seq);
    },
    triggerBody: (id) => {
      readNow();
      const row = triggerBody.get(id);
      return parse(row === undefined ? (unwrittenRuns.get(id)?.triggerBody ?? null) : row.trigger_body);
    },
    versionNumber: (versionId) => versionNumber.get(versionId)?.number ?? null,
    markStarted: (id, startedAt) => {
      if (!changeUnwritten(id, { status: 'running', startedAt })) later(() => started.run(startedAt, id));
    },
    setInputs: (id, inputs) => {
      const text = JSON.stringify(inputs);
      if (!changeUnwritten(id, { inputs: text })) later(() => setInputs.run(text, id));
    },
    markFinished: (id, status, finishedAt, error, message = null) => {
      if (!changeUnwritten(id, { status, finishedAt, error, message }))
        later(() => finished.run(status, finishedAt, error, message, id));
    },
    get: (id) => {
      readNow();
      const row = get.get(id);
      // Added to the run made here, not spread into a new one: spreading 17 fields costs microseconds.
      if (row !== undefined)
        return Object.assign(toRun(row), { steps: steps.all(id, stepListLimit).map(toStep) });
      // Kept from the disk by a storage fault: the run as it is now, its records still waiting.
      const pending = unwrittenRuns.get(id);
      return pending === undefined ? undefined : { ...pendingRow(pending), steps: [] };
    },
    step: (runId, seq) => {
      readNow();
      const row = oneStep.get(runId, seq);
      return row === undefined ? undefined : toStep(row);
    },
    list: (filter) => {
      readNow();
      const listed = list(filter).map(toRun);
      if (unwrittenRuns.size === 0) return listed;
      // Runs a storage fault keeps from the disk are listed too, where they would stand.
      const kept = [...unwrittenRuns.values()].map(pendingRow).filter((run) => isListed(filter, run));
      return listed.concat(kept).sort(newestFirst).slice(0, filter.limit);
    },
    countOf: (runbookId) => {
      readNow();
      return countOf.get(runbookId)?.n ?? 0;
    },
    deleteStepsOf: (runbookId, limit) => {
      checkStillOpen(db);
      readNow();
      return deleteStepsOf.run(runbookId, limit).changes;
    },
    deleteSomeOf: (runbookId, limit) => {
      checkStillOpen(db);
      readNow();
      return deleteSomeOf.run(runbookId, limit).changes;
    },
    latestOf: (runbookId) => {
      readNow();
      const row = latestOf.get(runbookId);
      return row === undefined ? undefined : toRun(row);
    },
    startStep: (runId, step) => {
      // A step that finishes before its start is written goes in as one row, not insert + update.
      const entry: PendingStep = {
        runId,
        seq: step.seq,
        stepId: step.stepId,
        stepType: step.stepType,
        startedAt: step.startedAt,
        mayHaveBeenSent: 0,
        finish: undefined,
        call: undefined,
      };
      unwrittenStarts.set(runId, entry);
      openSteps.set(runId, entry);
      if (writes === undefined) writeStep(entry);
      else writes.deferTogether(writeSteps, entry);
    },
    finishStep: (runId, step) => {
      const open = openSteps.get(runId);
      let call: ApiCallRecord | undefined;
      if (open?.seq === step.seq) {
        call = open.call;
        openSteps.delete(runId);
      }
      // Serialised now: the engine may change its objects after this call returns.
      const values: FinishValues = [
        step.status,
        step.request === undefined ? null : JSON.stringify(step.request),
        step.response === undefined ? null : JSON.stringify(step.response),
        JSON.stringify(step.outputs),
        step.error,
        step.finishedAt,
        step.durationMs,
        call === undefined ? null : call.integrationId,
        call === undefined ? null : call.methodId,
        call === undefined ? null : call.attempts,
        call === undefined ? null : call.error,
        call === undefined ? null : Math.round(call.durationMs),
        call === undefined ? null : Math.round(call.rateLimitWaitMs ?? 0),
      ];
      const unwritten = unwrittenStartOf(runId, step.seq);
      if (unwritten !== undefined) unwritten.finish = values;
      else later(() => finishStep.run(...values, runId, step.seq));
    },
    commitStepStart: async (runId, seq, { signal, ancestors = [] } = {}) => {
      for (const step of [...ancestors, { runId, seq }]) {
        const entry = unwrittenStartOf(step.runId, step.seq);
        if (entry !== undefined) entry.mayHaveBeenSent = 1;
        else later(() => markSending.run(step.runId, step.seq));
      }
      if (writes !== undefined) await writes.commit(signal === undefined ? {} : { signal });
      // A write dropped for a reason of its own (not a fault) must not let the request go out.
      if (isMarkedSending.get(runId, seq) === undefined)
        throw new AppError(
          'storage_failing',
          'The step record could not be saved, so its request was not sent; see the log.',
        );
    },
    stepsMayHaveBeenSent: (runId) => {
      readNow();
      return stepsMarkedSending.all(runId).map((row) => ({ seq: row.seq, stepId: row.step_id }));
    },
    storageFault: () => writes?.fault(),
    keepCallWithStep: (call) => {
      const open = call.runId === null ? undefined : openSteps.get(call.runId);
      // Only a method step's record holds its call: its request and response are the call's.
      if (
        open === undefined ||
        open.seq !== call.seq ||
        open.stepType !== 'method' ||
        open.call !== undefined
      )
        return false;
      open.call = call;
      return true;
    },
    takeUnfinishedCalls: () => {
      const calls: ApiCallRecord[] = [];
      for (const open of openSteps.values()) if (open.call !== undefined) calls.push(open.call);
      openSteps.clear();
      return calls;
    },
    markInterrupted: (now) => {
      readNow();
      return markInterrupted(now);
    },
  };
}
