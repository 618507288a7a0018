/**
 * How large a run's inputs may be: 1 MB as JSON, the size of the largest webhook body, so a run
 * started from the Run dialog, the command line, the API or a webhook takes the same. A run keeps
 * its inputs in its record, every run page and `runs.get` carries them and a re-run repeats them;
 * a 50 MB input was stored whole. A large document belongs in a file or at a URL a step fetches.
 */

import { jsonRecordAsGivenSchema } from '../domain/jsonNesting';

/** The most a run's inputs may come to, as UTF-8 JSON (the webhook's default body limit). */
export const maxRunInputsBytes = 1024 * 1024;

/** An input whose size stops the run, and why. */
export interface RunInputsSizeProblem {
  /** The largest input: the one the message names, and where a form shows it. */
  name: string;
  message: string;
}

/** The UTF-8 length of `text`, counted without copying it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    // A surrogate pair is one 4-byte character; each half counts 2.
    else if (code >= 0xd800 && code <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** The size of a value as JSON text; 0 for what JSON leaves out (undefined). */
const jsonBytes = (value: unknown): number => utf8Length(JSON.stringify(value) ?? '');

/**
 * "52.4 MB", "800 KB": rounded up, so a size just over a limit never reads as the limit itself
 * ("1.1 MB; at most 1 MB", not "1 MB; at most 1 MB").
 */
export function sizeText(bytes: number): string {
  const megabytes = Math.ceil((bytes / (1024 * 1024)) * 10) / 10;
  return bytes >= 1024 * 1024 ? `${String(megabytes)} MB` : `${String(Math.ceil(bytes / 1024))} KB`;
}

/**
 * Why these inputs (by name, as the run is started with them) are too large to start a run with;
 * undefined when they fit. Counted as JSON, as they are sent and stored.
 */
export function runInputsSizeProblem(
  inputs: Readonly<Record<string, unknown>>,
): RunInputsSizeProblem | undefined {
  const entries = Object.entries(inputs);
  // The braces, and a comma between entries.
  let total = 2 + Math.max(0, entries.length - 1);
  let largest = { name: '', bytes: -1 };
  for (const [name, value] of entries) {
    const bytes = jsonBytes(value);
    // The name, its quotes and the colon.
    total += utf8Length(name) + 3 + bytes;
    if (bytes > largest.bytes) largest = { name, bytes };
  }
  if (total <= maxRunInputsBytes) return undefined;
  const limit = `a run takes at most ${sizeText(maxRunInputsBytes)} of inputs`;
  const message =
    largest.bytes > maxRunInputsBytes
      ? `The input "${largest.name}" is ${sizeText(largest.bytes)}; ${limit}. Pass a large document by reference instead (a URL a step fetches).`
      : `The inputs come to ${sizeText(total)}; ${limit} ("${largest.name}" is ${sizeText(largest.bytes)} of it).`;
  return { name: largest.name, message };
}

/**
 * A run's inputs as the contract takes them (runs.start, runGroups.start): bounded in size too,
 * measured only once they passed the record's checks (a value nested 5,000 deep is not walked).
 * Given back as they came, so an input named "__proto__" stays one.
 */
export const runInputsSchema = jsonRecordAsGivenSchema.superRefine(
  (inputs, context) => {
    const problem = runInputsSizeProblem(inputs);
    if (problem !== undefined)
      context.addIssue({ code: 'custom', message: problem.message, path: [problem.name] });
  },
  { when: (payload) => payload.issues.length === 0 },
);
