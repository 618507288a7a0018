/** Test support: runbook drafts the tests build again and again. */
import type { CallInput } from '../../../shared/api/contract';
import { exitsOfStep, type Step as AnyStep } from '../../../shared/runbook/steps/stepRegistry';

type Draft = NonNullable<CallInput<'runbooks.update'>['draft']>;
type Step = NonNullable<Draft['steps']>[number];

/** Start → `step` → End, the step on its success (or next) exit, laid out top to bottom. */
export function oneStepDraft(step: Step, spacing = 120): Draft {
  return {
    steps: [{ id: 'start', name: 'Start', type: 'start' }, step, { id: 'done', name: 'Done', type: 'end' }],
    edges: [
      { from: 'start', kind: 'next', to: step.id },
      {
        from: step.id,
        kind: exitsOfStep(step as AnyStep).includes('success') ? 'success' : 'next',
        to: 'done',
      },
    ],
    positions: { start: { x: 0, y: 0 }, [step.id]: { x: 0, y: spacing }, done: { x: 0, y: spacing * 2 } },
  } as Draft;
}

/**
 * Start → Wait for approval "Ask" ("Go?", an hour) → Yes (approved) or No (rejected, timed out:
 * the run fails). `yesMessage` is the Yes step's message.
 */
export function approvalDraft(yesMessage = 'approved'): Draft & { steps: Step[] } {
  return {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'ask', name: 'Ask', type: 'approval', message: 'Go?', timeoutMinutes: 60 },
      { id: 'yes', name: 'Yes', type: 'end', message: yesMessage },
      { id: 'no', name: 'No', type: 'end', outcome: 'failed' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'ask' },
      { from: 'ask', kind: 'approved', to: 'yes' },
      { from: 'ask', kind: 'rejected', to: 'no' },
      { from: 'ask', kind: 'timed_out', to: 'no' },
    ],
  } as Draft & { steps: Step[] };
}

/**
 * Start → Set variables "Set" (`variable` = `{{inputs.<input>}}`) → End, the runbook declaring
 * `input` of `type`: a run's input as its step reads it.
 */
export function inputEchoDraft(
  input: string,
  variable: string,
  options: { type?: 'string' | 'json'; isRequired?: boolean } = {},
): Draft {
  return {
    ...oneStepDraft({
      id: 'set',
      name: 'Set',
      type: 'setVariables',
      assignments: [{ name: variable, value: `{{inputs.${input}}}` }],
    }),
    inputs: [{ name: input, type: options.type ?? 'string', isRequired: options.isRequired ?? false }],
  } as Draft;
}
