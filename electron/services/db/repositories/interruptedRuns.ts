/**
 * The start-up clean-up of runs left going (runRepository.ts): a process that stopped with runs
 * queued or running leaves them so; the next start marks them failed as interrupted — its own, or
 * (with `owners`) only those of processes gone, while another process of the same data folder
 * still runs its own (dataFolderProcesses.ts). A run waiting for an approval is left waiting.
 */
import type { Database } from '../database';
import { interruptedStepError, interruptedWhileSendingError, type RunRepository } from './runRecords';

export type InterruptedRuns = Pick<RunRepository, 'markInterrupted' | 'ownersOfGoingRuns' | 'goingRunsOf'>;

/** `readNow` writes what is queued first, so the clean-up sees every run as it stands. */
export function createInterruptedRuns(db: Database, readNow: () => void): InterruptedRuns {
  // Each statement of the clean-up takes the owners twice (a JSON list, or null for every run).
  const ofOwners = `(? IS NULL OR runs.owner IN (SELECT value FROM json_each(?)))`;
  const interruptSteps = db.prepare<[string, string, string, string | null, string | null]>(
    `UPDATE run_steps
     SET status = 'failed', finished_at = ?,
       error = CASE may_have_been_sent WHEN 1 THEN ? ELSE ? END
     WHERE status = 'running' AND NOT EXISTS (
       SELECT 1 FROM approvals WHERE approvals.run_id = run_steps.run_id AND approvals.state = 'pending')
       AND run_id IN (SELECT id FROM runs WHERE ${ofOwners})`,
  );
  const interruptRuns = db.prepare<[string, string | null, string | null]>(
    `UPDATE runs SET status = 'failed', error = 'interrupted: the app stopped while this run was going', finished_at = ?
     WHERE status IN ('queued', 'running') AND NOT EXISTS (SELECT 1 FROM approvals WHERE approvals.run_id = runs.id AND approvals.state = 'pending')
       AND ${ofOwners}`,
  );
  const goingOwners = db
    .prepare<[], string>(
      `SELECT DISTINCT owner FROM runs WHERE status IN ('queued', 'running') AND owner IS NOT NULL`,
    )
    .pluck();
  const goingOf = db
    .prepare<[string], string>(
      `SELECT id FROM runs WHERE status IN ('queued', 'running') AND owner IN (SELECT value FROM json_each(?))`,
    )
    .pluck();
  // A child run waiting for an approval ends with its parent, which no start takes up again:
  // nothing would use what it did once approved. It fails naming its parent, and its approval is
  // settled, so neither a link nor the window decides it any more (and its step is failed below).
  const endWaitingChildren = db.prepare<[string, string | null, string | null]>(
    `UPDATE runs SET status = 'failed', finished_at = ?,
       error = 'interrupted: the app stopped while its parent run ' || parent_run_id || ' was going; ' ||
         'a parent run is not taken up again, so this run ended with it instead of waiting for its approval'
     WHERE parent_run_id IS NOT NULL AND status IN ('queued', 'running') AND EXISTS (
       SELECT 1 FROM approvals WHERE approvals.run_id = runs.id AND approvals.state = 'pending')
       AND ${ofOwners}`,
  );
  const settleChildApprovals = db.prepare<[string, string | null, string | null]>(
    `UPDATE approvals SET state = 'cancelled', decided_at = ?
     WHERE state = 'pending' AND run_id IN (SELECT id FROM runs WHERE parent_run_id IS NOT NULL AND ${ofOwners})`,
  );
  const markInterrupted = db.transaction((now: string, owners: string | null) => {
    const children = endWaitingChildren.run(now, owners, owners).changes;
    settleChildApprovals.run(now, owners, owners);
    interruptSteps.run(now, interruptedWhileSendingError, interruptedStepError, owners, owners);
    return children + interruptRuns.run(now, owners, owners).changes;
  });
  return {
    markInterrupted: (now, owners) => {
      readNow();
      return markInterrupted(now, owners === undefined ? null : JSON.stringify(owners));
    },
    ownersOfGoingRuns: () => {
      readNow();
      return goingOwners.all() as string[];
    },
    goingRunsOf: (owners) => {
      readNow();
      return goingOf.all(JSON.stringify(owners)) as string[];
    },
  };
}
