/** The next fire times of a parsed cron expression in an IANA time zone, read with `Intl` alone. */
import { CronError, type CronSchedule } from './parseCron';

/** The search for one fire time gives up this many years past the previous one. */
const searchYears = 10;
const dayMs = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The formatter that reads wall-clock fields in a time zone; throws RangeError for an unknown zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    const numeric = 'numeric';
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: numeric,
      month: numeric,
      day: numeric,
      hour: numeric,
      minute: numeric,
      second: numeric,
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * Why `timeZone` cannot be a schedule's, or undefined when it is an IANA time zone name this
 * runtime knows, such as 'Europe/London' or 'UTC'. A fixed offset ('+05:30') is refused on every
 * runtime: newer ones (Chromium's, so the window's preview) accept it where Node does not, and a
 * schedule must mean the same in the window and where it fires.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  if (timeZone.trim() === '') return 'The schedule needs a time zone, such as Europe/London.';
  if (/^[-+−]|^(utc|gmt)[-+−]/i.test(timeZone.trim()))
    return (
      `"${timeZone}" is an offset from UTC, not a time zone: it would not follow daylight saving. ` +
      'Use the name of a place, such as Asia/Kolkata or America/New_York (or UTC).'
    );
  try {
    formatterFor(timeZone);
    return undefined;
  } catch {
    return `The time zone "${timeZone}" is not known; use a name like Europe/London.`;
  }
}

/** True for an IANA time zone name this runtime knows, such as 'Europe/London' or 'UTC'. */
export function isValidTimeZone(timeZone: string): boolean {
  return timeZoneProblem(timeZone) === undefined;
}

/** Wall-clock time minus UTC at an instant, in ms (whole seconds). */
function offsetAt(format: Intl.DateTimeFormat, instant: number): number {
  const field = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of format.formatToParts(instant)) {
    if (part.type in field) field[part.type as keyof typeof field] = Number(part.value);
  }
  const wall = Date.UTC(field.year, field.month - 1, field.day, field.hour % 24, field.minute, field.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The first instant showing wall-clock time `local` (a wall time written as if it were UTC ms);
 * in a spring-forward gap, the first instant after the gap.
 */
function instantOf(format: Intl.DateTimeFormat, local: number): number | null {
  // Every instant showing `local` lies within 14 hours of it, so offsets a day either side
  // are the ones before and after any transition near it.
  const before = offsetAt(format, local - dayMs);
  const after = offsetAt(format, local + dayMs);
  let first: number | null = null;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = local - offset;
    if (offsetAt(format, instant) === offset && (first === null || instant < first)) first = instant;
  }
  if (first !== null || before >= after) return first;
  // In the gap: bisect (by seconds) for the transition between local - after and local - before.
  let low = local - after;
  let high = local - before;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (offsetAt(format, middle) === after) high = middle;
    else low = middle;
  }
  return high;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

interface Matcher {
  seconds: number[];
  minutes: number[];
  hours: number[];
  months: number[];
  isDay: boolean[];
  isWeekday: boolean[];
  isEitherDay: boolean;
}

const matchers = new WeakMap<CronSchedule, Matcher>();

/** Lookup tables: `next[v]` is the first allowed value ≥ v, or -1. */
function matcherOf(schedule: CronSchedule): Matcher {
  let matcher = matchers.get(schedule);
  if (matcher === undefined) {
    const next = (values: readonly number[], size: number) =>
      Array.from({ length: size + 1 }, (_, v) => values.find((allowed) => allowed >= v) ?? -1);
    const has = (values: readonly number[], size: number) =>
      Array.from({ length: size }, (_, v) => values.includes(v));
    matcher = {
      seconds: next(schedule.seconds, 60),
      minutes: next(schedule.minutes, 60),
      hours: next(schedule.hours, 24),
      months: next(schedule.months, 13),
      isDay: has(schedule.daysOfMonth, 32),
      isWeekday: has(schedule.daysOfWeek, 7),
      isEitherDay: schedule.isDayOfMonthRestricted && schedule.isDayOfWeekRestricted,
    };
    matchers.set(schedule, matcher);
  }
  return matcher;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isDayMatching(matcher: Matcher, year: number, month: number, dayOfMonth: number): boolean {
  const dayOfWeek = (Math.floor(Date.UTC(year, month - 1, dayOfMonth) / dayMs) + 4) % 7; // 1970-01-01 was a Thursday
  const isDay = matcher.isDay[dayOfMonth] === true;
  const isWeekday = matcher.isWeekday[(dayOfWeek + 7) % 7] === true;
  return matcher.isEitherDay ? isDay || isWeekday : isDay && isWeekday;
}

/** The first matching wall-clock time at or after `from`, skipping what cannot match. */
function nextWallTime(matcher: Matcher, from: WallTime, lastYear: number): WallTime | null {
  let { year, month, day, hour, minute, second } = from;
  while (year <= lastYear) {
    const nextMonth = matcher.months[month] ?? -1;
    if (nextMonth < 0) {
      [year, month, day, hour, minute, second] = [year + 1, 1, 1, 0, 0, 0];
      continue;
    }
    if (nextMonth !== month) [month, day, hour, minute, second] = [nextMonth, 1, 0, 0, 0];
    if (day > daysInMonth(year, month)) {
      [month, day, hour, minute, second] = [month + 1, 1, 0, 0, 0];
      continue;
    }
    const nextHour = matcher.hours[hour] ?? -1;
    if (!isDayMatching(matcher, year, month, day) || nextHour < 0) {
      [day, hour, minute, second] = [day + 1, 0, 0, 0];
      continue;
    }
    if (nextHour !== hour) [hour, minute, second] = [nextHour, 0, 0];
    const nextMinute = matcher.minutes[minute] ?? -1;
    if (nextMinute < 0) {
      [hour, minute, second] = [hour + 1, 0, 0];
      continue;
    }
    if (nextMinute !== minute) [minute, second] = [nextMinute, 0];
    const nextSecond = matcher.seconds[second] ?? -1;
    if (nextSecond < 0) {
      [minute, second] = [minute + 1, 0];
      continue;
    }
    return { year, month, day, hour, minute, second: nextSecond };
  }
  return null;
}

/**
 * The next `count` fire times strictly after `after`, reading the schedule as wall-clock time in
 * `timeZone` (daylight saving time below). Fewer, or none, only if the schedule does not fire
 * within 10 years of the previous time. Throws a CronError for an unknown time zone.
 *
 * Time: fields are wall-clock time in the time zone. Daylight saving time:
 * - A wall-clock time that does not exist (the hour skipped in spring) fires at the first instant
 *   after the gap: 01:30 on the day London springs forward fires at 02:00 BST. Several skipped
 *   times collapse into that one firing, so a daily job still runs that day, and only once.
 * - A wall-clock time that occurs twice (the hour repeated in autumn) fires once, at its first
 *   occurrence; nothing fires again during the repeated hour.
 *
 * Algorithm: convert `after` to wall-clock fields, then find the next matching
 * wall-clock time by skipping whole months, days, hours and minutes that cannot match; map it
 * to an instant (gap and overlap as above) and keep it if it is later than the last one kept.
 * A schedule whose days never occur (30 February) is refused by `parseCron`; as a safety net
 * the search also stops 10 years past the last fire time (29 February waits 8 years around 2100).
 */
export function nextTimes(schedule: CronSchedule, timeZone: string, after: Date, count: number): Date[] {
  const zoneProblem = timeZoneProblem(timeZone);
  if (zoneProblem !== undefined) throw new CronError(zoneProblem, 'timeZone');
  const afterMs = after.getTime();
  if (Number.isNaN(afterMs)) throw new RangeError('nextTimes needs a valid date to count from.');
  const format = formatterFor(timeZone);
  const matcher = matcherOf(schedule);
  const start = new Date(Math.floor(afterMs / 1000) * 1000 + offsetAt(format, afterMs));
  let from: WallTime = {
    year: start.getUTCFullYear(),
    month: start.getUTCMonth() + 1,
    day: start.getUTCDate(),
    hour: start.getUTCHours(),
    minute: start.getUTCMinutes(),
    second: start.getUTCSeconds() + 1,
  };
  let lastYear = from.year + searchYears;
  let last = afterMs;
  const times: Date[] = [];
  while (times.length < count) {
    const wall = nextWallTime(matcher, from, lastYear);
    if (wall === null) break;
    const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
    const instant = instantOf(format, local);
    // Skipped times collapse into the instant after a gap; repeated ones already fired.
    if (instant !== null && instant > last) {
      times.push(new Date(instant));
      last = instant;
      lastYear = wall.year + searchYears;
    }
    from = { ...wall, second: wall.second + 1 };
  }
  return times;
}
