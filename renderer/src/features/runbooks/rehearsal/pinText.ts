/**
 * A pin as the inspector edits it: JSON text of its status, outputs and response. Reading the text
 * back says what is wrong and where, so the editor refuses it at the field and keeps the text.
 */
import { pinValueSchema, type Pin, type PinValue } from '../../../../../shared/rehearsal/rehearsal';

/** The pin's editable part as indented JSON. */
export function pinText(pin: Pin): string {
  const { status, outputs, response } = pin;
  return JSON.stringify({ status, outputs, response }, null, 2);
}

/** The text read as a pin, or why it cannot be one. */
export function readPinText(text: string): { value: PinValue } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (caught) {
    return { problem: `Not valid JSON: ${(caught as Error).message}` };
  }
  const result = pinValueSchema.safeParse(parsed);
  if (result.success) return { value: result.data };
  const issue = result.error.issues[0];
  const at = issue === undefined || issue.path.length === 0 ? '' : ` (at ${issue.path.join('.')})`;
  return {
    problem: `Not a pin: ${issue?.message ?? 'it does not read'}${at}. It holds status, outputs and response.`,
  };
}
