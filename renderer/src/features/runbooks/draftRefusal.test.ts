import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/api/appError';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { draftRefusal } from './draftRefusal';

const graph = {
  inputs: [],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'done', name: 'Done', type: 'end', message: '' },
  ],
  edges: [],
  positions: {},
} as unknown as RunbookGraph;

const refusal = (field: string, message: string) =>
  new AppError('invalid_input', `${field}: ${message}`, field);

describe('a refused save of the draft', () => {
  it('names the step and the trigger field it is about, as the inspector labels it', () => {
    expect(
      draftRefusal(refusal('draft.steps.0.webhook.signaturePrefix', 'At most 40 characters.'), graph),
    ).toEqual({
      stepId: 'start',
      message: 'Webhook signature prefix: At most 40 characters.',
      fullMessage: 'Start · Webhook signature prefix: At most 40 characters.',
    });
    expect(
      draftRefusal(refusal('draft.steps.0.webhook.inputMapping.2.path', 'At most 1000 characters.'), graph)
        .message,
    ).toBe('Webhook mapping 3 JSONPath: At most 1000 characters.');
    expect(
      draftRefusal(refusal('draft.steps.0.schedule.timeZone', 'At most 100 characters.'), graph).message,
    ).toBe('Schedule time zone: At most 100 characters.');
  });

  it('names the step alone for a part it has no name for', () => {
    expect(draftRefusal(refusal('draft.steps.1.message', 'At most 2000 characters.'), graph)).toEqual({
      stepId: 'done',
      message: 'At most 2000 characters.',
      fullMessage: 'Done · At most 2000 characters.',
    });
  });

  it('names an input, and leaves a refusal of no step to the bar', () => {
    expect(draftRefusal(refusal('draft.inputs.1.description', 'At most 500 characters.'), graph)).toEqual({
      stepId: null,
      message: 'Input 2 description: At most 500 characters.',
      fullMessage: 'Input 2 description: At most 500 characters.',
    });
    expect(
      draftRefusal(new AppError('not_found', 'This runbook no longer exists.'), graph).stepId,
    ).toBeNull();
  });
});
