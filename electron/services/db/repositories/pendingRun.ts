/**
 * A run's row before it is on disk (written behind with its first records): what it is now, how
 * it reads meanwhile, and the one INSERT that writes it.
 */
import type { RunStatus } from '../../../../shared/domain/runStatus';
import type { Database } from '../database';
import { maxStoredTriggerBodyChars, type RunRepository, type RunRow } from './runRecords';

export type NewRun = Parameters<RunRepository['create']>[0];

/**
 * A run whose row is not on disk yet: what it is now, so that its status changes go into its one
 * insert while it waits, and so that it can be read meanwhile (a storage fault may keep it).
 */
export interface PendingRun {
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

export const pendingOf = (run: NewRun): PendingRun => {
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

/**
 * A run kept from the disk by a storage fault, as readers of the disk would see it once its row
 * is there: started or not, but not ended — its records are not written yet either, and a run
 * shown ended is one whose records are all there to read.
 */
export const pendingRow = (
  pending: PendingRun,
  versionNumberOf: (versionId: string) => number | null,
): RunRow => ({
  id: pending.run.id,
  runbookId: pending.run.runbookId,
  versionId: pending.run.versionId,
  versionNumber: pending.run.versionId === null ? null : versionNumberOf(pending.run.versionId),
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

/**
 * Writes a pending run's row as it is now; from then on its changes are updates. `owner` names
 * the process that runs it (its data folder process file), or null.
 */
export function prepareRunInsert(db: Database, owner: string | null = null): (pending: PendingRun) => void {
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
      string | null,
      number | null,
      string | null,
    ]
  >(
    `INSERT INTO runs (id, runbook_id, version_id, trigger_kind, client_name, inputs, queued_at,
       trigger_body, rerun_of, resumed_from_step, mode, group_id, status, started_at, finished_at, error, message,
       parent_run_id, parent_seq, owner)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (pending: PendingRun) => {
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
      run.parent?.runId ?? null,
      run.parent?.seq ?? null,
      owner,
    );
  };
}
