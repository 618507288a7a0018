/** Turns the inputs a run was given into typed values, with defaults; names what is missing or wrong. */
import type { RunbookInput } from '../../../shared/runbook/runbookGraph';

export function prepareInputs(
  declared: readonly RunbookInput[],
  given: Record<string, unknown>,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const input of declared) {
    const raw = given[input.name] ?? (input.defaultValue === '' ? undefined : input.defaultValue);
    if (raw === undefined || raw === '') {
      if (input.isRequired) throw new Error(`The input "${input.name}" is required.`);
      continue;
    }
    inputs[input.name] = convert(input, raw);
  }
  return inputs;
}

function convert(input: RunbookInput, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  switch (input.type) {
    case 'string':
      return raw;
    case 'number': {
      const value = Number(raw);
      if (!Number.isFinite(value))
        throw new Error(`The input "${input.name}" must be a number, not "${raw}".`);
      return value;
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw new Error(`The input "${input.name}" must be true or false, not "${raw}".`);
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        throw new Error(`The input "${input.name}" must be JSON.`);
      }
  }
}
