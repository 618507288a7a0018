/**
 * An approval is decided where its run can go on: in the process that waits on it
 * (approvals.owner, see dataFolderProcesses.ts), or in another with the same data folder open
 * while that one lives — the decision is written to the folder and the waiting process picks it
 * up (approvalService.ts). Once the process that waited has stopped, no process waits on it until
 * the next start takes the run up again: a decision made meanwhile would reach no run.
 */
import { AppError } from '../../../shared/api/appError';
import type { DataFolderProcess } from '../db/dataFolderProcesses';
import type { ApprovalRow } from '../db/repositories/approvalRepository';

/** Whether the approval can be decided from this process: a living process waits on it. */
export function isDecidableHere(
  row: Pick<ApprovalRow, 'owner'>,
  processes: Pick<DataFolderProcess, 'name' | 'isOpenBy'>,
): boolean {
  return row.owner === processes.name || (row.owner !== null && processes.isOpenBy(row.owner));
}

/** Refuses, saying when it can be decided, an approval whose process has stopped. */
export function assertWaitsHere(
  row: Pick<ApprovalRow, 'owner'>,
  processes: Pick<DataFolderProcess, 'name' | 'isOpenBy'>,
): void {
  if (isDecidableHere(row, processes)) return;
  const { owner } = row;
  const pid = owner === null ? '' : ` (process ${/^\d+/.exec(owner)?.[0] ?? owner})`;
  throw new AppError(
    'conflict',
    `This run waited in a process that has stopped${pid}; it waits again, to be decided, once the app or \`runbook-designer serve\` next starts on this data folder.`,
    'runId',
  );
}
