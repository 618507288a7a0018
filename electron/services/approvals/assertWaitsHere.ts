/**
 * An approval is decided only by the process that waits on it (approvals.owner, see
 * dataFolderProcesses.ts): another process with the same data folder open holds no waiter for
 * it, so a decision made there would reach no run, and the run would wait on for ever.
 */
import { AppError } from '../../../shared/api/appError';
import type { DataFolderProcess } from '../db/dataFolderProcesses';
import type { ApprovalRow } from '../db/repositories/approvalRepository';

/**
 * Refuses, saying where to decide it, an approval this process does not wait on: its run waits
 * in another living process, or waited in one that has stopped and waits again at the next start.
 */
export function assertWaitsHere(
  row: Pick<ApprovalRow, 'owner'>,
  processes: Pick<DataFolderProcess, 'name' | 'isOpenBy'>,
): void {
  const { owner } = row;
  if (owner === processes.name) return;
  const pid = owner === null ? '' : ` (process ${/^\d+/.exec(owner)?.[0] ?? owner})`;
  const serve = '`runbook-designer serve`';
  throw new AppError(
    'conflict',
    owner !== null && processes.isOpenBy(owner)
      ? `This run waits in another process on this data folder${pid}, the app or ${serve} that started it: decide it there (a run of \`runbook-designer run\` cannot be decided; it times out at its deadline).`
      : `This run waited in a process that has stopped${pid}; it waits again, to be decided, once the app or ${serve} next starts on this data folder.`,
    'runId',
  );
}
