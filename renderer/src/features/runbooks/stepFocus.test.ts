import { describe, expect, it } from 'vitest';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { stepBefore } from './stepFocus';

const graph: Pick<RunbookGraph, 'edges'> = {
  edges: [
    { from: 'start', kind: 'next', to: 'check' },
    { from: 'check', kind: 'true', to: 'close' },
    { from: 'check', kind: 'false', to: 'done' },
    { from: 'close', kind: 'success', to: 'done' },
  ],
};

describe('stepBefore', () => {
  it('is the step that leads into the deleted one', () => {
    expect(stepBefore(graph, ['close'])).toBe('check');
  });

  it('skips steps deleted with it', () => {
    expect(stepBefore(graph, ['check', 'close'])).toBe('start');
  });

  it('is none for a step nothing leads into', () => {
    expect(stepBefore(graph, ['start'])).toBeUndefined();
  });
});
