/**
 * At start-up, what the last stop left unfinished: runs still queued or running are marked failed
 * (interrupted), saying how many, and the clients of a run group still waiting to start are
 * marked as not started, saying why.
 */
import type { RunGroupRepository } from '../db/repositories/runGroupRepository';
import type { RunRepository } from '../db/repositories/runRepository';

export interface LeftUnfinishedDependencies {
  /** Absent in queue mode: workers may still be running them, and the queue is asked instead. */
  runs: Pick<RunRepository, 'markInterrupted'> | undefined;
  runGroups: Pick<RunGroupRepository, 'markLeftWaiting'>;
  log(line: string): void;
  now?: () => Date;
}

export const notStartedNote = 'The app stopped before this client’s run started.';

export function settleLeftUnfinished(deps: LeftUnfinishedDependencies): void {
  const now = deps.now ?? (() => new Date());
  const interrupted = deps.runs?.markInterrupted(now().toISOString()) ?? 0;
  if (interrupted > 0)
    deps.log(`marked ${String(interrupted)} run(s) left unfinished as failed (interrupted)`);
  deps.runGroups.markLeftWaiting(notStartedNote);
}
