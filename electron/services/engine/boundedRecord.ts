/** What of a step is kept in run history: request and response (bodies cut to 64 KB), outputs. */
import type { StepOutcome } from './executionContext';

export const maxStoredBodyChars = 64 * 1024;
/** A run's result message (an End step's) is kept up to this length: it is listed with every run. */
export const maxResultMessageChars = 4_000;

function cut(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('body' in value)) return value ?? null;
  const body = (value as { body: unknown }).body;
  if (typeof body !== 'string' || body.length <= maxStoredBodyChars) return value;
  return { ...value, body: body.slice(0, maxStoredBodyChars), isBodyCut: true };
}

/** An End step's message as the run keeps it: null when empty, cut (with …) when too long. */
export function boundedResultMessage(message: string): string | null {
  if (message === '') return null;
  return message.length <= maxResultMessageChars ? message : `${message.slice(0, maxResultMessageChars)}…`;
}

export function boundedRecord(outcome: StepOutcome): {
  request: unknown;
  response: unknown;
  outputs: Record<string, unknown>;
} {
  return { request: cut(outcome.request), response: cut(outcome.response), outputs: outcome.outputs ?? {} };
}
