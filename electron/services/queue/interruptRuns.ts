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
import type { WriteBehind } from '../db/writeBehind';
import type { EventBus } from '../events/eventBus';
import { tellRunEnded } from '../runs/runEndedNotice';

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
  /** The records written behind (step records, a run's row): on disk before a run is judged. */
  writes?: Pick<WriteBehind, 'flush'>;
  log?: (line: string) => void;
}

export interface RunInterrupter {
  /**
   * Fails these runs, if still unfinished, with `reason`, and tells the windows as the recorder
   * does for a run that ends: the run as it now is (runs.changed) and each step the interruption
   * failed (runs.stepChanged), so an open window shows them failed without a reload, and a run
   * group waiting on one goes on. Answers how many were unfinished.
   */
  interrupt(runIds: readonly string[], reason: string): number;
  /** Whether the run is still queued or running. */
  isUnfinished(runId: string): boolean;
  /** Whether this database holds the run at all (a worker's records may be another main's). */
  holds(runId: string): boolean;
}

/**
 * Queue mode's judge of runs on the main. Both questions first write what waits behind: a run
 * whose row or last records have not reached the disk yet is judged as it is, not as it was.
 */
export function createRunInterrupter(deps: RunInterrupterDependencies): RunInterrupter {
  return {
    interrupt: (runIds, reason) => {
      deps.writes?.flush();
      const changed = interruptRuns(deps.db, runIds, reason);
      for (const runId of changed) tellRunEnded(deps.runs, deps.events, runId);
      if (changed.length > 0)
        deps.log?.(`marked ${String(changed.length)} queued run(s) as failed (${reason})`);
      return changed.length;
    },
    isUnfinished: (runId) => {
      deps.writes?.flush();
      return isRunUnfinished(deps.db, runId);
    },
    holds: (runId) => {
      deps.writes?.flush();
      return deps.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined;
    },
  };
}

function isRunUnfinished(db: Database, runId: string): boolean {
  return (
    db.prepare("SELECT 1 FROM runs WHERE id = ? AND status IN ('queued', 'running')").get(runId) !== undefined
  );
}
