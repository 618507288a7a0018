/**
 * Queue mode's "interrupted": a run no worker will finish (its worker died, or its job was gone
 * when the main started) is failed with the reason, and its running step failed the way the
 * single-process app fails one at start — saying when its request may have reached the API.
 */
import type { Database } from '../db/database';
import { interruptedStepError, interruptedWhileSendingError } from '../db/repositories/runRepository';

/** The runs left queued or running, which a main in queue mode asks the queue about at start. */
export function unfinishedRunIds(db: Database): string[] {
  return (
    db.prepare("SELECT id FROM runs WHERE status IN ('queued', 'running')").all() as { id: string }[]
  ).map((row) => row.id);
}

/** Fails these runs, if still unfinished, with `reason`; answers how many were. */
export function interruptRuns(db: Database, runIds: readonly string[], reason: string): number {
  const now = new Date().toISOString();
  const steps = db.prepare<[string, string, string, string]>(
    `UPDATE run_steps SET status = 'failed', finished_at = ?,
       error = CASE may_have_been_sent WHEN 1 THEN ? ELSE ? END
     WHERE run_id = ? AND status = 'running'`,
  );
  const runs = db.prepare<[string, string, string]>(
    `UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`,
  );
  return db.transaction(() => {
    let changed = 0;
    for (const runId of runIds) {
      steps.run(now, interruptedWhileSendingError, interruptedStepError, runId);
      changed += runs.run(reason, now, runId).changes;
    }
    return changed;
  })();
}

/** Whether the run is still queued or running. */
export function isRunUnfinished(db: Database, runId: string): boolean {
  return (
    db.prepare("SELECT 1 FROM runs WHERE id = ? AND status IN ('queued', 'running')").get(runId) !== undefined
  );
}
