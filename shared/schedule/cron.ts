/**
 * Cron expressions for schedule triggers: parse once (`parseCron`), then list the next fire times
 * in an IANA time zone (`nextTimes`). Pure TypeScript; time zones come from `Intl` alone, so the
 * window checks schedules as they are typed with the same code the backend fires them with.
 *
 * Syntax: 5 fields (minute hour day month weekday) or 6 with seconds first; `*`, numbers, `a-b`,
 * steps (`*`, `a-b` or `a` followed by `/n`; `a/n` runs to the field's end, Saturday for weekdays
 * as for `*`, so a step never lands on 7 as a second Sunday; `7/n` is Sunday), lists `a,b`;
 * JAN–DEC and SUN–SAT in any case; weekday 0–7 with 0 and 7 both Sunday (FRI-SUN works); `?`
 * means `*` in the two day fields; macros @yearly @annually @monthly @weekly @daily @midnight
 * @hourly. When both day fields are restricted (not starting with `*`, nor `?`), a day matches if either does,
 * as in Vixie cron.
 *
 * Time: fields are wall-clock time in the time zone. Daylight saving time:
 * - A wall-clock time that does not exist (the hour skipped in spring) fires at the first instant
 *   after the gap: 01:30 on the day London springs forward fires at 02:00 BST. Several skipped
 *   times collapse into that one firing, so a daily job still runs that day, and only once.
 * - A wall-clock time that occurs twice (the hour repeated in autumn) fires once, at its first
 *   occurrence; nothing fires again during the repeated hour.
 *
 * Algorithm of `nextTimes`: convert `after` to wall-clock fields, then find the next matching
 * wall-clock time by skipping whole months, days, hours and minutes that cannot match; map it
 * to an instant (gap and overlap as above) and keep it if it is later than the last one kept.
 * A schedule whose days never occur (30 February) is refused by `parseCron`; as a safety net
 * the search also stops 10 years past the last fire time (29 February waits 8 years around 2100).
 */
import { AppError } from '../api/appError';

/** A parsed cron expression: the allowed values of each field, sorted. Plain data. */
export interface CronSchedule {
  readonly expression: string;
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  /** 1–31. */
  readonly daysOfMonth: readonly number[];
  /** 1–12. */
  readonly months: readonly number[];
  /** 0–6, Sunday is 0. */
  readonly daysOfWeek: readonly number[];
  /** False for `*` (with a step or not) or `?`; when both day fields are restricted a day matches if either does. */
  readonly isDayOfMonthRestricted: boolean;
  readonly isDayOfWeekRestricted: boolean;
}

/** A cron expression or time zone that cannot be used; `field` names the cron field at fault. */
export class CronError extends AppError {
  constructor(message: string, field?: string) {
    super('invalid_input', message, field);
    this.name = 'CronError';
  }
}

interface FieldSpec {
  field: string;
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Where the first name counts from (JAN is 1, SUN is 0). */
  nameBase?: number;
  allowsQuestionMark?: boolean;
}

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
// prettier-ignore
const monthLabels = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const second: FieldSpec = { field: 'second', label: 'Second', min: 0, max: 59 };
const minute: FieldSpec = { field: 'minute', label: 'Minute', min: 0, max: 59 };
const hour: FieldSpec = { field: 'hour', label: 'Hour', min: 0, max: 23 };
const day: FieldSpec = { field: 'day', label: 'Day', min: 1, max: 31, allowsQuestionMark: true };
const month: FieldSpec = { field: 'month', label: 'Month', min: 1, max: 12, names: monthNames, nameBase: 1 };
const weekday: FieldSpec = {
  field: 'weekday',
  label: 'Weekday',
  min: 0,
  max: 7,
  names: dayNames,
  nameBase: 0,
  allowsQuestionMark: true,
};

const macros: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** The search for one fire time gives up this many years past the previous one. */
const searchYears = 10;
const dayMs = 86_400_000;

/**
 * Parses a cron expression. Throws a CronError naming the field at fault, or saying the schedule
 * never fires when its days never occur (day 30 in February only).
 */
export function parseCron(expression: string): CronSchedule {
  const trimmed = expression.trim();
  const macro = trimmed.startsWith('@') ? macros[trimmed.toLowerCase()] : undefined;
  if (trimmed.startsWith('@') && macro === undefined)
    throw new CronError(
      `"${trimmed}" is not a cron macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly.`,
    );
  const parts = (macro ?? trimmed).split(/\s+/).filter((part) => part !== '');
  if (parts.length === 0)
    throw new CronError('Enter a cron expression, such as "0 9 * * 1-5" (09:00 on weekdays).');
  if (parts.length !== 5 && parts.length !== 6)
    throw new CronError(
      `A cron expression has 5 fields (minute hour day month weekday) or 6 with seconds first; this one has ${String(parts.length)}.`,
    );
  const [s, mi, h, dom, mo, dow] = parts.length === 6 ? parts : ['0', ...parts];
  // As in Vixie cron, a field starting with `*` (a step too, as in every other day) is not restricted.
  const isRestricted = (text: string) => !text.startsWith('*') && text !== '?';
  const schedule: CronSchedule = {
    expression: trimmed,
    seconds: parseField(s ?? '', second),
    minutes: parseField(mi ?? '', minute),
    hours: parseField(h ?? '', hour),
    daysOfMonth: parseField(dom ?? '', day),
    months: parseField(mo ?? '', month),
    daysOfWeek: parseField(dow ?? '', weekday),
    isDayOfMonthRestricted: isRestricted(dom ?? ''),
    isDayOfWeekRestricted: isRestricted(dow ?? ''),
  };
  refuseImpossibleDays(schedule);
  return schedule;
}

function parseField(text: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '')
      throw new CronError(`${spec.label} "${text}" has an empty item in its list.`, spec.field);
    const [rangeText = '', stepText, extra] = item.split('/');
    if (extra !== undefined)
      throw new CronError(`${spec.label} "${item}" has more than one "/".`, spec.field);
    const step = stepText === undefined ? 1 : parseStep(stepText, item, spec);
    let low: number;
    let high: number;
    if (rangeText === '*' || (rangeText === '?' && spec.allowsQuestionMark === true)) {
      low = spec.min;
      high = spec === weekday ? 6 : spec.max;
    } else {
      const [lowText = '', highText, beyond] = rangeText.split('-');
      if (beyond !== undefined || lowText === '' || highText === '')
        throw new CronError(`${spec.label} "${item}" is not a value or a range like 1-5.`, spec.field);
      low = parseValue(lowText, spec);
      if (highText !== undefined) high = parseValue(highText, spec);
      else high = stepText === undefined ? low : stepEnd(low, spec);
      // FRI-SUN: Sunday closes a weekday range as 7.
      if (spec === weekday && highText !== undefined && high === 0 && low > 0) high = 7;
      if (low > high)
        throw new CronError(
          `${spec.label} range "${rangeText}" runs backwards; put the smaller value first.`,
          spec.field,
        );
    }
    for (let value = low; value <= high; value += step)
      values.add(spec === weekday && value === 7 ? 0 : value);
  }
  return [...values].sort((a, b) => a - b);
}

function parseValue(token: string, spec: FieldSpec): number {
  const range = `${String(spec.min)}–${String(spec.max)}`;
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    if (value < spec.min || value > spec.max)
      throw new CronError(`${spec.label} "${token}" is out of range ${range}.`, spec.field);
    return value;
  }
  const index = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index >= 0) return index + (spec.nameBase ?? 0);
  const names =
    spec.names === undefined
      ? ''
      : ` or a ${spec === month ? 'month' : 'day'} name (${spec.names[0] ?? ''}–${spec.names.at(-1) ?? ''})`;
  throw new CronError(`${spec.label} "${token}" is not a number ${range}${names}.`, spec.field);
}

/**
 * Where `a/n` stops: the field's end; for weekdays Saturday, as for `*` — running on to 7 would
 * add Sunday to `1/2` (Monday, Wednesday, Friday) — except that `7/n` starts and stays on Sunday.
 */
function stepEnd(low: number, spec: FieldSpec): number {
  return spec === weekday ? Math.max(low, 6) : spec.max;
}

function parseStep(text: string, item: string, spec: FieldSpec): number {
  const step = /^\d+$/.test(text) ? Number(text) : 0;
  if (step < 1)
    throw new CronError(
      `${spec.label} "${item}" has step "${text}"; a step is a whole number of at least 1.`,
      spec.field,
    );
  return step;
}

/** Refuses day-of-month lists that no chosen month has (30 February), unless weekdays also match. */
function refuseImpossibleDays(schedule: CronSchedule): void {
  if (!schedule.isDayOfMonthRestricted || schedule.isDayOfWeekRestricted) return;
  const longest = (m: number) => (m === 2 ? 29 : [4, 6, 9, 11].includes(m) ? 30 : 31);
  const firstDay = schedule.daysOfMonth[0] ?? 1;
  if (schedule.months.some((m) => firstDay <= longest(m))) return;
  const months = joinWords(
    schedule.months.map((m) => monthLabels[m - 1] ?? String(m)),
    'and',
  );
  const days = joinWords(schedule.daysOfMonth.map(String), 'or');
  const verb = schedule.months.length === 1 ? 'has' : 'have';
  throw new CronError(`This schedule never fires: ${months} ${verb} no day ${days}.`, day.field);
}

function joinWords(words: string[], conjunction: string): string {
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1) ?? ''}`;
}

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

/** True for an IANA time zone name this runtime knows, such as 'Europe/London' or 'UTC'. */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
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
 * `timeZone` (see the header for daylight saving time). Fewer, or none, only if the schedule does
 * not fire within 10 years of the previous time. Throws a CronError for an unknown time zone.
 */
export function nextTimes(schedule: CronSchedule, timeZone: string, after: Date, count: number): Date[] {
  if (!isValidTimeZone(timeZone))
    throw new CronError(`Time zone "${timeZone}" is not known; use a name like Europe/London.`, 'timeZone');
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
