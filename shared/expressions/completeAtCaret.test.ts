import { describe, expect, it } from 'vitest';
import { applyCompletion, completionAtCaret } from './completeAtCaret';

const candidates = [
  'inputs.ticket',
  'steps.ask.outputs.text',
  'steps.ask.status',
  'vars.count',
  'trigger.body',
];

describe('completion at the caret', () => {
  it.each([
    ['Hello {{', 8, '', candidates.length],
    ['Hello {{st', 10, 'st', 2],
    ['{{ask', 5, 'ask', 2],
    ['{{ TEXT', 7, 'TEXT', 1],
  ])('offers the variables for %j at %i', (text, caret, query, count) => {
    const completion = completionAtCaret(text, caret, candidates);
    expect(completion?.query).toBe(query);
    expect(completion?.matches).toHaveLength(count);
  });

  it('ranks names that start with the query first', () => {
    expect(completionAtCaret('{{s', 3, ['vars.s', 'steps.a.status', 'inputs.s'])?.matches).toEqual([
      'steps.a.status',
      'vars.s',
      'inputs.s',
    ]);
  });

  it('offers nothing outside a placeholder', () => {
    expect(completionAtCaret('plain text', 5, candidates)).toBeNull();
    expect(completionAtCaret('{{inputs.ticket}} and', 20, candidates)).toBeNull();
    expect(completionAtCaret('{{a b', 5, candidates)).toBeNull();
  });

  it('inserts the placeholder at the caret, keeping the text around it', () => {
    const text = 'Ticket {{inp and more';
    const completion = completionAtCaret(text, 11, candidates);
    expect(completion).not.toBeNull();
    if (completion === null) return;
    expect(applyCompletion(text, 11, completion, 'inputs.ticket')).toEqual({
      text: 'Ticket {{inputs.ticket}} and more',
      caret: 24,
    });
  });

  it('replaces a half-typed name and its closing braces', () => {
    const text = 'x {{inputs.ti}} y';
    const completion = completionAtCaret(text, 8, candidates);
    if (completion === null) throw new Error('expected a completion');
    expect(applyCompletion(text, 8, completion, 'inputs.ticket')).toEqual({
      text: 'x {{inputs.ticket}} y',
      caret: 19,
    });
  });
});
