/**
 * What a test case may expect of its replay, offered as choices drawn from a run (or a case's
 * recorded outcome): how it ended, each output's value, each step reached or not. Pure, so the
 * Save as test case dialog and the test cases panel offer the same choices.
 */
import type { Expectation } from '../../../../../shared/rehearsal/testCase';
import { descriptorNamed } from '../../../../../shared/runbook/steps/stepRegistry';

/** A run as far as expectations go: its end state, the steps it went through, their last outputs. */
export interface ObservedOutcome {
  status: string;
  path: readonly string[];
  outputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface ExpectationChoice {
  key: string;
  expectation: Expectation;
  label: string;
}

/** Longer values are cut in a choice's label (the expectation keeps the whole value). */
const shownValueLength = 80;

/** The same expectation gives the same key, whichever way its fields were written. */
export function expectationKey(expectation: Expectation): string {
  switch (expectation.kind) {
    case 'outcome':
      return `outcome:${expectation.status}`;
    case 'reached':
      return `reached:${expectation.stepId}:${String(expectation.isReached)}`;
    case 'output':
      return `output:${expectation.stepId}:${expectation.name}:${JSON.stringify(expectation.equals)}`;
  }
}

/** The expectation as a sentence, steps called by their names. */
export function expectationLabel(expectation: Expectation, nameOf: (stepId: string) => string): string {
  switch (expectation.kind) {
    case 'outcome':
      return `The run ends ${expectation.status}`;
    case 'reached':
      return `“${nameOf(expectation.stepId)}” is ${expectation.isReached ? '' : 'not '}reached`;
    case 'output': {
      const value = JSON.stringify(expectation.equals);
      const shown = value.length > shownValueLength ? `${value.slice(0, shownValueLength)}…` : value;
      return `“${nameOf(expectation.stepId)}” output ${expectation.name} is ${shown}`;
    }
  }
}

/** A value an expectation can hold: JSON, and not too deep or long to keep. */
const isKeepable = (value: unknown) => {
  if (value === undefined) return false;
  const text = JSON.stringify(value);
  return text !== undefined && text.length <= 10_000;
};

/**
 * Every expectation the outcome offers, in this order: its end state (none for a cancelled
 * run), each step's outputs in path order, then each step of the runbook reached or not.
 */
export function expectationChoices(
  outcome: ObservedOutcome,
  steps: readonly { id: string; name: string; type: string }[],
): ExpectationChoice[] {
  const names = new Map(steps.map((step) => [step.id, step.name]));
  const nameOf = (stepId: string) => names.get(stepId) ?? stepId;
  const expectations: Expectation[] = [];
  if (outcome.status === 'succeeded' || outcome.status === 'failed')
    expectations.push({ kind: 'outcome', status: outcome.status });
  const seen = new Set<string>();
  for (const stepId of outcome.path) {
    if (seen.has(stepId)) continue;
    seen.add(stepId);
    for (const [name, value] of Object.entries(outcome.outputs[stepId] ?? {}))
      if (isKeepable(value)) expectations.push({ kind: 'output', stepId, name, equals: value });
  }
  for (const step of steps)
    if (descriptorNamed(step.type)?.isStart !== true)
      expectations.push({ kind: 'reached', stepId: step.id, isReached: outcome.path.includes(step.id) });
  return expectations.map((expectation) => ({
    key: expectationKey(expectation),
    expectation,
    label: expectationLabel(expectation, nameOf),
  }));
}

/** The choices with the expectations already held that the outcome does not offer (kept, chosen). */
export function withHeldExpectations(
  choices: readonly ExpectationChoice[],
  held: readonly Expectation[],
  nameOf: (stepId: string) => string,
): ExpectationChoice[] {
  const keys = new Set(choices.map((choice) => choice.key));
  const extra = held
    .filter((expectation) => !keys.has(expectationKey(expectation)))
    .map((expectation) => ({
      key: expectationKey(expectation),
      expectation,
      label: expectationLabel(expectation, nameOf),
    }));
  return [...choices, ...extra];
}

/** The last outputs of each step of a run's records. */
export function lastOutputsOf(
  records: readonly { stepId: string; outputs: Record<string, unknown> }[],
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(records.map((record) => [record.stepId, record.outputs]));
}
