/** Turns the inputs a run was given into typed values, with defaults; names what is missing or wrong. */
import { maxQuotedLength, readableText } from '../../../shared/api/appError';
import { findTooDeep, tooDeepMessage } from '../../../shared/domain/jsonNesting';
import type { RunbookInput } from '../../../shared/runbook/runbookGraph';
import { runInputsSizeProblem } from '../../../shared/runbook/runInputsSize';
import type { RecordMask } from './recordMask';
import { setVariable } from './variableAssignment';

/**
 * `mask` hides the values a message must not show (a webhook's credential mapped to an input):
 * a refusal quotes the value, and goes to the sender, the log and the trigger log.
 */
export function prepareInputs(
  declared: readonly RunbookInput[],
  given: Record<string, unknown>,
  mask: RecordMask = (value) => value,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const input of declared) {
    // Own values only, read and set as such: `__proto__` is a valid input name, and read from an
    // object that lacks it, or assigned, it is the object's prototype instead of an input.
    const givenValue = Object.hasOwn(given, input.name) ? given[input.name] : undefined;
    const raw = givenValue ?? (input.defaultValue === '' ? undefined : input.defaultValue);
    if (raw === undefined || raw === '') {
      if (input.isRequired) throw new Error(`The input "${input.name}" is required.`);
      // Still there (as null): templates may use an optional input, and "exists" can ask for it.
      setVariable(inputs, input.name, null);
      continue;
    }
    setVariable(
      inputs,
      input.name,
      convert(input, raw, () => shownValue(mask(raw))),
    );
  }
  // The contract holds what a window, the API or the command line gives; a webhook's mapping or a
  // Run runbook step's templates can still make more, and the run would keep it in its record.
  const tooLarge = runInputsSizeProblem(inputs);
  if (tooLarge !== undefined) throw new Error(tooLarge.message);
  return inputs;
}

/**
 * A value as a refusal quotes it: short and readable, so a 900 KB object or a key holding a
 * newline is not repeated back. Masked before it is cut: a cut credential would no longer match.
 */
function shownValue(value: unknown): string {
  return readableText(JSON.stringify(value) ?? String(value), maxQuotedLength);
}

/**
 * Text (from the run dialog or the command line) is parsed by type; a value that already has a
 * type (an inputs file, a webhook mapping, a parent runbook) must fit it, or the run would carry
 * e.g. an object as a "number" into its templates.
 */
function convert(input: RunbookInput, raw: unknown, shown: () => string): unknown {
  switch (input.type) {
    case 'string':
      if (typeof raw === 'string') return raw;
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
      throw new Error(`The input "${input.name}" must be text, not ${shown()}.`);
    case 'number': {
      const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new Error(`The input "${input.name}" must be a number, not ${shown()}.`);
      return value;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw new Error(`The input "${input.name}" must be true or false, not ${shown()}.`);
    case 'json':
      return typeof raw === 'string' ? parseJsonText(input, raw, shown) : raw;
  }
}

/**
 * JSON given as text, held to the nesting every other way in is (a value given as JSON is checked
 * by the contract or the webhook): 5,000 levels parsed and then overflowed the stack further on.
 */
function parseJsonText(input: RunbookInput, raw: string, shown: () => string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(raw) as unknown;
  } catch {
    // JSON.parse's own message quotes the text it met, unmasked: quote it ourselves.
    throw new Error(`The input "${input.name}" must be JSON, not ${shown()}.`);
  }
  const tooDeep = findTooDeep(value);
  if (tooDeep !== undefined) throw new Error(tooDeepMessage(`The input "${input.name}"`, tooDeep));
  return value;
}
