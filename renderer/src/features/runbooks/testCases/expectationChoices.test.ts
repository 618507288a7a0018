import { describe, expect, it } from 'vitest';
import { expectationChoices, expectationKey, withHeldExpectations } from './expectationChoices';

const steps = [
  { id: 'start', name: 'Start', type: 'start' },
  { id: 'open', name: 'Open ticket', type: 'method' },
  { id: 'broke', name: 'Note failure', type: 'setVariables' },
];
const nameOf = (stepId: string) => steps.find((step) => step.id === stepId)?.name ?? stepId;

describe('expectation choices', () => {
  it('offers the end state, each output of the path and each step reached or not', () => {
    const choices = expectationChoices(
      { status: 'succeeded', path: ['start', 'open'], outputs: { open: { ticketId: 'T-1' } } },
      steps,
    );
    expect(choices.map((choice) => choice.label)).toEqual([
      'The run ends succeeded',
      '“Open ticket” output ticketId is "T-1"',
      '“Open ticket” is reached',
      '“Note failure” is not reached',
    ]);
  });

  it('offers no end state for a cancelled run', () => {
    const choices = expectationChoices({ status: 'cancelled', path: [], outputs: {} }, steps);
    expect(choices.some((choice) => choice.expectation.kind === 'outcome')).toBe(false);
  });

  it('keeps an expectation held that the outcome does not offer', () => {
    const held = { kind: 'output' as const, stepId: 'open', name: 'ticketId', equals: 'T-other' };
    const choices = withHeldExpectations(
      expectationChoices(
        { status: 'succeeded', path: ['open'], outputs: { open: { ticketId: 'T-1' } } },
        steps,
      ),
      [held, { kind: 'outcome', status: 'succeeded' }],
      nameOf,
    );
    expect(choices.filter((choice) => choice.key === expectationKey(held))).toHaveLength(1);
    expect(choices.filter((choice) => choice.expectation.kind === 'outcome')).toHaveLength(1);
  });
});
