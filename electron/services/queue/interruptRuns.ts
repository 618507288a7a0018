/**
 * Queue mode's "interrupted": a run no worker will finish (its worker died, or its job was gone
 * when the main started) is failed with the reason, and its running step failed the way the
 * single-process app fails one at start — saying when its request may have reached the API.
 */
import type { Database } from '../db/database';
import {
  interruptedStepError,
  interruptedWhileSendingError,
  type RunRepository,
} from '../db/repositories/runRepository';
import type { EventBus } from '../events/eventBus';

/** The runs left queued or running, which a main in queue mode asks the queue about at start. */
export function unfinishedRunIds(db: Database): string[] {
  return (
    db.prepare("SELECT id FROM runs WHERE status IN ('queued', 'running')").all() as { id: string }[]
  ).map((row) => row.id);
}

/** Fails these runs, if still unfinished, with `reason`; answers the ids of those that were. */
export function interruptRuns(db: Database, runIds: readonly string[], reason: string): string[] {
  const now = new Date().toISOString();
  const steps = db.prepare<[string, string, string, string]>(
    `UPDATE run_steps SET status = 'failed', finished_at = ?,
       error = CASE may_have_been_sent WHEN 1 THEN ? ELSE ? END
     WHERE run_id = ? AND status = 'running'`,
  );
  const runs = db.prepare<[string, string, string]>(
    `UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`,
  );
  return db.transaction(() =>
    runIds.filter((runId) => {
      steps.run(now, interruptedWhileSendingError, interruptedStepError, runId);
      return runs.run(reason, now, runId).changes > 0;
    }),
  )();
}

export interface RunInterrupterDependencies {
  db: Database;
  runs: RunRepository;
  events: EventBus;
}

/**
 * Interrupts runs and tells the windows, as the recorder does for a run that ends: the run as it
 * now is (runs.changed) and each step the interruption failed (runs.stepChanged), so an open
 * window shows them failed without a reload, and a run group waiting on one goes on.
 */
export function createRunInterrupter(deps: RunInterrupterDependencies) {
  return (runIds: readonly string[], reason: string): number => {
    const changed = interruptRuns(deps.db, runIds, reason);
    for (const runId of changed) {
      const run = deps.runs.get(runId);
      if (run === undefined) continue;
      const { steps, ...summary } = run;
      for (const record of steps) {
        if (record.finishedAt !== summary.finishedAt || record.status !== 'failed') continue;
        const { request: _request, response: _response, ...rest } = record;
        deps.events.emit({
          name: 'runs.stepChanged',
          payload: { runId, runbookId: run.runbookId, step: { ...rest, isComplete: false } },
        });
      }
      deps.events.emit({ name: 'runs.changed', payload: { run: summary } });
    }
    return changed.length;
  };
}

/** Whether the run is still queued or running. */
export function isRunUnfinished(db: Database, runId: string): boolean {
  return (
    db.prepare("SELECT 1 FROM runs WHERE id = ? AND status IN ('queued', 'running')").get(runId) !== undefined
  );
}
