/**
 * Differential test: our cron parser against croner, a well-kept implementation, over a few
 * thousand generated expressions (a seeded generator, so every run checks the same ones). For each
 * expression both list the next fire times from a fixed start; they must be the same instants.
 *
 * Where we differ from croner on purpose, the difference is named below with its reason and that
 * class alone is set aside; any other disagreement is a bug in ours.
 * 1. Which day fields count as restricted. We follow Vixie cron: a day field starting with `*`
 *    (`*`, a step over `*`, `*,5`) or `?` is unrestricted, so the other day field alone decides; only when
 *    both are restricted does a day match if either does. Croner counts only a bare `*` (or `?`).
 *    Not set aside: croner is told the same with its `domAndDow` option (true = both must match).
 * 2. A schedule whose days never occur (31 June). We refuse it when it is entered, so nobody saves
 *    a trigger that never fires; croner accepts it and finds no run. Checked: croner finds none.
 * 3. A weekday range from Sunday to the name SUN (`SUN-SUN`, `0-sun`). Croner reads a closing SUN
 *    as 7 and the range as the whole week; we read Sunday alone, as Vixie cron does (SUN is 0;
 *    only a range starting after Sunday, FRI-SUN, closes at 7). Set aside.
 * 4. A weekday step starting at 7 (`7/3`). We read 7 as Sunday, as everywhere in that field;
 *    croner stops weekday steps at 6, so its field is empty and it never fires. Set aside.
 * 5. Daylight saving time for interval jobs (croner's term: any `*`, step, or more than one value
 *    in seconds, minutes or hours). Croner, as Vixie cron, runs them in both passes of a repeated
 *    hour and skips wall-clock times in a gap. We treat every job as croner treats fixed-time
 *    jobs — once, at the first pass; a skipped time at the instant the gap ends — so an hourly
 *    report neither doubles nor vanishes. Set aside: for interval jobs, the times within an hour
 *    of a change; fixed-time jobs must agree around the change too.
 * Croner's `sloppyRanges` lets it read `a/n` (from a to the field's end), which we accept.
 */
import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { type CronSchedule, nextTimes, parseCron } from './cron';
import {
  randomCronExpression,
  randomExpressionAroundTwoAm,
  seededRandom,
} from './testSupport/randomCronExpression';

const hourMs = 3_600_000;

interface Comparison {
  expression: string;
  start: string;
  ours: string[];
  croner: string[];
}

/** The day and weekday fields, whether there are 5 fields or 6 (seconds first). */
function dayFields(expression: string): { day: string; weekday: string; clock: string[] } {
  const fields = expression.split(' ');
  const withSeconds = fields.length === 6 ? fields : ['0', ...fields];
  return { clock: withSeconds.slice(0, 3), day: withSeconds[3] ?? '', weekday: withSeconds[5] ?? '' };
}

/** Vixie cron's rule (difference 1): a day field is unrestricted when it starts with `*`, or is `?`. */
const isUnrestrictedDayField = (field: string) => field.startsWith('*') || field === '?';

/** Differences 3 and 4: weekday items croner reads otherwise on purpose. */
function hasWeekdayReadOtherwise(expression: string): boolean {
  return dayFields(expression)
    .weekday.split(',')
    .some((item) => /^(0|sun)-sun$/i.test(item) || /^7\/\d+$/.test(item));
}

function cronerFor(expression: string, timeZone: string): Cron {
  const { day, weekday } = dayFields(expression);
  return new Cron(expression, {
    paused: true,
    sloppyRanges: true,
    domAndDow: isUnrestrictedDayField(day) || isUnrestrictedDayField(weekday),
    // The same instants as timezone 'UTC', and several times faster in croner.
    ...(timeZone === 'UTC' ? { utcOffset: 0 } : { timezone: timeZone }),
  });
}

/** Parses with ours; a schedule we refuse as never firing must find no run in croner either. */
function parseOrCheckNeverFires(expression: string, croner: Cron, start: Date): CronSchedule | null {
  try {
    return parseCron(expression);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('This schedule never fires')) throw error;
    expect(croner.nextRuns(1, start), `croner fires "${expression}", which we refuse`).toEqual([]);
    return null;
  }
}

/** Both libraries' next `count` fire times from `start`, as ISO strings; null if we refuse it. */
function compare(expression: string, timeZone: string, start: string, count: number): Comparison | null {
  const croner = cronerFor(expression, timeZone);
  const schedule = parseOrCheckNeverFires(expression, croner, new Date(start));
  if (schedule === null) return null;
  return {
    expression,
    start,
    ours: nextTimes(schedule, timeZone, new Date(start), count).map((time) => time.toISOString()),
    croner: croner.nextRuns(count, new Date(start)).map((time) => time.toISOString()),
  };
}

/** Croner's fixed-time jobs: one value, written without `*` or a step, in seconds, minutes and hours. */
function isFixedTimeJob(expression: string, schedule: CronSchedule): boolean {
  const isWrittenAsOneValue = dayFields(expression).clock.every((field) => !/[*?/]/.test(field));
  return (
    isWrittenAsOneValue &&
    schedule.seconds.length === 1 &&
    schedule.minutes.length === 1 &&
    schedule.hours.length === 1
  );
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The time zone's offset from UTC at an instant, as Intl writes it ("GMT-05:00"). */
function utcOffsetAt(timeZone: string, instant: number): string {
  let format = offsetFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  return format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/**
 * Difference 5 for an interval job: both lists without the times within an hour of a change of
 * offset (the gap, or both passes of the repeated hour), compared up to the earlier of their
 * last times (one list may have spent more of its count in that hour).
 */
function withoutChangeHours(comparison: Comparison, timeZone: string): Comparison {
  const isNearChange = (time: string) =>
    utcOffsetAt(timeZone, Date.parse(time) - hourMs) !== utcOffsetAt(timeZone, Date.parse(time) + hourMs);
  const horizon = [comparison.ours.at(-1), comparison.croner.at(-1)].sort()[0] ?? '';
  const kept = (times: string[]) => times.filter((time) => time <= horizon && !isNearChange(time));
  return { ...comparison, ours: kept(comparison.ours), croner: kept(comparison.croner) };
}

const disagreeing = (comparisons: Comparison[]) =>
  comparisons.filter((comparison) => comparison.ours.join() !== comparison.croner.join());

describe('our cron parser against croner', () => {
  it('finds the same next fire times in UTC for 2,500 generated expressions', () => {
    const random = seededRandom(20_251_201);
    // New Year, the eve of a leap day a second before midnight, an odd instant, and a century
    // year that is not a leap year.
    const starts = [
      '2025-01-01T00:00:00Z',
      '2024-02-28T23:59:59Z',
      '2027-06-15T13:37:11Z',
      '2099-12-31T23:00:00Z',
    ];
    const comparisons: Comparison[] = [];
    let setAside = 0;
    for (let index = 0; index < 2_500; index++) {
      const expression = randomCronExpression(random);
      if (hasWeekdayReadOtherwise(expression)) {
        setAside++;
        continue;
      }
      const comparison = compare(expression, 'UTC', starts[index % starts.length] ?? '', 5);
      if (comparison !== null) comparisons.push(comparison);
    }
    expect(disagreeing(comparisons).slice(0, 5)).toEqual([]);
    // The generator stays useful: almost every expression is compared, and with five times.
    expect(setAside).toBeLessThan(125);
    expect(comparisons.length).toBeGreaterThan(2_000);
    expect(comparisons.filter((comparison) => comparison.ours.length === 5).length).toBeGreaterThan(2_000);
  });

  it('agrees around daylight saving time in America/New_York, interval jobs outside the changed hour', () => {
    const random = seededRandom(1_964);
    // Clocks go 02:00 EST → 03:00 EDT at 07:00Z on 9 March 2025, and 02:00 EDT → 01:00 EST at
    // 06:00Z on 2 November 2025. Starts: the evening before, and shortly before each change.
    const starts = [
      '2025-03-09T05:30:00Z',
      '2025-03-09T06:58:00Z',
      '2025-11-02T04:30:00Z',
      '2025-11-02T05:58:00Z',
    ];
    const fixedTime: Comparison[] = [];
    const interval: Comparison[] = [];
    for (let index = 0; index < 400; index++) {
      const expression = randomExpressionAroundTwoAm(random);
      const comparison = compare(expression, 'America/New_York', starts[index % starts.length] ?? '', 8);
      if (comparison === null) continue;
      if (isFixedTimeJob(expression, parseCron(expression))) fixedTime.push(comparison);
      else interval.push(withoutChangeHours(comparison, 'America/New_York'));
    }
    expect(disagreeing(fixedTime).slice(0, 5)).toEqual([]);
    expect(disagreeing(interval).slice(0, 5)).toEqual([]);
    expect(fixedTime.length).toBeGreaterThan(50);
    expect(interval.length).toBeGreaterThan(200);
    // Enough is left to compare: fixed-time jobs that fire in the changed hour, interval jobs with times.
    const isInChangedHour = (time: string) =>
      time.startsWith('2025-03-09T07') || time.startsWith('2025-11-02T05');
    expect(fixedTime.filter((comparison) => comparison.ours.some(isInChangedHour)).length).toBeGreaterThan(
      10,
    );
    expect(interval.filter((comparison) => comparison.ours.length >= 3).length).toBeGreaterThan(200);
  });
});
