import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createScheduler,
  maxMissedCount,
  maxTimerMs,
  type ScheduleEntry,
  type SchedulerClock,
} from './scheduler';

const minute = 60_000;
const hour = 60 * minute;

/**
 * A clock whose timers run only when the test moves time on. Timers count elapsed time, as
 * `setTimeout` does, so the wall clock can be set back (`setBack`) or the machine put to sleep
 * (`sleep`: time passes, timers end late) apart from them.
 */
function fakeClock(startIso: string) {
  let wall = Date.parse(startIso);
  let elapsed = 0;
  const timers: { at: number; callback: () => void; isCancelled: boolean }[] = [];
  const delays: number[] = [];
  const clock: SchedulerClock = {
    now: () => new Date(wall),
    setTimer: (ms, callback) => {
      delays.push(ms);
      const timer = { at: elapsed + ms, callback, isCancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.isCancelled = true) };
    },
  };
  const runTimersUntil = (end: number, isLate: boolean) => {
    for (;;) {
      const due = timers
        .filter((timer) => !timer.isCancelled && timer.at <= end)
        .sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      if (!isLate) {
        wall += due.at - elapsed;
        elapsed = due.at;
      }
      due.isCancelled = true;
      due.callback();
    }
    wall += end - elapsed;
    elapsed = end;
  };
  return {
    clock,
    delays,
    pendingTimers: () => timers.filter((timer) => !timer.isCancelled).length,
    advance: (ms: number) => runTimersUntil(elapsed + ms, false),
    advanceTo: (iso: string) => runTimersUntil(elapsed + Date.parse(iso) - wall, false),
    sleep: (ms: number) => {
      wall += ms;
      elapsed += ms;
      runTimersUntil(elapsed, true);
    },
    setBack: (ms: number) => void (wall -= ms),
    /** The machine is suspended: the wall clock moves on, timers (a monotonic clock) do not. */
    suspend: (ms: number) => void (wall += ms),
  };
}

/** A scheduler on a fake clock that writes down what it fires, records and misses. */
function harness(startIso: string, lastFired: Record<string, string> = {}) {
  const time = fakeClock(startIso);
  const fired: string[] = [];
  const recorded: string[] = [];
  const missed: string[] = [];
  const watched: string[] = [];
  const scheduler = createScheduler({
    clock: time.clock,
    fire: (runbookId, scheduledAt, _entry, missedBefore) => {
      if (missedBefore !== undefined)
        missed.push(`${runbookId} ${missedBefore.latest.toISOString()} ×${String(missedBefore.count)}`);
      fired.push(`${runbookId} ${scheduledAt.toISOString()}`);
    },
    lastFiredAt: (runbookId) => (lastFired[runbookId] === undefined ? null : new Date(lastFired[runbookId])),
    recordFired: (runbookId, at) => recorded.push(`${runbookId} ${at.toISOString()}`),
    recordMissed: (runbookId, missedAt, count) =>
      missed.push(`${runbookId} ${missedAt.toISOString()} ×${String(count)}`),
    recordWatchedFrom: (runbookId, at) => watched.push(`${runbookId} ${at.toISOString()}`),
  });
  return { ...time, scheduler, fired, recorded, missed, watched };
}

const entry = (
  runbookId: string,
  expression: string,
  overrides: Partial<ScheduleEntry> = {},
): ScheduleEntry => ({
  runbookId,
  expression,
  timeZone: 'UTC',
  isActive: true,
  ...overrides,
});

describe('createScheduler', () => {
  it('fires at each fire time, with the time it was scheduled for, and records it', () => {
    const test = harness('2025-06-01T10:05:00Z');
    test.scheduler.set([entry('a', '*/15 * * * *')]);
    test.advance(hour);
    const times = ['10:15', '10:30', '10:45', '11:00'].map((at) => `a 2025-06-01T${at}:00.000Z`);
    expect(test.fired).toEqual(times);
    expect(test.recorded).toEqual(times);
  });

  it('fires at wall-clock time in the entry’s time zone', () => {
    const test = harness('2025-06-01T07:00:00Z');
    test.scheduler.upsert(entry('a', '0 9 * * *', { timeZone: 'Europe/London' }));
    test.advance(2 * hour);
    expect(test.fired).toEqual(['a 2025-06-01T08:00:00.000Z']);
  });

  it('fires a seconds schedule on the second', () => {
    const test = harness('2025-06-01T10:00:05Z');
    test.scheduler.upsert(entry('a', '*/20 * * * * *'));
    test.advance(40_000);
    expect(test.fired).toEqual(['a 2025-06-01T10:00:20.000Z', 'a 2025-06-01T10:00:40.000Z']);
  });

  it('keeps one timer for the earliest fire time across several entries', () => {
    const test = harness('2025-06-01T10:00:00Z');
    test.scheduler.set([
      entry('daily', '0 12 * * *'),
      entry('often', '*/10 * * * *'),
      entry('hourly', '0 * * * *'),
    ]);
    expect(test.pendingTimers()).toBe(1);
    expect(test.delays.at(-1)).toBe(Math.min(10 * minute, maxTimerMs));
    test.advance(hour);
    expect(test.pendingTimers()).toBe(1);
    expect(test.fired.filter((line) => line.endsWith('11:00:00.000Z'))).toEqual([
      'often 2025-06-01T11:00:00.000Z',
      'hourly 2025-06-01T11:00:00.000Z',
    ]);
    expect(test.fired).toHaveLength(7);
  });

  it('never fires a paused entry, and resumes from the next time without catching up', () => {
    const test = harness('2025-06-01T10:00:00Z');
    test.scheduler.upsert(entry('a', '*/5 * * * *', { isActive: false }));
    expect(test.pendingTimers()).toBe(0);
    test.advance(hour);
    expect(test.fired).toEqual([]);
    test.scheduler.upsert(entry('a', '*/5 * * * *'));
    test.advance(5 * minute);
    expect(test.fired).toEqual(['a 2025-06-01T11:05:00.000Z']);
    expect(test.missed).toEqual([]);
  });

  it('follows an upsert that changes the schedule', () => {
    const test = harness('2025-06-01T10:01:00Z');
    test.scheduler.upsert(entry('a', '0 * * * *'));
    test.scheduler.upsert(entry('a', '*/5 * * * *'));
    test.advance(10 * minute);
    expect(test.fired).toEqual(['a 2025-06-01T10:05:00.000Z', 'a 2025-06-01T10:10:00.000Z']);
  });

  it('stops firing a removed entry', () => {
    const test = harness('2025-06-01T10:00:00Z');
    test.scheduler.set([entry('a', '*/5 * * * *'), entry('b', '*/5 * * * *')]);
    test.scheduler.remove('a');
    test.scheduler.remove('unknown');
    test.advance(5 * minute);
    expect(test.fired).toEqual(['b 2025-06-01T10:05:00.000Z']);
    expect(test.scheduler.nextTimes('a', 1)).toEqual([]);
  });

  it('replaces all entries on set', () => {
    const test = harness('2025-06-01T10:00:00Z');
    test.scheduler.set([entry('a', '*/5 * * * *')]);
    test.scheduler.set([entry('b', '*/5 * * * *')]);
    test.advance(5 * minute);
    expect(test.fired).toEqual(['b 2025-06-01T10:05:00.000Z']);
  });

  it('lists an entry’s next times, and none when paused, invalid or unknown', () => {
    const test = harness('2025-06-01T10:00:00Z');
    test.scheduler.set([
      entry('a', '0 */6 * * *'),
      entry('paused', '* * * * *', { isActive: false }),
      entry('invalid', '61 * * * *'),
    ]);
    expect(test.scheduler.nextTimes('a', 3).map((time) => time.toISOString())).toEqual([
      '2025-06-01T12:00:00.000Z',
      '2025-06-01T18:00:00.000Z',
      '2025-06-02T00:00:00.000Z',
    ]);
    expect(test.scheduler.nextTimes('paused', 3)).toEqual([]);
    expect(test.scheduler.nextTimes('invalid', 3)).toEqual([]);
    expect(test.scheduler.nextTimes('unknown', 3)).toEqual([]);
  });

  it('skips entries with an invalid expression or time zone instead of throwing', () => {
    const test = harness('2025-06-01T10:00:00Z');
    expect(() =>
      test.scheduler.set([
        entry('bad', 'every minute'),
        entry('never', '0 0 30 2 *'),
        entry('nowhere', '* * * * *', { timeZone: 'Mars/Olympus_Mons' }),
        entry('good', '*/5 * * * *'),
      ]),
    ).not.toThrow();
    test.advance(5 * minute);
    expect(test.fired).toEqual(['good 2025-06-01T10:05:00.000Z']);
  });

  it('reports runs missed while the app was closed once, and does not replay them', () => {
    const test = harness('2025-06-01T10:30:00Z', { a: '2025-06-01T06:00:00Z' });
    test.scheduler.set([entry('a', '0 * * * *')]);
    expect(test.missed).toEqual(['a 2025-06-01T10:00:00.000Z ×4']);
    expect(test.fired).toEqual([]);
    test.advance(30 * minute);
    expect(test.fired).toEqual(['a 2025-06-01T11:00:00.000Z']);
    expect(test.missed).toHaveLength(1);
  });

  it('stops counting missed runs at the limit but still names the latest', () => {
    const test = harness('2025-06-01T10:30:00.500Z', { a: '2025-05-01T00:00:00Z' });
    test.scheduler.set([entry('a', '* * * * * *')]);
    expect(test.missed).toEqual([`a 2025-06-01T10:30:00.000Z ×${String(maxMissedCount)}`]);
  });

  it.each([
    ['a schedule that never fired', {}, [entry('a', '0 * * * *')]],
    ['a paused schedule', { a: '2025-06-01T06:00:00Z' }, [entry('a', '0 * * * *', { isActive: false })]],
    ['a schedule with nothing due since', { a: '2025-06-01T10:00:00Z' }, [entry('a', '0 * * * *')]],
    ['an invalid schedule', { a: '2025-06-01T06:00:00Z' }, [entry('a', '0 * * *')]],
  ])('reports no missed runs for %s', (_name, lastFired: Record<string, string>, entries) => {
    const test = harness('2025-06-01T10:30:00Z', lastFired);
    test.scheduler.set(entries);
    expect(test.missed).toEqual([]);
  });

  it('reports missed runs only at start-up, not for schedules added or resumed later', () => {
    const test = harness('2025-06-01T10:30:00Z', { a: '2025-06-01T06:00:00Z', b: '2025-06-01T06:00:00Z' });
    test.scheduler.set([entry('b', '0 * * * *', { isActive: false })]);
    test.scheduler.upsert(entry('a', '0 * * * *'));
    test.scheduler.upsert(entry('b', '0 * * * *'));
    expect(test.missed).toEqual([]);
  });

  it('records since when a schedule published, resumed or edited later is watched, not at start-up', () => {
    const test = harness('2025-06-01T10:30:00Z');
    test.scheduler.set([entry('a', '0 * * * *'), entry('b', '0 * * * *', { isActive: false })]);
    test.advance(hour);
    test.scheduler.upsert(entry('b', '0 * * * *'));
    test.scheduler.upsert(entry('a', '*/5 * * * *', { isActive: false }));
    test.scheduler.upsert(entry('c', '61 * * * *'));
    expect(test.watched).toEqual(['b 2025-06-01T11:30:00.000Z']);
  });

  it('fires a late timer (the machine slept) once, for the latest time, and reports the rest as missed', () => {
    const test = harness('2025-06-01T09:30:00Z');
    test.scheduler.set([entry('a', '0 * * * *'), entry('b', '0 12 * * *')]);
    test.advanceTo('2025-06-01T10:00:00Z');
    test.sleep(3 * hour + 20 * minute);
    expect(test.fired).toEqual([
      'a 2025-06-01T10:00:00.000Z',
      'a 2025-06-01T13:00:00.000Z',
      'b 2025-06-01T12:00:00.000Z',
    ]);
    expect(test.missed).toEqual(['a 2025-06-01T12:00:00.000Z ×2']);
    test.advanceTo('2025-06-01T14:00:00Z');
    expect(test.fired.at(-1)).toBe('a 2025-06-01T14:00:00.000Z');
  });

  it('fires on time after a suspend that timers do not count (Linux, macOS)', () => {
    const test = harness('2025-06-01T18:00:00Z');
    test.scheduler.set([entry('a', '0 9 * * *')]);
    test.suspend(14 * hour + 59 * minute);
    test.advance(2 * minute);
    expect(test.fired).toEqual(['a 2025-06-02T09:00:00.000Z']);
    expect(test.pendingTimers()).toBe(1);
  });

  it('notices a suspend past fire times soon after waking: fires once, reports the rest as missed', () => {
    const test = harness('2025-06-01T09:30:00Z');
    test.scheduler.set([entry('a', '0 * * * *')]);
    test.suspend(3 * hour);
    test.advance(minute);
    expect(test.fired).toEqual(['a 2025-06-01T12:00:00.000Z']);
    expect(test.missed).toEqual(['a 2025-06-01T11:00:00.000Z ×2']);
    expect(test.pendingTimers()).toBe(1);
  });

  it('keeps a firing that fell due when the schedule is saved again before its timer ends', () => {
    // Woken after 3 hours asleep, the runbook is published again before the timer notices.
    const test = harness('2025-06-01T09:30:00Z');
    test.scheduler.set([entry('a', '0 * * * *')]);
    test.suspend(3 * hour);
    test.scheduler.upsert(entry('a', '0 * * * *'));
    test.advance(minute);
    expect(test.fired).toEqual(['a 2025-06-01T12:00:00.000Z']);
    expect(test.missed).toEqual(['a 2025-06-01T11:00:00.000Z ×2']);
    expect(test.scheduler.nextTimes('a', 1)).toEqual([new Date('2025-06-01T13:00:00Z')]);
  });

  it('runs a schedule in the repeated autumn hour once, whatever the clock does', () => {
    // New York, 2025-11-02: 01:59 EDT is followed by 01:00 EST.
    const test = harness('2025-11-02T04:50:00Z');
    test.scheduler.set([entry('a', '30 1 * * *', { timeZone: 'America/New_York' })]);
    test.advance(3 * hour);
    expect(test.fired).toEqual(['a 2025-11-02T05:30:00.000Z']);
  });

  it.each([
    // Spring forward: 02:30 does not exist that night, so it fires once, at the end of the gap.
    ['Europe/London', '30 2 * * *', '2026-03-28T12:00:00Z'],
    ['America/New_York', '30 2 * * *', '2026-03-07T12:00:00Z'],
    ['Australia/Lord_Howe', '15 2 * * *', '2026-10-02T12:00:00Z'],
    // Fall back: 01:30 (Lord Howe: 01:45) happens twice that night, and fires at the first.
    ['Europe/London', '30 1 * * *', '2026-10-24T12:00:00Z'],
    ['America/New_York', '30 1 * * *', '2026-10-31T12:00:00Z'],
    ['Australia/Lord_Howe', '45 1 * * *', '2026-04-03T12:00:00Z'],
    // Every quarter hour over Lord Howe's 30-minute fall back.
    ['Australia/Lord_Howe', '*/15 1-2 * * *', '2026-04-04T13:00:00Z'],
  ])(
    'fires in %s across a daylight saving change (%s) exactly the times it listed',
    (timeZone, cron, from) => {
      const test = harness(from);
      test.scheduler.set([entry('a', cron, { timeZone })]);
      const listed = test.scheduler.nextTimes('a', 5).map((time) => time.toISOString());
      test.advanceTo(listed.at(-1) ?? from);
      expect(test.fired).toEqual(listed.map((time) => `a ${time}`));
      // A daily schedule runs once a day, the night of the change included.
      if (!cron.startsWith('*/')) expect(new Set(listed.map((time) => time.slice(0, 10))).size).toBe(5);
      expect(test.missed).toEqual([]);
    },
  );

  it('does not fire twice when the clock is set back and the timer ends early', () => {
    const test = harness('2025-06-01T09:59:00Z');
    test.scheduler.set([entry('a', '0 * * * *')]);
    test.advance(minute);
    test.setBack(30 * minute);
    test.advance(2 * hour);
    expect(test.fired).toEqual(['a 2025-06-01T10:00:00.000Z', 'a 2025-06-01T11:00:00.000Z']);
  });

  it('does not fire twice when the clock is set back and the schedule is changed', () => {
    const test = harness('2025-06-01T09:59:00Z');
    test.scheduler.set([entry('a', '0 * * * *')]);
    test.advance(minute);
    test.setBack(30 * minute);
    test.scheduler.upsert(entry('a', '0,30 * * * *'));
    test.advance(hour);
    expect(test.fired).toEqual(['a 2025-06-01T10:00:00.000Z', 'a 2025-06-01T10:30:00.000Z']);
  });

  it('does not repeat a run fired before a restart when the clock has since been set back', () => {
    const test = harness('2025-06-01T09:30:00Z', { a: '2025-06-01T10:00:00Z' });
    test.scheduler.set([entry('a', '0 * * * *')]);
    test.advanceTo('2025-06-01T11:00:00Z');
    expect(test.fired).toEqual(['a 2025-06-01T11:00:00.000Z']);
  });

  it('caps a timer at maxTimerMs and sets it again until the fire time', () => {
    const test = harness('2025-06-01T00:00:00Z');
    test.scheduler.set([entry('a', '0 3 * * *')]);
    expect(test.delays).toEqual([maxTimerMs]);
    test.advanceTo('2025-06-01T03:00:00Z');
    expect(test.fired).toEqual(['a 2025-06-01T03:00:00.000Z']);
    expect(test.delays).toHaveLength((3 * hour) / maxTimerMs + 1);
    expect(test.pendingTimers()).toBe(1);
  });

  it('fires the other due entries and keeps going when one fire throws', () => {
    const time = fakeClock('2025-06-01T10:00:00Z');
    const fired: string[] = [];
    const scheduler = createScheduler({
      clock: time.clock,
      fire: (runbookId) => {
        if (runbookId === 'broken') throw new Error('no such runbook');
        fired.push(runbookId);
      },
      lastFiredAt: () => null,
      recordFired: () => undefined,
      recordMissed: () => undefined,
      recordWatchedFrom: () => undefined,
    });
    scheduler.set([entry('broken', '*/5 * * * *'), entry('a', '*/5 * * * *')]);
    expect(() => time.advance(5 * minute)).toThrow('no such runbook');
    expect(fired).toEqual(['a']);
    expect(time.pendingTimers()).toBe(1);
  });

  it('cancels its timer on stop and fires nothing afterwards', () => {
    const test = harness('2025-06-01T10:00:00Z');
    test.scheduler.set([entry('a', '*/5 * * * *')]);
    test.scheduler.stop();
    expect(test.pendingTimers()).toBe(0);
    test.scheduler.upsert(entry('b', '*/5 * * * *'));
    test.advance(hour);
    expect(test.fired).toEqual([]);
  });

  describe('with the default clock', () => {
    afterEach(() => void vi.useRealTimers());

    it('fires through setTimeout, capping long delays', () => {
      vi.useFakeTimers({ now: Date.parse('2025-06-01T10:00:00Z') });
      const setTimeout = vi.spyOn(globalThis, 'setTimeout');
      const fired: string[] = [];
      const scheduler = createScheduler({
        fire: (runbookId, at) => fired.push(`${runbookId} ${at.toISOString()}`),
        lastFiredAt: () => null,
        recordFired: () => undefined,
        recordMissed: () => undefined,
        recordWatchedFrom: () => undefined,
      });
      scheduler.set([entry('a', '*/5 * * * *'), entry('yearly', '@yearly')]);
      vi.advanceTimersByTime(5 * minute);
      expect(fired).toEqual(['a 2025-06-01T10:05:00.000Z']);
      scheduler.remove('a');
      expect(setTimeout.mock.calls.at(-1)?.[1]).toBe(maxTimerMs);
      scheduler.stop();
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});
