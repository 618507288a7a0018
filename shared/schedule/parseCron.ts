/** Cron expressions read into plain data (`parseCron`), with the messages that say what is wrong. */
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

/**
 * Parses a cron expression. Throws a CronError naming the field at fault, or saying the schedule
 * never fires when its days never occur (day 30 in February only).
 *
 * Syntax: 5 fields (minute hour day month weekday) or 6 with seconds first; `*`, numbers, `a-b`,
 * steps (`*`, `a-b` or `a` followed by `/n`; `a/n` runs to the field's end, Saturday for weekdays
 * as for `*`, so a step never lands on 7 as a second Sunday; `7/n` is Sunday), lists `a,b`;
 * JAN–DEC and SUN–SAT in any case; weekday 0–7 with 0 and 7 both Sunday (FRI-SUN works); `?`
 * means `*` in the two day fields; macros @yearly @annually @monthly @weekly @daily @midnight
 * @hourly. When both day fields are restricted (not starting with `*`, nor `?`), a day matches if either does,
 * as in Vixie cron.
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
