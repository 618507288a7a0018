/**
 * The one naming rule for copies — a forked runbook, a runbook imported beside one of the same
 * name, methods imported under a name already taken: "<name> (copy)", then "(copy 2)",
 * "(copy 3)"… whichever is free first. Method and runbook names are limited to 200 characters,
 * so a long name is shortened to make room for its suffix rather than producing a name the schemas
 * would refuse.
 */
import { AppError } from '../api/appError';

/**
 * The longest name of a method or runbook (methodLimits.nameMax, runbookLimits.nameMax). Not of an
 * integration: its names stop at integrationLimits.nameMax (100), and none is ever copied here.
 */
export const maxNameLength = 200;

/** Copies tried before giving up: a person never makes this many, a runaway loop would. */
const maxCopies = 10_000;

/** " (copy)" for the first copy, " (copy 2)" for the second, … */
function copySuffix(count: number): string {
  return count === 1 ? ' (copy)' : ` (copy ${String(count)})`;
}

/** The first `length` UTF-16 units of `text`, never ending in half a surrogate pair. */
function shortened(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * The first name of "<name> (copy)", "<name> (copy 2)", … for which `isTaken` says no, at most
 * `maxLength` characters long (the name is shortened, and trailing spaces trimmed, to fit).
 * Throws a `conflict` at the `name` field when thousands of copies already exist.
 */
export function firstFreeName(
  name: string,
  isTaken: (candidate: string) => boolean,
  maxLength: number = maxNameLength,
): string {
  for (let count = 1; count <= maxCopies; count += 1) {
    const suffix = copySuffix(count);
    const candidate = `${shortened(name, maxLength - suffix.length).trimEnd()}${suffix}`;
    if (!isTaken(candidate)) return candidate;
  }
  throw new AppError('conflict', `Too many copies of "${name}"; name the copy yourself.`, 'name');
}
