/**
 * A run's step records as the engine reports them, written behind (see writeBehind.ts): a step
 * that finishes before its start is written goes in as one row, rows queued together go in by
 * one INSERT a chunk, a method step's call is kept in its record, and the start of a request that
 * may change another system is committed before it is sent.
 */
import { AppError } from '../../../../shared/api/appError';
import type { StepStatus } from '../../../../shared/domain/runStatus';
import { descriptorNamed } from '../../../../shared/runbook/steps/stepRegistry';
import type { Database } from '../database';
import { storageFaultOf } from '../storageFault';
import type { WriteBehind } from '../writeBehind';
import type { ApiCallRecord } from './apiCallRepository';
import type { RunRepository } from './runRecords';

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

/** Finished step records written by one INSERT at most (18 values each). */
const stepsPerInsert = 32;

export type StepRecordWriter = Pick<
  RunRepository,
  'startStep' | 'setStepWait' | 'finishStep' | 'commitStepStart' | 'keepCallWithStep' | 'takeUnfinishedCalls'
> & {
  /** The step's record is being discarded: it is no longer its run's open step. */
  forgetOpen(runId: string, seq: number): void;
};

export function createStepRecordWriter(db: Database, writes: WriteBehind | undefined): StepRecordWriter {
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
  // A step cancelled while its request was out (not one cancelled while its request still waited
  // for its first rate-limit place: nothing left), or whose request was cut off unanswered after it
  // was sent (a timeout, a connection lost: the last value, 1), has no answer to show it arrived
  // or not: it keeps its mark (so a re-run asks first). So does a Run runbook step whose child run
  // keeps a mark of its own (the child was cancelled by itself, or timed out, while its request
  // was out): the step ends failed, but its child's request may have reached the API. Any other
  // end clears it.
  const finishStep = db.prepare<[...FinishValues, 0 | 1, string, number]>(
    `UPDATE run_steps SET status = ?, request = ?, response = ?, outputs = ?,
       error = ?, finished_at = ?, duration_ms = ?, integration_id = ?, method_id = ?,
       call_attempts = ?, call_error = ?, call_duration_ms = ?, call_wait_ms = ?, rate_limit_wait = NULL,
       may_have_been_sent = CASE
         WHEN ? = 1 THEN may_have_been_sent
         WHEN may_have_been_sent = 1 AND EXISTS (
           SELECT 1 FROM runs AS child JOIN run_steps AS sent ON sent.run_id = child.id
           WHERE child.parent_run_id = run_steps.run_id AND child.parent_seq = run_steps.seq
             AND sent.may_have_been_sent = 1) THEN 1
         ELSE 0 END
     WHERE run_id = ? AND seq = ?`,
  );
  // Queued after the step's start (write-behind keeps the order); a step finished meanwhile keeps none.
  const setWait = db.prepare<[string | null, string, number]>(
    "UPDATE run_steps SET rate_limit_wait = ? WHERE run_id = ? AND seq = ? AND status = 'running'",
  );
  const markSending = db.prepare<[string, number]>(
    'UPDATE run_steps SET may_have_been_sent = 1 WHERE run_id = ? AND seq = ?',
  );
  const isMarkedSending = db.prepare<[string, number], { seq: number }>(
    'SELECT seq FROM run_steps WHERE run_id = ? AND seq = ? AND may_have_been_sent = 1',
  );
  return {
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
    setStepWait: (runId, seq, wait) => {
      const text = wait === null ? null : JSON.stringify(wait);
      later(() => setWait.run(text, runId, seq));
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
      else {
        const isCancelledWhileOut = step.status === 'cancelled' && step.isNeverSent !== true;
        const doesKeepMark = isCancelledWhileOut || step.isArrivalUnknown === true ? 1 : 0;
        later(() => finishStep.run(...values, doesKeepMark, runId, step.seq));
      }
      return (
        (values[1]?.length ?? 0) + (values[2]?.length ?? 0) + values[3].length + (values[4]?.length ?? 0)
      );
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
    keepCallWithStep: (call) => {
      const open = call.runId === null ? undefined : openSteps.get(call.runId);
      // Only a record that is its call (Execute method's) holds it: its request and response are the call's.
      if (
        open === undefined ||
        open.seq !== call.seq ||
        descriptorNamed(open.stepType)?.recordIsItsCall !== true ||
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
    forgetOpen: (runId, seq) => {
      if (openSteps.get(runId)?.seq === seq) openSteps.delete(runId);
    },
  };
}
