/** "5 minutes ago", "yesterday", "3 weeks ago": how long ago a moment was, in the window's language. */

const steps: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** How long before `now` the ISO moment `at` was; "now" for a moment within the last few seconds or ahead. */
export function timeAgo(at: string, now: number = Date.now(), formatter = format): string {
  let amount = (Date.parse(at) - now) / 1000;
  if (Number.isNaN(amount)) return '';
  if (amount > -5) return formatter.format(0, 'second');
  for (const [unit, size] of steps) {
    if (Math.abs(amount) < size) return formatter.format(Math.round(amount), unit);
    amount /= size;
  }
  return formatter.format(Math.round(amount), 'year');
}
