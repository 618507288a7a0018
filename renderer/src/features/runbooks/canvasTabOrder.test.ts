import { describe, expect, it } from 'vitest';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import type { Step } from '../../../../shared/runbook/stepTypes';
import { canvasTabOrder } from './canvasTabOrder';

const delay = (id: string): Step => ({ id, name: id, type: 'delay', seconds: '1' });

/** Start → Loop (For each): body → Work → back to Loop, done → Check: true → Done, false → Fix → Done. */
const graph: Pick<RunbookGraph, 'steps' | 'edges' | 'positions'> = {
  steps: [
    { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: '' },
    delay('fix'),
    { id: 'check', name: 'Check', type: 'condition', combine: 'all', rules: [] },
    delay('work'),
    { id: 'loop', name: 'Loop', type: 'forEach', items: '[]', itemVariable: 'item' },
    { id: 'start', name: 'Start', type: 'start' },
  ],
  edges: [
    { from: 'check', kind: 'false', to: 'fix' },
    { from: 'fix', kind: 'next', to: 'done' },
    { from: 'loop', kind: 'done', to: 'check' },
    { from: 'work', kind: 'next', to: 'loop' },
    { from: 'check', kind: 'true', to: 'done' },
    { from: 'start', kind: 'next', to: 'loop' },
    { from: 'loop', kind: 'body', to: 'work' },
  ],
  positions: {},
};

describe('canvasTabOrder', () => {
  it('takes the steps from Start as the flow goes, each exit in its order, each step once', () => {
    expect(canvasTabOrder(graph).steps).toEqual(['start', 'loop', 'work', 'check', 'done', 'fix']);
  });

  it('takes the edges after, by the step they leave and its exits’ order', () => {
    expect(canvasTabOrder(graph).edges).toEqual([
      'start:next',
      'loop:body',
      'loop:done',
      'work:next',
      'check:true',
      'check:false',
      'fix:next',
    ]);
  });

  it('takes the steps the flow does not reach last, as drawn from the top, each with what it leads to', () => {
    const order = canvasTabOrder({
      steps: [{ id: 'start', name: 'Start', type: 'start' }, delay('low'), delay('high'), delay('after_low')],
      edges: [{ from: 'low', kind: 'next', to: 'after_low' }],
      positions: {
        start: { x: 0, y: 0 },
        low: { x: 0, y: 400 },
        high: { x: 300, y: 200 },
        after_low: { x: 0, y: 100 },
      },
    });
    expect(order.steps).toEqual(['start', 'high', 'low', 'after_low']);
  });
});
