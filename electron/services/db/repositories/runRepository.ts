/** Runs and their step records: written as a run goes, listed with filters, never left "running". */
import type { Database } from '../database';
import { checkStillOpen } from '../slices';
import { AppError } from '../../../../shared/api/appError';
import { isListed, newestFirst } from '../../../../shared/domain/runListOrder';
import type { RunStatus, StepStatus } from '../../../../shared/domain/runStatus';
import type { TriggerKind } from '../../../../shared/domain/triggerKind';
import { asStorageError, storageError, storageFaultOf, type StorageFault } from '../storageFault';
import type { WriteBehind } from '../writeBehind';
import { createGroupMemberCounts } from './groupMemberCounts';
import { createRunListQuery, runColumns } from './runListQuery';
import {
  parseJsonColumn,
  stepColumns,
  stepListLimit,
  toRun,
  toStep,
  type RunRepository,
  type RunTableRow,
  type StepTableRow,
} from './runRecords';
import { pendingOf, pendingRow, prepareRunInsert, type NewRun, type PendingRun } from './pendingRun';
import { createInterruptedRuns } from './interruptedRuns';
import { createStepRecordWriter } from './stepRecordWriter';

// Re-exported for the engine, the services and tests that name them from here.
export type { RunStatus, StepStatus, TriggerKind };
export {
  interruptedStepError,
  interruptedWhileSendingError,
  maxStoredTriggerBodyChars,
  stepListLimit,
  type RunCursor,
  type RunFilter,
  type RunRepository,
  type RunRow,
  type StepRecord,
  type StepRef,
} from './runRecords';

/** After a run could not be recorded for a storage fault, new runs are refused at once this long. */
const createCoolDownMs = 1_000;

/**
 * With `writes`, runs, step records and status changes are written behind (see writeBehind.ts).
 * `owner` names this process in each run it creates (dataFolderProcesses.ts).
 */
export function createRunRepository(db: Database, writes?: WriteBehind, owner?: string): RunRepository {
  const later = (write: () => void) => (writes === undefined ? write() : writes.defer(write));
  const readNow = () => writes?.flush();
  const stepRecords = createStepRecordWriter(db, writes);
  const interrupted = createInterruptedRuns(db, readNow);
  const insertRun = prepareRunInsert(db, owner ?? null);
  /** Runs whose row is not yet committed, by id (a run's first batch usually holds its end too). */
  const unwrittenRuns = new Map<string, PendingRun>();
  /** Applies a status change to a run still waiting for its row; true when nothing else is needed. */
  const changeUnwritten = (id: string, change: Partial<PendingRun>) => {
    const pending = unwrittenRuns.get(id);
    if (pending === undefined) return false;
    Object.assign(pending, change);
    return !pending.isInserted;
  };
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
  const versionNumberOf = (versionId: string) => versionNumber.get(versionId)?.number ?? null;
  const setInputs = db.prepare<[string, string]>('UPDATE runs SET inputs = ? WHERE id = ?');
  const started = db.prepare<[string, string]>(
    "UPDATE runs SET status = 'running', started_at = ? WHERE id = ?",
  );
  const finished = db.prepare<[string, string, string | null, string | null, string]>(
    'UPDATE runs SET status = ?, finished_at = ?, error = ?, message = ? WHERE id = ?',
  );
  const get = db.prepare<[string], RunTableRow>(`SELECT ${runColumns} FROM runs WHERE id = ?`);
  const steps = db.prepare<[string, number], StepTableRow>(
    `SELECT ${stepColumns} FROM run_steps WHERE run_id = ? ORDER BY seq LIMIT ?`,
  );
  const oneStep = db.prepare<[string, number], StepTableRow>(
    `SELECT ${stepColumns} FROM run_steps WHERE run_id = ? AND seq = ?`,
  );
  const list = createRunListQuery<RunTableRow>(db);
  const countOf = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM runs WHERE runbook_id = ?');
  const memberCountsOfGroups = createGroupMemberCounts(db);
  const deleteStepsOf = db.prepare<[string, number]>(
    `DELETE FROM run_steps WHERE rowid IN (
       SELECT s.rowid FROM runs r JOIN run_steps s ON s.run_id = r.id WHERE r.runbook_id = ? LIMIT ?)`,
  );
  const deleteSomeOf = db.prepare<[string, number]>(
    `DELETE FROM runs WHERE id IN (
       SELECT id FROM runs WHERE runbook_id = ? ORDER BY queued_at LIMIT ?)`,
  );
  const latestOf = db.prepare<[string], RunTableRow>(
    `SELECT ${runColumns} FROM runs WHERE runbook_id = ? ORDER BY queued_at DESC, id DESC LIMIT 1`,
  );
  const discardStep = db.prepare<[string, number]>('DELETE FROM run_steps WHERE run_id = ? AND seq = ?');
  const stepsMarkedSending = db.prepare<[string], { seq: number; step_id: string }>(
    'SELECT seq, step_id FROM run_steps WHERE run_id = ? AND may_have_been_sent = 1 ORDER BY seq',
  );
  let refusedFault: StorageFault = 'busy';
  let refusedUntil = 0;
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
    startStep: stepRecords.startStep,
    setStepWait: stepRecords.setStepWait,
    finishStep: stepRecords.finishStep,
    commitStepStart: stepRecords.commitStepStart,
    keepCallWithStep: stepRecords.keepCallWithStep,
    takeUnfinishedCalls: stepRecords.takeUnfinishedCalls,
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
      stepRecords.forgetOpen(runId, seq);
      readNow();
      discardStep.run(runId, seq);
    },
    triggerBody: (id) => {
      readNow();
      const row = triggerBody.get(id);
      return parseJsonColumn(
        row === undefined ? (unwrittenRuns.get(id)?.triggerBody ?? null) : row.trigger_body,
      );
    },
    versionNumber: versionNumberOf,
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
      return pending === undefined ? undefined : { ...pendingRow(pending, versionNumberOf), steps: [] };
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
      const kept = [...unwrittenRuns.values()]
        .map((pending) => pendingRow(pending, versionNumberOf))
        .filter((run) => isListed(filter, run));
      return listed.concat(kept).sort(newestFirst).slice(0, filter.limit);
    },
    memberCountsOfGroups: (groupIds) => {
      readNow();
      // A group's runs are committed as they start (runRecorder), so none waits out a storage
      // fault unwritten; one that did would count as its row missing does, going, as it reads.
      return memberCountsOfGroups(groupIds);
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
    stepsMayHaveBeenSent: (runId) => {
      readNow();
      return stepsMarkedSending.all(runId).map((row) => ({ seq: row.seq, stepId: row.step_id }));
    },
    storageFault: () => writes?.fault(),
    ...interrupted,
  };
}
