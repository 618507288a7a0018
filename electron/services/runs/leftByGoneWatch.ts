/**
 * While this process runs, the runs of a process that stopped beside it on the data folder (the
 * app closed, or killed, with a run going while `serve` runs on) are marked interrupted within a
 * few seconds, as the next start would, and told to the windows: else they showed running, and a
 * Cancel of them was taken by no process, until some process started again. The clients its run
 * groups kept waiting, which only its memory would have started, are marked not started first, so
 * the group a window hears of with its interrupted run shows them so.
 */
import type { RunGroupRepository } from '../db/repositories/runGroupRepository';
import type { RunRepository } from '../db/repositories/runRepository';
import type { EventBus } from '../events/eventBus';
import { notStartedNote } from './leftUnfinished';
import { tellRunEnded } from './runEndedNotice';

/** How often this process looks for runs of processes gone. */
const checkEveryMs = 5_000;

export interface LeftByGoneDependencies {
  runs: Pick<RunRepository, 'ownersOfGoingRuns' | 'goingRunsOf' | 'markInterrupted' | 'get'>;
  runGroups: Pick<RunGroupRepository, 'ownersOfWaitingGroups' | 'markLeftWaiting'>;
  /** Whether the process so named has the folder open now (dataFolderProcesses.ts). */
  isOpenBy(owner: string): boolean;
  /**
   * Whether the process so named is of this machine: one of another cannot be asked, and its runs
   * are left to the next start, as before processes were asked at all.
   */
  isOfThisMachine(owner: string): boolean;
  events: Pick<EventBus, 'emit'>;
  log(line: string): void;
}

/** Marks the runs of processes gone interrupted, and their groups' waiting clients not started; answers how many runs. */
export function interruptRunsOfGone(deps: LeftByGoneDependencies): number {
  const isGone = (owner: string) => deps.isOfThisMachine(owner) && !deps.isOpenBy(owner);
  const groupsGone = deps.runGroups.ownersOfWaitingGroups().filter(isGone);
  if (groupsGone.length > 0) deps.runGroups.markLeftWaiting(notStartedNote, groupsGone);
  const gone = deps.runs.ownersOfGoingRuns().filter(isGone);
  if (gone.length === 0) return 0;
  const runIds = deps.runs.goingRunsOf(gone);
  const interrupted = deps.runs.markInterrupted(new Date().toISOString(), gone);
  for (const runId of runIds) tellRunEnded(deps.runs, deps.events, runId);
  if (interrupted > 0)
    deps.log(
      `marked ${String(interrupted)} run(s) of a process gone from the data folder as failed (interrupted)`,
    );
  return interrupted;
}

export function watchRunsLeftByGone(deps: LeftByGoneDependencies): { dispose(): void } {
  const timer = setInterval(() => {
    try {
      interruptRunsOfGone(deps);
    } catch (error) {
      // A lock held by another program, or the disk: looked at again at the next check.
      deps.log(`runs of processes gone could not be marked: ${(error as Error).message}`);
    }
  }, checkEveryMs);
  timer.unref();
  return { dispose: () => clearInterval(timer) };
}
