/**
 * How a value refused for its size or length is worded where a schema gives no message of its
 * own: "At most 2048 characters." rather than zod's "Too big: expected string to have <=2048
 * characters". The dispatcher puts the field before it ("definition.path: At most 2048
 * characters."), and the window shows it at that field. Set once for the whole process, by the
 * contract every caller goes through (an import of this module); messages a schema words itself
 * come first, as zod gives them precedence over this.
 */
import { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const units: Readonly<Record<string, readonly [string, string]>> = {
  string: ['character', 'characters'],
  array: ['item', 'items'],
  set: ['item', 'items'],
  file: ['byte', 'bytes'],
};

/** The bound of a too_big / too_small issue as a person says it, e.g. "2048 characters". */
function amountOf(bound: number | bigint, origin: string): string {
  const words = units[origin];
  if (words === undefined) return String(bound);
  return `${String(bound)} ${bound === 1 || bound === 1n ? words[0] : words[1]}`;
}

/** The message for a length or size a schema refused without wording it, else undefined (zod's). */
export function sizeMessage(issue: Issue): string | undefined {
  if (issue.code === 'too_big') {
    const { maximum, origin, inclusive } = issue;
    return inclusive === false
      ? `Less than ${amountOf(maximum, origin)}.`
      : `At most ${amountOf(maximum, origin)}.`;
  }
  if (issue.code === 'too_small') {
    const { minimum, origin, inclusive } = issue;
    if (origin === 'string' && minimum === 1) return 'Must not be empty.';
    if ((origin === 'array' || origin === 'set') && minimum === 1) return 'Give at least one.';
    return inclusive === false
      ? `More than ${amountOf(minimum, origin)}.`
      : `At least ${amountOf(minimum, origin)}.`;
  }
  return undefined;
}

z.config({ customError: sizeMessage });
