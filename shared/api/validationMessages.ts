/**
 * How a value refused for its size or length is worded where a schema gives no message of its
 * own: "At most 2048 characters." rather than zod's "Too big: expected string to have <=2048
 * characters". The dispatcher words a refusal so before it puts the field in front
 * ("definition.path: At most 2048 characters."). Only a refusal pays for this: set as zod's
 * global `customError`, it made every run ~8 µs a step slower (paired harness runs), since
 * zod then words the issues of every union branch it tries.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

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

/** Zod's own wording of a size (its English locale), which a schema's own message never starts with. */
const zodSizeWording = /^Too (big|small): expected /;

/** The issue's message, worded by `sizeMessage` where zod worded a size itself. */
export function issueMessage(issue: Issue): string {
  return zodSizeWording.test(issue.message) ? (sizeMessage(issue) ?? issue.message) : issue.message;
}
