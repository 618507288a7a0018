/**
 * A pin as the inspector edits it: JSON text of the parts its step's type reads (a method's status,
 * outputs and response; a Condition's exit and outputs…). Reading the text back says what is wrong
 * and where — including an exit the step does not have — so the editor refuses it at the field and
 * keeps the text.
 */
import { readJsonText } from '../../../../../shared/domain/jsonParseError';
import { pinValueSchema, type Pin, type PinValue } from '../../../../../shared/rehearsal/rehearsal';
import { pinProblemOf, pinRulesOf, shownPin } from '../../../../../shared/rehearsal/stepPins';
import type { Step } from '../../../../../shared/runbook/stepTypes';

/** The pin's editable part as indented JSON. */
export function pinText(step: Step, pin: Pin): string {
  return JSON.stringify(shownPin(step, pin), null, 2);
}

/** The JSON a step's first pin starts from. */
export function examplePinText(step: Step): string {
  return JSON.stringify(pinRulesOf(step.type)?.example(step) ?? { outputs: {} }, null, 2);
}

/** The text read as a pin of `step`, or why it cannot be one. */
export function readPinText(text: string, step: Step): { value: PinValue } | { problem: string } {
  // Said without quoting the text: a pin may hold a token an API answered.
  const read = readJsonText(text);
  if ('problem' in read) return read;
  const result = pinValueSchema.safeParse(read.value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue === undefined || issue.path.length === 0 ? '' : ` (at ${issue.path.join('.')})`;
    const parts = [...(pinRulesOf(step.type)?.fields ?? []), 'outputs'].join(', ');
    return { problem: `Not a pin: ${issue?.message ?? 'it does not read'}${at}. It holds ${parts}.` };
  }
  const problem = pinProblemOf(step, result.data);
  return problem === null ? { value: result.data } : { problem };
}
