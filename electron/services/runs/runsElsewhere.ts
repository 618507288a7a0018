/**
 * Runs of the other processes open on the data folder, told to this process's windows: a webhook
 * delivered to `serve`, a schedule it fired or a `runbook-designer run` in a terminal records its
 * run in the folder, and publishes its events in its own process only. So each process looks once
 * a second, when SQLite's data_version says another connection has committed: the runs another
 * process added since the last look, and those of them seen going, are published here as they
 * now are (runs.changed), with their step records added or changed since (runs.stepChanged,
 * without request, response and outputs: a window reads those with runs.step), and where a debug
 * run of theirs is paused, or that it went on (runs.debugChanged). A window applies an event
 * twice to no effect, so one told again changes nothing.
 */
import type { Database } from '../db/database';
import type { DebugPauseRepository } from '../db/repositories/debugPauseRepository';
import { runColumns } from '../db/repositories/runListQuery';
import {
  stepColumns,
  toRun,
  toStep,
  type RunTableRow,
  type StepTableRow,
} from '../db/repositories/runRecords';
import type { EventBus } from '../events/eventBus';
import { maxSummaryErrorChars } from './stepSummary';

/** How often each process looks for runs recorded by another. */
const checkEveryMs = 1_000;
/** At most this many new runs, and step records of one run, are read per look; the rest at the next. */
const maxRowsPerLook = 500;

export interface RunsElsewhereDependencies {
  db: Database;
  /** This process's name in the runs it records (runs.owner): those are published as they go. */
  owner: string;
  events: Pick<EventBus, 'emit'>;
  /** Where the debug runs of every process are paused. */
  pauses: Pick<DebugPauseRepository, 'ofRuns'>;
  log(line: string): void;
}

/**
 * A run of another process seen going: what was last told of it, from which step to read again,
 * and when the pause last told began (null: none).
 */
interface Watched {
  runbookId: string;
  told: string;
  fromSeq: number;
  pausedAt: string | null;
}

type OwnedRunRow = RunTableRow & { owner: string | null; row_number: number };

export function watchRunsElsewhere(deps: RunsElsewhereDependencies): { dispose(): void } {
  const { db } = deps;
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const lastRowNumber = db.prepare<[], number | null>('SELECT MAX(rowid) FROM runs').pluck();
  const added = db.prepare<[number, number], OwnedRunRow>(
    `SELECT ${runColumns}, runs.rowid AS row_number FROM runs WHERE runs.rowid > ? ORDER BY runs.rowid LIMIT ?`,
  );
  const runsById = db.prepare<[string], OwnedRunRow>(
    `SELECT ${runColumns}, runs.rowid AS row_number FROM runs WHERE runs.id IN (SELECT value FROM json_each(?))`,
  );
  const stepsFrom = db.prepare<[string, number, number], StepTableRow>(
    `SELECT ${stepColumns} FROM run_steps WHERE run_id = ? AND seq >= ? ORDER BY seq LIMIT ?`,
  );
  let seenVersion = dataVersion.get() as number;
  let seenRowNumber = (lastRowNumber.get() as number | null) ?? 0;
  const watched = new Map<string, Watched>();

  /** Whether a run looked at has step records left to read (more than a look reads). */
  let hasStepsLeft = false;

  /**
   * Publishes the step records of a run from `fromSeq`; answers where to read from next time, and
   * whether that was all of them for now.
   */
  const tellSteps = (
    runId: string,
    runbookId: string,
    fromSeq: number,
  ): { next: number; isAllRead: boolean } => {
    const rows = stepsFrom.all(runId, fromSeq, maxRowsPerLook);
    let next = fromSeq;
    let isRunningBefore = false;
    for (const row of rows) {
      const { request: _request, response: _response, ...record } = toStep(row);
      const error = record.error;
      deps.events.emit({
        name: 'runs.stepChanged',
        payload: {
          runId,
          runbookId,
          step: {
            ...record,
            outputs: {},
            error:
              error !== null && error.length > maxSummaryErrorChars
                ? `${error.slice(0, maxSummaryErrorChars)}…`
                : error,
            isComplete: false,
          },
        },
      });
      // A step still running is read again until it ends; those before it are done with.
      if (!isRunningBefore) next = record.status === 'running' ? record.seq : record.seq + 1;
      isRunningBefore ||= record.status === 'running';
    }
    return { next, isAllRead: rows.length < maxRowsPerLook };
  };

  /** Publishes the run if it changed since last told, and follows it while it goes. */
  const tellRun = (row: OwnedRunRow) => {
    const run = toRun(row);
    const told = `${run.status}|${String(run.startedAt)}|${String(run.finishedAt)}|${String(run.error)}`;
    const known = watched.get(run.id);
    const steps = tellSteps(run.id, run.runbookId, known?.fromSeq ?? 1);
    const isGoing = run.status === 'queued' || run.status === 'running' || run.status === 'waiting';
    // A run that ended with more records than a look reads is followed until they are all told,
    // and told ended only then: a window shows an ended run with all its records.
    const isToldNow = isGoing || steps.isAllRead;
    if (isToldNow && known?.told !== told) deps.events.emit({ name: 'runs.changed', payload: { run } });
    if (isGoing || !steps.isAllRead) {
      hasStepsLeft ||= !steps.isAllRead;
      watched.set(run.id, {
        runbookId: run.runbookId,
        told: isToldNow ? told : (known?.told ?? ''),
        fromSeq: steps.next,
        pausedAt: known?.pausedAt ?? null,
      });
      return;
    }
    watched.delete(run.id);
    // Ended where it was paused (stopped, or its process gone): the pause ends with it.
    if (known?.pausedAt != null)
      deps.events.emit({
        name: 'runs.debugChanged',
        payload: { runId: run.id, runbookId: run.runbookId, pause: null },
      });
  };

  /** Tells each run watched whose debug pause began or ended since last told. */
  const tellPauses = () => {
    if (watched.size === 0) return;
    const pauses = deps.pauses.ofRuns([...watched.keys()]);
    for (const [runId, known] of watched) {
      const pause = pauses.get(runId) ?? null;
      if ((pause?.pausedAt ?? null) === known.pausedAt) continue;
      known.pausedAt = pause?.pausedAt ?? null;
      deps.events.emit({ name: 'runs.debugChanged', payload: { runId, runbookId: known.runbookId, pause } });
    }
  };

  const look = () => {
    const version = dataVersion.get() as number;
    // Records left to read are read on though nothing else was committed.
    if (version === seenVersion && !hasStepsLeft) return;
    hasStepsLeft = false;
    const going = runsById.all(JSON.stringify([...watched.keys()]));
    const stillThere = new Set(going.map((row) => row.id));
    for (const runId of watched.keys()) if (!stillThere.has(runId)) watched.delete(runId);
    for (const row of going) tellRun(row);
    // The newest runs deleted, their row numbers are given again: looked at from the last one left.
    seenRowNumber = Math.min(seenRowNumber, (lastRowNumber.get() as number | null) ?? 0);
    const rows = added.all(seenRowNumber, maxRowsPerLook);
    const isAllRead = rows.length < maxRowsPerLook;
    for (const row of rows) {
      seenRowNumber = row.row_number;
      if (row.owner !== deps.owner && !watched.has(row.id)) tellRun(row);
    }
    tellPauses();
    // With more runs left to read, the next look reads on though nothing else was committed.
    if (isAllRead) seenVersion = version;
  };

  const timer = setInterval(() => {
    try {
      look();
    } catch (error) {
      // A lock held by another program, or the disk: looked at again at the next check.
      deps.log(`runs of other processes could not be read: ${(error as Error).message}`);
    }
  }, checkEveryMs);
  timer.unref();
  return { dispose: () => clearInterval(timer) };
}
