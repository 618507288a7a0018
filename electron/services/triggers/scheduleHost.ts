/**
 * What a schedule does when it fires: starts a run of the runbook's triggered version and writes
 * the outcome to its trigger log — started, refused (nothing published) or missed while the app
 * was closed. The timing itself is the scheduler's (scheduler.ts).
 *
 * Every process open on a data folder (the app, `serve`) runs the schedules, and hears another's
 * saves only within a second (schedulesElsewhere.ts). So a firing first reads the schedule as
 * stored now — paused, changed or removed in another process, it is followed instead of fired —
 * then claims its time on disk: of two processes due at once, one starts the run.
 *
 * Each due time is run once or reported missed once, never both and never neither:
 * - A process watching a schedule claims each of its due times as it fires it (`claimFiring`).
 * - A process starting reports as missed only the times due before any living process on the
 *   folder began watching the schedules (`schedule_watchers`): nothing was open to fire those.
 *   It claims them first (`claimMissed`), so of two starting together one reports them.
 * - A time due since another process began watching is that process's to fire, and the starting
 *   one fires it too if still unclaimed (scheduler.ts): a timer ending a moment late in the open
 *   process, or the open process closing just then, leaves the run to whichever claims it.
 * - Both claims refuse a time the other has taken (triggerRepository.ts), so a process that
 *   could not be seen watching (its note unwritten, a full disk) has its run reported missed
 *   instead, not also run.
 */
import type { DataFolderProcess } from '../db/dataFolderProcesses';
import type { TriggerEvent, TriggerRepository } from '../db/repositories/triggerRepository';
import { storageFaultOf } from '../db/storageFault';
import type { TriggeredVersion } from '../runbooks/publishedVersions';
import { missedRunsMessage } from './missedRunsMessage';
import {
  createScheduler,
  type MissedRuns,
  type ScheduleEntry,
  type Scheduler,
  type SchedulerClock,
} from './scheduler';

/** A trigger log writer: the entry, and the schedule's last firing when this entry moved it. */
export type TriggerLogWriter = (event: Omit<TriggerEvent, 'id'>, lastFiredAt?: string | null) => void;

export interface ScheduleHostDependencies {
  triggers: Pick<
    TriggerRepository,
    | 'lastFiredAt'
    | 'claimFiring'
    | 'claimMissed'
    | 'watchedFrom'
    | 'recordWatchedFrom'
    | 'beginWatching'
    | 'endWatching'
    | 'watchers'
  >;
  /** This process on the data folder, and whether others live; without it, none is assumed. */
  folderProcess?: Pick<DataFolderProcess, 'name' | 'isOpenBy'>;
  triggeredVersion(runbookId: string): TriggeredVersion | undefined;
  /** The runbook's schedule as stored now, or undefined when it has none; throws when it cannot be read. */
  storedEntry(runbookId: string): ScheduleEntry | undefined;
  /** Starts a scheduled run (no inputs; the payload says when it was due) and gives its id. */
  startScheduledRun(runbookId: string, version: TriggeredVersion, scheduledAt: string): string;
  logEvent: TriggerLogWriter;
  log(line: string): void;
  now: () => Date;
  clock?: SchedulerClock;
}

const isSameEntry = (a: ScheduleEntry, b: ScheduleEntry) =>
  a.expression === b.expression && a.timeZone === b.timeZone && a.isActive === b.isActive;

/**
 * Notes this process as watching the schedules from `at`, and gives since when another living
 * process has (null: none). Notes of processes gone are removed. On a storage fault, logged, none
 * is assumed: the claims still keep a due time from being both run and reported missed.
 */
function startWatching(deps: ScheduleHostDependencies, at: Date): Date | null {
  if (deps.folderProcess === undefined) return null;
  const { name, isOpenBy } = deps.folderProcess;
  try {
    deps.triggers.beginWatching(name, at.toISOString());
    let since: string | null = null;
    for (const watcher of deps.triggers.watchers()) {
      if (watcher.process === name) continue;
      if (!isOpenBy(watcher.process)) deps.triggers.endWatching(watcher.process);
      else since ??= watcher.since;
    }
    return since === null ? null : new Date(since);
  } catch (error) {
    if (storageFaultOf(error) === undefined) throw error;
    deps.log(`the schedules' watchers could not be read or noted: ${(error as Error).message}`);
    return null;
  }
}

/** Removes this process's note as a watcher of the schedules; a note left counts once its process is gone. */
function endWatching(deps: ScheduleHostDependencies): void {
  if (deps.folderProcess === undefined) return;
  try {
    deps.triggers.endWatching(deps.folderProcess.name);
  } catch (error) {
    deps.log(`the schedules' watcher note could not be removed: ${(error as Error).message}`);
  }
}

/** The scheduler of a trigger service, wired to runs and the trigger log. */
export function createScheduleHost(deps: ScheduleHostDependencies): Scheduler {
  /**
   * Whether the schedule that fell due is still the stored one; if another process paused,
   * changed or removed it, the scheduler follows the stored one from now on.
   */
  const isStillStored = (due: ScheduleEntry): boolean => {
    let stored: ScheduleEntry | undefined;
    try {
      stored = deps.storedEntry(due.runbookId);
    } catch {
      // Unreadable now: fired as it was placed, the trigger log saying why the run could not start.
      return true;
    }
    if (stored !== undefined && isSameEntry(stored, due)) return true;
    if (stored === undefined) scheduler.remove(due.runbookId);
    else scheduler.upsert(stored);
    return false;
  };

  /**
   * Logs runs that were due but did not run. The claim that led here counted them as handled (the
   * firing's, or the start-up's `claimMissed`): the next start-up counts from the latest. Nothing
   * ran, so "Last run" stays.
   */
  const reportMissed = (runbookId: string, { latest, count }: MissedRuns, timeZone: string) => {
    const message = missedRunsMessage(count, latest, timeZone);
    deps.log(`schedule of runbook ${runbookId}: ${message}`);
    const at = deps.now().toISOString();
    deps.logEvent(
      { runbookId, kind: 'schedule', outcome: 'missed', at, status: null, message, runId: null },
      null,
    );
  };

  const fire = (runbookId: string, scheduledAt: Date, entry: ScheduleEntry, missedBefore?: MissedRuns) => {
    const at = deps.now().toISOString();
    const due = scheduledAt.toISOString();
    // Claimed first: of the processes that woke late together, the one starting the run says what was missed.
    if (!isStillStored(entry) || !deps.triggers.claimFiring(runbookId, due)) return;
    if (missedBefore !== undefined) reportMissed(runbookId, missedBefore, entry.timeZone);
    try {
      const version = deps.triggeredVersion(runbookId);
      if (version === undefined)
        throw new Error('No published version is available; publish the runbook to run it on its schedule.');
      const runId = deps.startScheduledRun(runbookId, version, due);
      deps.logEvent(
        { runbookId, kind: 'schedule', outcome: 'started', at, status: null, message: 'Run started.', runId },
        due,
      );
    } catch (error) {
      const message = `The scheduled run could not start: ${(error as Error).message}`;
      deps.log(`schedule of runbook ${runbookId}: ${message}`);
      // The claim recorded this time as fired whether or not the run started.
      deps.logEvent(
        { runbookId, kind: 'schedule', outcome: 'refused', at, status: null, message, runId: null },
        due,
      );
    }
  };
  const scheduler = createScheduler({
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    fire,
    lastFiredAt: (runbookId) => {
      const times = [deps.triggers.lastFiredAt(runbookId), deps.triggers.watchedFrom(runbookId)];
      const latest = Math.max(...times.map((at) => (at === null ? -Infinity : Date.parse(at))));
      return latest === -Infinity ? null : new Date(latest);
    },
    recordWatchedFrom: (runbookId, at) => deps.triggers.recordWatchedFrom(runbookId, at.toISOString()),
    // Written by the claim, before the run started.
    recordFired: () => undefined,
    // Claimed first: of the processes that started together, the one that took them says what was missed.
    recordMissed: (runbookId, latest, count, timeZone) => {
      if (deps.triggers.claimMissed(runbookId, latest.toISOString()))
        reportMissed(runbookId, { latest, count }, timeZone);
    },
    startWatching: (at) => startWatching(deps, at),
  });
  return {
    ...scheduler,
    stop: () => {
      scheduler.stop();
      endWatching(deps);
    },
  };
}
