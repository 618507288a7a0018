/**
 * At start-up, what the last stop left unfinished: runs still queued or running are marked failed
 * (interrupted), saying how many, and the clients of a run group still waiting to start are
 * marked as not started, saying why.
 *
 * While another living process has the data folder open (the app started beside `serve`), its
 * runs and run groups go on: only the runs and the groups' waiting clients whose process is gone
 * are marked — each run names the process that runs it, each group the one that starts its
 * clients (groups kept before they named it are left as they are).
 */
import type { RunGroupRepository } from '../db/repositories/runGroupRepository';
import type { RunRepository } from '../db/repositories/runRepository';

export interface LeftUnfinishedDependencies {
  /** Absent in queue mode: workers may still be running them, and the queue is asked instead. */
  runs: Pick<RunRepository, 'markInterrupted' | 'ownersOfGoingRuns'> | undefined;
  runGroups: Pick<RunGroupRepository, 'markLeftWaiting' | 'ownersOfWaitingGroups'>;
  /** Absent when no other living process has the folder open; else whether the process so named lives. */
  isOpenBy?: (owner: string) => boolean;
  log(line: string): void;
  now?: () => Date;
}

export const notStartedNote = 'The app stopped before this client’s run started.';

export function settleLeftUnfinished(deps: LeftUnfinishedDependencies): void {
  const now = deps.now ?? (() => new Date());
  const { isOpenBy } = deps;
  if (isOpenBy === undefined) {
    logInterrupted(deps, deps.runs?.markInterrupted(now().toISOString()) ?? 0);
    deps.runGroups.markLeftWaiting(notStartedNote);
    return;
  }
  const gone = deps.runs?.ownersOfGoingRuns().filter((owner) => !isOpenBy(owner)) ?? [];
  if (gone.length > 0) logInterrupted(deps, deps.runs?.markInterrupted(now().toISOString(), gone) ?? 0);
  const groupsGone = deps.runGroups.ownersOfWaitingGroups().filter((owner) => !isOpenBy(owner));
  if (groupsGone.length > 0) deps.runGroups.markLeftWaiting(notStartedNote, groupsGone);
}

function logInterrupted(deps: LeftUnfinishedDependencies, interrupted: number): void {
  if (interrupted > 0)
    deps.log(`marked ${String(interrupted)} run(s) left unfinished as failed (interrupted)`);
}
