/**
 * A time in the one ISO form the app stores (UTC, milliseconds), from its milliseconds. A run
 * stamps each step's start, its end and its call-log entry, and steps take less than a
 * millisecond: the last answer is kept, so most stamps cost a comparison instead of a Date and
 * its formatting.
 */
let lastMs = Number.NaN;
let lastText = '';

export function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastText;
}
