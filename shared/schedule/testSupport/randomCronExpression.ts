/**
 * Test support: a seeded, deterministic generator of cron expressions for the differential test
 * against croner. It writes every form our syntax has — `*`, `?`, numbers, ranges, steps over `*`,
 * a range or a start, lists, month and day names in mixed case, weekday 7 — weighted so that both
 * day fields are often restricted at once (where Vixie cron's "either day" rule applies).
 */

/** A pseudo-random source: mulberry32, a 32-bit generator good enough to pick test cases. */
export interface Random {
  /** A whole number in [low, high]. */
  integer(low: number, high: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  /** One of the items. */
  pick<T>(items: readonly T[]): T;
}

/** The same seed gives the same sequence on every machine, so a failure names its case. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  const integer = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  return {
    integer,
    chance: (probability) => next() < probability,
    pick: (items) => items[integer(0, items.length - 1)] as (typeof items)[number],
  };
}

interface FieldShape {
  min: number;
  /** The largest value written (weekday 7 is Sunday again). */
  max: number;
  names?: readonly string[];
  /** What a name stands for: JAN is 1, SUN is 0. */
  nameBase?: number;
  allowsQuestionMark?: boolean;
}

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const fields = {
  second: { min: 0, max: 59 },
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  day: { min: 1, max: 31, allowsQuestionMark: true },
  month: { min: 1, max: 12, names: monthNames, nameBase: 1 },
  weekday: { min: 0, max: 7, names: dayNames, nameBase: 0, allowsQuestionMark: true },
} satisfies Record<string, FieldShape>;

/** A value as a number, or as a name in upper, lower or title case where the field has names. */
function writeValue(random: Random, shape: FieldShape, value: number): string {
  const name = shape.names?.[value - (shape.nameBase ?? 0)];
  if (name === undefined || !random.chance(0.4)) return String(value);
  return random.pick([name, name.toLowerCase(), name[0] + name.slice(1).toLowerCase()]);
}

/** One list item: a value, a range, or a step over `*`, a range or a start value. */
function writeItem(random: Random, shape: FieldShape): string {
  const low = random.integer(shape.min, shape.max);
  const high = random.integer(low, shape.max);
  const step = random.integer(1, Math.max(2, Math.ceil((shape.max - shape.min) / 2)));
  switch (random.integer(0, 5)) {
    case 0:
    case 1:
      return writeValue(random, shape, low);
    case 2:
      return `${writeValue(random, shape, low)}-${writeValue(random, shape, high)}`;
    case 3:
      return `*/${String(step)}`;
    case 4:
      return `${String(low)}-${String(high)}/${String(step)}`;
    default:
      return `${String(low)}/${String(step)}`;
  }
}

/** A whole field: `*` (or `?`), one item, or a list of two or three. */
function writeField(random: Random, shape: FieldShape, wildcardChance: number): string {
  if (random.chance(wildcardChance))
    return shape.allowsQuestionMark === true && random.chance(0.2) ? '?' : '*';
  const count = random.chance(0.3) ? random.integer(2, 3) : 1;
  return Array.from({ length: count }, () => writeItem(random, shape)).join(',');
}

/**
 * The next cron expression: 5 fields, or 6 with seconds first one time in four. Seconds, minutes
 * and hours are restricted often enough that the next fire times spread over days and months.
 */
export function randomCronExpression(random: Random): string {
  const parts = [
    writeField(random, fields.minute, 0.2),
    writeField(random, fields.hour, 0.3),
    writeField(random, fields.day, 0.45),
    writeField(random, fields.month, 0.5),
    writeField(random, fields.weekday, 0.45),
  ];
  if (random.chance(0.25)) parts.unshift(writeField(random, fields.second, 0.2));
  return parts.join(' ');
}

/**
 * An expression whose hours sit around 01:00–03:00, when daylight saving time starts or ends in
 * America/New_York and Europe: single times (fixed-time jobs) as often as lists, ranges and steps.
 */
export function randomExpressionAroundTwoAm(random: Random): string {
  const minute = random.pick(['0', '30', '59', '45', '*/15', '0,30', '10-12', '*', '20/20']);
  const hour = random.pick(['1', '2', '3', '2-2', '1-3', '2,3', '1,2', '*/2', '*', '0-23/1']);
  const day = random.pick(['*', '*', '?', '9', '2', '8-9', '1-31', '*/2']);
  const weekday = random.pick(['*', '*', 'SUN', 'sat,0', '1-5', '0/3']);
  const parts = [minute, hour, day, random.pick(['*', 'MAR,NOV', '3/8']), weekday];
  if (random.chance(0.2)) parts.unshift(random.pick(['0', '30', '*/20']));
  return parts.join(' ');
}
