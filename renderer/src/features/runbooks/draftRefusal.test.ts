import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/api/appError';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { draftRefusal } from './draftRefusal';
import { refusedDraftPart } from './refusedDraftPart';

const graph = {
  inputs: [],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'done', name: 'Done', type: 'end', message: '' },
    { id: 'check', name: 'Check', type: 'condition', combine: 'all', rules: [] },
    { id: 'vars', name: 'Keep', type: 'setVariables', assignments: [] },
    { id: 'call', name: 'Raise alert', type: 'method', methodId: '', arguments: {} },
    { id: 'ask', name: 'Ask', type: 'approval', message: '', notify: null },
  ],
  edges: [],
  positions: {},
} as unknown as RunbookGraph;

const refusal = (field: string, message: string) =>
  new AppError('invalid_input', `${field}: ${message}`, field);

/** What the designer says of a refusal of saving the graph above. */
const said = (caught: unknown) => draftRefusal(refusedDraftPart(caught, graph));

describe('a refused save of the draft', () => {
  it('names the step and the trigger field it is about, as the inspector labels it', () => {
    expect(said(refusal('draft.steps.0.webhook.signaturePrefix', 'At most 40 characters.'))).toEqual({
      stepId: 'start',
      message: 'Webhook signature prefix: At most 40 characters.',
      fullMessage: 'Start · Webhook signature prefix: At most 40 characters.',
    });
    expect(
      said(refusal('draft.steps.0.webhook.inputMapping.2.path', 'At most 1000 characters.')).message,
    ).toBe('Webhook mapping 3 JSONPath: At most 1000 characters.');
    expect(said(refusal('draft.steps.0.schedule.timeZone', 'At most 100 characters.')).message).toBe(
      'Schedule time zone: At most 100 characters.',
    );
  });

  it('names an End’s message as its form labels it', () => {
    expect(said(refusal('draft.steps.1.message', 'At most 2000 characters.'))).toEqual({
      stepId: 'done',
      message: 'Message: At most 2000 characters.',
      fullMessage: 'Done · Message: At most 2000 characters.',
    });
  });

  it('names a Condition’s rule and a Set variables’ variable by their row, numbered from 1', () => {
    expect(said(refusal('draft.steps.2.rules.1.left', 'At most 100000 characters.')).fullMessage).toBe(
      'Check · Rule 2: value: At most 100000 characters.',
    );
    expect(said(refusal('draft.steps.2.rules', 'At most 50 items.')).fullMessage).toBe(
      'Check · Rules: At most 50 items.',
    );
    expect(said(refusal('draft.steps.3.assignments.0.name', 'At most 64 characters.')).fullMessage).toBe(
      'Keep · Variable 1: At most 64 characters.',
    );
  });

  it('names a method variable’s field by the variable, as the form labels it', () => {
    expect(said(refusal('draft.steps.4.arguments.ticket', 'At most 100000 characters.')).fullMessage).toBe(
      'Raise alert · ticket: At most 100000 characters.',
    );
    expect(
      said(refusal('draft.steps.5.notify.arguments.channel', 'At most 100000 characters.')).message,
    ).toBe('channel: At most 100000 characters.');
    expect(said(refusal('draft.steps.5.instructions', 'At most 5000 characters.')).message).toBe(
      'Instructions: At most 5000 characters.',
    );
  });

  it('names the step and its name field, the inspector’s own', () => {
    expect(said(refusal('draft.steps.1.name', 'At most 200 characters.')).fullMessage).toBe(
      'Done · Step name: At most 200 characters.',
    );
  });

  it('names an input, and leaves a refusal of no step to the bar', () => {
    expect(said(refusal('draft.inputs.1.description', 'At most 500 characters.'))).toEqual({
      stepId: null,
      message: 'Input 2 description: At most 500 characters.',
      fullMessage: 'Input 2 description: At most 500 characters.',
    });
    expect(said(new AppError('not_found', 'This runbook no longer exists.'))).toEqual({
      stepId: null,
      message: 'This runbook no longer exists.',
      fullMessage: 'This runbook no longer exists.',
    });
  });
});
