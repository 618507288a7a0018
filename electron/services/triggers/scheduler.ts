/**
 * Fires schedule triggers. One timer waits for the earliest next fire time across all schedules
 * (no timer per schedule), at most `maxTimerMs` at a time; when it ends, every schedule that is
 * due fires once and the timer is set again.
 *
 * - Catching up: a timer that ends late (the machine slept, or the clock was set forward) fires
 *   each due schedule once, for the latest time that has passed; the earlier ones are handed to
 *   `fire` as missed, not run, so only the process that starts the run reports them.
 * - Clock changes: a schedule never fires at or before the time it last fired, so a clock set
 *   back does not repeat runs; a timer that ends before its time (clock set back) just waits again.
 * - Start-up: the first `set` or `upsert` is the start-up load. For its active schedules that
 *   fired before, the fire times between then and now are reported once through `recordMissed`
 *   and not run. Later calls report nothing: a schedule that was off or edited missed nothing,
 *   and it is recorded as watched from then (`recordWatchedFrom`) so the next start-up agrees.
 * - Another process open: at start-up the process says it watches the schedules from now on and
 *   learns since when another living process has (`startWatching`). Only fire times before then
 *   are reported missed; those since were that process's to fire, and are due here too, as if
 *   this process had watched with it: its timer ends at once, and of the two, the one that claims
 *   the time starts the run (scheduleHost.ts). So a time due as the second process starts is run
 *   once, not also reported missed, and still run if the first closes before firing it.
 * - Paused schedules (`isActive` false) never fire; one with an invalid expression or time zone is
 *   kept but never fires (both are checked when the runbook is saved).
 */
import {
  CronError,
  isValidTimeZone,
  nextTimes,
  parseCron,
  type CronSchedule,
} from '../../../shared/schedule/cron';

export interface ScheduleEntry {
  runbookId: string;
  expression: string;
  timeZone: string;
  isActive: boolean;
}

export interface SchedulerClock {
  now(): Date;
  setTimer(ms: number, callback: () => void): { cancel(): void };
}

/** Fire times that passed unrun before a late firing (the machine slept): the latest and how many. */
export interface MissedRuns {
  latest: Date;
  count: number;
}

export interface SchedulerDependencies {
  /** Default: `Date` and `setTimeout`. */
  clock?: SchedulerClock;
  /**
   * Starts a run of the schedule as it was placed (`entry`). Should not throw; if it does, the
   * other schedules still fire and the error is rethrown. `missedBefore`: the times this late
   * firing stands for, which the caller reports only if it starts the run — of several processes
   * on one data folder, each wakes late, one starts it, and the runs it missed are said once.
   */
  fire(runbookId: string, scheduledAt: Date, entry: ScheduleEntry, missedBefore?: MissedRuns): void;
  /** When the schedule last fired, from persisted state. */
  lastFiredAt(runbookId: string): Date | null;
  /** Called after `fire` with the same time; the caller persists it for `lastFiredAt`. */
  recordFired(runbookId: string, at: Date): void;
  /**
   * Runs that should have happened while the app was closed, found at start-up: the latest such
   * time and how many (at most `maxMissedCount`). They are not run. The caller should count
   * `missedAt` as handled (for example by storing it as `recordWatchedFrom` does), or the next
   * start-up reports the same runs again. (Runs missed while the machine slept go to `fire`.)
   * `timeZone`: the schedule's, to say the time as the schedule reads it.
   */
  recordMissed(runbookId: string, missedAt: Date, count: number, timeZone: string): void;
  /**
   * A schedule placed after start-up (published, edited, resumed) is watched from `at`: nothing
   * due before it was missed. The caller persists it, and `lastFiredAt` gives back the later of it
   * and the last firing, or the next start-up counts the paused hours as missed runs.
   */
  recordWatchedFrom(runbookId: string, at: Date): void;
  /**
   * Called once, at the start-up load, before any schedule is read: notes this process as
   * watching the schedules from `at`, and gives the earliest time another living process on the
   * data folder has watched them from, or null when none does. Default: none.
   */
  startWatching?(at: Date): Date | null;
}

export interface Scheduler {
  /** Replaces all schedules. */
  set(entries: ScheduleEntry[]): void;
  /** Adds a schedule or replaces the one with the same runbook id. */
  upsert(entry: ScheduleEntry): void;
  remove(runbookId: string): void;
  /** The schedule's next fire times; none when it is paused, invalid or unknown. */
  nextTimes(runbookId: string, count: number): Date[];
  /** Cancels the timer; nothing fires afterwards. */
  stop(): void;
}

/**
 * The longest the timer waits before reading the wall clock again; a later fire time sets it again
 * when it ends. Timers count a monotonic clock that stops while the machine is suspended (Linux,
 * macOS) and ignores the clock being set forward, so a timer set for the full delay would fire
 * that much late after a night asleep. Waking once a minute costs next to nothing.
 */
export const maxTimerMs = 60_000;

/** Missed runs are counted up to this many. */
export const maxMissedCount = 1000;

const systemClock: SchedulerClock = {
  now: () => new Date(),
  setTimer: (ms, callback) => {
    const timeout = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(timeout) };
  },
};

interface Slot {
  entry: ScheduleEntry;
  /** Null when the expression or time zone is invalid. */
  schedule: CronSchedule | null;
  /** The schedule never fires at or before this time (ms). */
  firedUpTo: number;
  /** The next fire time (ms), or null when it never fires. */
  nextAt: number | null;
}

function compile(entry: ScheduleEntry): CronSchedule | null {
  try {
    return isValidTimeZone(entry.timeZone) ? parseCron(entry.expression) : null;
  } catch (error) {
    if (error instanceof CronError) return null;
    throw error;
  }
}

const firesAfter = (schedule: CronSchedule, timeZone: string, after: number, count: number): number[] =>
  nextTimes(schedule, timeZone, new Date(after), count).map((time) => time.getTime());

/** How many fire times fall in (after, until], counting up to `maxMissedCount`. */
function countFires(schedule: CronSchedule, timeZone: string, after: number, until: number): number {
  let count = 0;
  let from = after;
  while (count < maxMissedCount) {
    const wanted = Math.min(100, maxMissedCount - count);
    const batch = firesAfter(schedule, timeZone, from, wanted).filter((time) => time <= until);
    count += batch.length;
    const last = batch.at(-1);
    if (last === undefined || batch.length < wanted) break;
    from = last;
  }
  return count;
}

/**
 * The latest fire time in (after, until], or null. Bisects instead of listing every time, so a
 * schedule every second over a month away costs a few dozen searches:
 * 1. Keep a range (low, high] that holds the answer, with no fire time in (high, until].
 * 2. If only one fire time follows low within the range, it is the answer.
 * 3. Else look at the middle: if a fire time follows it within the range, the answer lies after
 *    the middle, else at or before it; halve the range and repeat.
 */
function latestFire(schedule: CronSchedule, timeZone: string, after: number, until: number): number | null {
  const [first] = firesAfter(schedule, timeZone, after, 1);
  if (first === undefined || first > until) return null;
  let low = after;
  let high = until;
  for (;;) {
    const [next = high, afterNext] = firesAfter(schedule, timeZone, low, 2);
    if (afterNext === undefined || afterNext > high) return next;
    low = next;
    const middle = low + Math.floor((high - low) / 2);
    const [fromMiddle] = firesAfter(schedule, timeZone, middle, 1);
    if (fromMiddle !== undefined && fromMiddle <= high) low = middle;
    else high = middle;
  }
}

/** Fire times in (after, until]: how many and the latest, or null when there are none. */
function missedWithin(schedule: CronSchedule, timeZone: string, after: number, until: number) {
  const latest = latestFire(schedule, timeZone, after, until);
  return latest === null ? null : { latest, count: countFires(schedule, timeZone, after, until) };
}

/**
 * Creates the scheduler; it fires nothing until entries arrive through `set` or `upsert`.
 * See the module comment for catching up, clock changes and missed runs.
 */
export function createScheduler(deps: SchedulerDependencies): Scheduler {
  const clock = deps.clock ?? systemClock;
  const slots = new Map<string, Slot>();
  let timer: { cancel(): void } | null = null;
  let isStartUp = true;
  let isStopped = false;

  const nextAfter = (slot: Slot, at: number): number | null => {
    if (!slot.entry.isActive || slot.schedule === null) return null;
    const after = Math.max(at, slot.firedUpTo);
    return firesAfter(slot.schedule, slot.entry.timeZone, after, 1)[0] ?? null;
  };

  /** Fire times in (firedUpTo, until] are reported missed: nothing watched them. */
  const reportMissedAtStartUp = (slot: Slot, until: number) => {
    if (!slot.entry.isActive || slot.schedule === null || slot.firedUpTo === -Infinity) return;
    const missed = missedWithin(slot.schedule, slot.entry.timeZone, slot.firedUpTo, until);
    if (missed !== null)
      deps.recordMissed(slot.entry.runbookId, new Date(missed.latest), missed.count, slot.entry.timeZone);
  };

  /** At the start-up load: since when another living process watches the schedules (ms), or null. */
  let watchedElsewhereSince: number | null = null;

  /**
   * From when a schedule placed now is watched here. A firing that fell due but whose timer has
   * not ended yet (just woken, or saved in the same instant) stays due: the timer fires the latest
   * time since then and reports the rest. At start-up, what fell due since another process began
   * watching is due likewise; what fell due before was missed.
   */
  const watchStartOf = (slot: Slot, known: Slot | undefined, now: number): number => {
    if (isStartUp && known === undefined) {
      const until = Math.min(now, watchedElsewhereSince ?? now);
      reportMissedAtStartUp(slot, until);
      return until < now ? Math.max(until, slot.firedUpTo) : now;
    }
    const dueAt = known?.nextAt ?? null;
    return dueAt !== null && dueAt <= now ? dueAt - 1 : now;
  };

  const place = (entry: ScheduleEntry, now: number) => {
    const known = slots.get(entry.runbookId);
    const slot: Slot = {
      entry: { ...entry },
      schedule: compile(entry),
      firedUpTo: known?.firedUpTo ?? deps.lastFiredAt(entry.runbookId)?.getTime() ?? -Infinity,
      nextAt: null,
    };
    const watchedFrom = watchStartOf(slot, known, now);
    slot.nextAt = nextAfter(slot, watchedFrom);
    slots.set(entry.runbookId, slot);
    if (!isStartUp && entry.isActive && slot.schedule !== null)
      deps.recordWatchedFrom(entry.runbookId, new Date(watchedFrom));
  };

  /** Fires one due schedule once, for the latest time that has passed; earlier ones were missed. */
  const fireDue = (slot: Slot, schedule: CronSchedule, due: number, now: number) => {
    const { runbookId, timeZone } = slot.entry;
    const latest = latestFire(schedule, timeZone, due - 1, now) ?? due;
    slot.firedUpTo = latest;
    slot.nextAt = nextAfter(slot, now);
    const missed = latest === due ? null : missedWithin(schedule, timeZone, due - 1, latest - 1);
    if (missed === null) deps.fire(runbookId, new Date(latest), slot.entry);
    else
      deps.fire(runbookId, new Date(latest), slot.entry, {
        latest: new Date(missed.latest),
        count: missed.count,
      });
    deps.recordFired(runbookId, new Date(latest));
  };

  const arm = () => {
    timer?.cancel();
    timer = null;
    if (isStopped) return;
    let earliest: number | null = null;
    for (const slot of slots.values()) {
      if (slot.nextAt !== null && (earliest === null || slot.nextAt < earliest)) earliest = slot.nextAt;
    }
    if (earliest === null) return;
    const delay = Math.min(Math.max(earliest - clock.now().getTime(), 0), maxTimerMs);
    timer = clock.setTimer(delay, onTimer);
  };

  function onTimer() {
    timer = null;
    const now = clock.now().getTime();
    const errors: unknown[] = [];
    for (const slot of [...slots.values()]) {
      const { nextAt: due, schedule } = slot;
      // A fire callback may have removed or replaced a later slot.
      if (due === null || due > now || schedule === null || slots.get(slot.entry.runbookId) !== slot)
        continue;
      try {
        fireDue(slot, schedule, due, now);
      } catch (error) {
        errors.push(error);
      }
    }
    arm();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Several scheduled runs could not start.');
  }

  const load = (change: (now: number) => void) => {
    const now = clock.now().getTime();
    if (isStartUp) watchedElsewhereSince = deps.startWatching?.(new Date(now))?.getTime() ?? null;
    change(now);
    isStartUp = false;
    arm();
  };

  return {
    set: (entries) =>
      load((now) => {
        const ids = new Set(entries.map((entry) => entry.runbookId));
        for (const runbookId of slots.keys()) if (!ids.has(runbookId)) slots.delete(runbookId);
        for (const entry of entries) place(entry, now);
      }),
    upsert: (entry) => load((now) => place(entry, now)),
    remove: (runbookId) => {
      if (slots.delete(runbookId)) arm();
    },
    nextTimes: (runbookId, count) => {
      const slot = slots.get(runbookId);
      if (slot === undefined || slot.schedule === null || !slot.entry.isActive || count <= 0) return [];
      const after = Math.max(clock.now().getTime(), slot.firedUpTo);
      return nextTimes(slot.schedule, slot.entry.timeZone, new Date(after), count);
    },
    stop: () => {
      isStopped = true;
      timer?.cancel();
      timer = null;
    },
  };
}
