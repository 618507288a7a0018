/**
 * A run is cancelled in the process that runs it: the app, `serve`, or a `runbook-designer run`
 * in a terminal or a CI job, any of them open on one data folder. `runs.cancel` in another
 * (the app's window cancelling a run of the command line) finds no run in its own engine: it
 * writes a request to the folder, and the process running the run, which looks for requests once
 * a second, cancels it there. Requests whose run has ended (or was never taken up) are cleared.
 */
import type { Database } from '../db/database';

/** How often each process looks for cancels written by another on its data folder. */
const checkEveryMs = 1_000;

export interface CancelsElsewhereDependencies {
  db: Database;
  /** Cancels a run of this process's engine; false when it runs no such run. */
  cancel(runId: string): boolean;
  log(line: string): void;
}

export interface CancelsElsewhere {
  /** Asks the process running `runId` to cancel it; false when the run is not going. */
  request(runId: string): boolean;
  dispose(): void;
}

export function createCancelsElsewhere(deps: CancelsElsewhereDependencies): CancelsElsewhere {
  const insert = deps.db.prepare<[string, string]>(
    `INSERT OR IGNORE INTO run_cancel_requests (run_id, requested_at)
     SELECT id, ? FROM runs WHERE id = ? AND status IN ('queued', 'running')`,
  );
  const requested = deps.db.prepare<[], { run_id: string }>('SELECT run_id FROM run_cancel_requests');
  const taken = deps.db.prepare<[string]>('DELETE FROM run_cancel_requests WHERE run_id = ?');
  const ended = deps.db.prepare(
    `DELETE FROM run_cancel_requests
     WHERE run_id NOT IN (SELECT id FROM runs WHERE status IN ('queued', 'running'))`,
  );
  const check = () => {
    try {
      const rows = requested.all();
      if (rows.length === 0) return;
      for (const { run_id: runId } of rows) if (deps.cancel(runId)) taken.run(runId);
      ended.run();
    } catch (error) {
      // A lock held by another program, or the disk: looked at again at the next check.
      deps.log(`cancels from other processes could not be read: ${(error as Error).message}`);
    }
  };
  const timer = setInterval(check, checkEveryMs);
  timer.unref();
  return {
    request: (runId) => insert.run(new Date().toISOString(), runId).changes === 1,
    dispose: () => clearInterval(timer),
  };
}
