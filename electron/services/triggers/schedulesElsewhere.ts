/**
 * Schedules switched on, changed or first published in another process on the data folder,
 * followed here. Every process open on the folder (the app, `serve`) runs the schedules and hears
 * only its own saves; a firing reads the stored schedule again, so a pause or a removal elsewhere
 * was followed, but a schedule resumed or published elsewhere was never placed here, and stopped
 * when that process closed though `serve` ran on.
 *
 * So after each runbook write, the writing process notes the schedule the runbook's triggers now
 * follow (`schedule_changes`, migration 21), with a number above every other row's when it
 * differs from the one noted; and each process running schedules looks once a second, when
 * SQLite's data_version says another connection has committed, for the rows numbered past its
 * last look, and places those runbooks' schedules again. A look costs one indexed read; nothing
 * is read again for commits that change no schedule (a run's records, a draft's other edits).
 */
import type { Disposable } from '../../../shared/lifecycle/disposable';
import type { Database } from '../db/database';
import type { WriteBehind } from '../db/writeBehind';
import type { ScheduleEntry } from './scheduler';

/** How often a process running schedules looks for schedules changed by another. */
const checkEveryMs = 1_000;
/** At most this many changed schedules are read per look; the rest at the next. */
const maxChangesPerLook = 500;

export interface SchedulesElsewhere {
  /** Notes the schedule the runbook's triggers follow now (undefined: none), for the other processes. */
  note(runbookId: string, entry: ScheduleEntry | undefined): void;
  /**
   * Calls `follow` with each runbook whose schedule another process notes from now on. Call it
   * before reading the schedules at start, so none noted in between is missed.
   */
  watch(follow: (runbookId: string) => void, log: (line: string) => void): Disposable;
}

/** What is noted of a schedule: what decides when it fires. */
const notedScheduleOf = (entry: ScheduleEntry | undefined): string | null =>
  entry === undefined
    ? null
    : JSON.stringify({ expression: entry.expression, timeZone: entry.timeZone, isActive: entry.isActive });

/** With `writes`, a note is written behind, as the trigger log is: a full disk must wait, not throw. */
export function createSchedulesElsewhere(
  db: Database,
  writes?: Pick<WriteBehind, 'defer'>,
): SchedulesElsewhere {
  const noteSchedule = db.prepare<[string, string | null]>(
    `INSERT INTO schedule_changes (runbook_id, schedule, seq)
     VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM schedule_changes))
     ON CONFLICT (runbook_id) DO UPDATE SET schedule = excluded.schedule, seq = excluded.seq
     WHERE schedule IS NOT excluded.schedule`,
  );
  const lastSeq = db.prepare<[], number | null>('SELECT MAX(seq) FROM schedule_changes').pluck();
  const changedAfter = db.prepare<[number, number], { runbook_id: string; seq: number }>(
    'SELECT runbook_id, seq FROM schedule_changes WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  return {
    note: (runbookId, entry) => {
      const write = () => void noteSchedule.run(runbookId, notedScheduleOf(entry));
      if (writes === undefined) write();
      else writes.defer(write);
    },
    watch: (follow, log) => {
      let seenVersion = dataVersion.get() as number;
      let seenSeq = (lastSeq.get() as number | null) ?? 0;
      const look = () => {
        const version = dataVersion.get() as number;
        if (version === seenVersion) return;
        const changed = changedAfter.all(seenSeq, maxChangesPerLook);
        // With more left to read, the next look reads on though nothing else was committed.
        if (changed.length < maxChangesPerLook) seenVersion = version;
        for (const row of changed) {
          seenSeq = row.seq;
          follow(row.runbook_id);
        }
      };
      const timer = setInterval(() => {
        try {
          look();
        } catch (error) {
          // A lock held by another program, or the disk: looked at again at the next check.
          log(`schedules changed by other processes could not be read: ${(error as Error).message}`);
        }
      }, checkEveryMs);
      timer.unref();
      return { dispose: () => clearInterval(timer) };
    },
  };
}
