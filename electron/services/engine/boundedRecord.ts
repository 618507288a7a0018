/** What of a step is kept in run history: request and response (bodies cut to 64 KB), outputs. */
import type { StepOutcome } from './executionContext';

export const maxStoredBodyChars = 64 * 1024;

function cut(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('body' in value)) return value ?? null;
  const body = (value as { body: unknown }).body;
  if (typeof body !== 'string' || body.length <= maxStoredBodyChars) return value;
  return { ...value, body: body.slice(0, maxStoredBodyChars), isBodyCut: true };
}

export function boundedRecord(outcome: StepOutcome): {
  request: unknown;
  response: unknown;
  outputs: Record<string, unknown>;
} {
  return { request: cut(outcome.request), response: cut(outcome.response), outputs: outcome.outputs ?? {} };
}
