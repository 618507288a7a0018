/**
 * Pins of every step type (PRODUCT.md §8): which steps can be pinned, whether a pin still fits its
 * step (the exit it names may have gone), the pin a run's record gives, and the pin the inspector
 * starts from. Each type says how it is pinned in its descriptor's `pin`; nothing here switches on
 * a type. Shared by the pin service, the designer runs' check at start and the inspector.
 */
import type { Step } from '../runbook/stepTypes';
import { descriptorNamed, descriptorOf, exitLabelOf, exitsOfStep } from '../runbook/steps/stepRegistry';
import { pinFields, type PinField, type PinnedRecord, type PinValue, type StepPinRules } from './rehearsal';

/** How a step of this type is pinned, or undefined when it is not (a Start has no result). */
export function pinRulesOf(stepType: string): StepPinRules<Step> | undefined {
  return descriptorNamed(stepType)?.pin;
}

export function isPinnableType(stepType: string): boolean {
  return pinRulesOf(stepType) !== undefined;
}

/** Whether a pin gives a part: absent, and a null response, give nothing. */
function gives(pin: PinValue, field: PinField): boolean {
  return field === 'response' ? pin.response !== null : pin[field] !== undefined;
}

/** The exits a step has, as a message lists them: `"case_c1" (= open), "default"`. */
function exitList(step: Step): string {
  return exitsOfStep(step)
    .map((kind) => {
      const label = exitLabelOf(step, kind);
      return label === kind ? `"${kind}"` : `"${kind}" (${label})`;
    })
    .join(', ');
}

/**
 * Why the pin does not fit the step as it now is — its type is not pinned, a part it must give is
 * missing, it gives a part the step does not read, or it names an exit the step no longer has —
 * or null when it fits.
 */
export function pinProblemOf(step: Step, pin: PinValue): string | null {
  const rules = descriptorOf(step).pin;
  if (rules === undefined) return `"${step.name}" has no result to pin.`;
  const missing = rules.requires.find((field) => !gives(pin, field));
  if (missing !== undefined) return `A pin of "${step.name}" needs "${missing}".`;
  const unread = pinFields.find((field) => gives(pin, field) && !rules.fields.includes(field));
  if (unread !== undefined)
    return `A pin of "${step.name}" holds ${[...rules.fields, 'outputs'].map((field) => `"${field}"`).join(', ')}; "${unread}" means nothing to it.`;
  if (pin.exit !== undefined && !exitsOfStep(step).some((kind) => kind === pin.exit))
    return `"${step.name}" is pinned to the exit "${pin.exit}", which it does not have (its exits: ${exitList(step)}); edit the pin or unpin it.`;
  return null;
}

/** The first pin of `graph`'s steps that no longer fits its step, as a message; null when all fit. */
export function stalePinOf(steps: readonly Step[], pins: ReadonlyMap<string, PinValue>): string | null {
  for (const step of steps) {
    const pin = pins.get(step.id);
    const problem = pin === undefined ? null : pinProblemOf(step, pin);
    if (problem !== null) return problem;
  }
  return null;
}

/** The pin a run's record of `step` gives (still to be read through pinValueSchema), or why none. */
export function pinFromRecord(step: Step, record: PinnedRecord): Record<string, unknown> | string {
  const rules = descriptorOf(step).pin;
  if (rules === undefined) return `"${step.name}" has no result to pin.`;
  return rules.fromRecord(record, step);
}

/** The parts of a pin its step reads, in the order the inspector shows them. */
export function shownPin(step: Step, pin: PinValue): Record<string, unknown> {
  const fields = descriptorOf(step).pin?.fields ?? [];
  const shown: Record<string, unknown> = {};
  for (const field of pinFields) if (fields.includes(field) && gives(pin, field)) shown[field] = pin[field];
  shown.outputs = pin.outputs;
  if (fields.includes('response')) shown.response = pin.response;
  return shown;
}
