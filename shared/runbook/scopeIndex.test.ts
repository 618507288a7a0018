import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from './runbookGraph';
import { createScopeIndex } from './scopeIndex';
import { scopeAt } from './variablesInScope';

/** Branches, a loop with a body, variables set on one branch only, and 40 steps in a chain. */
const graph = runbookGraphSchema.parse({
  inputs: [{ name: 'ticket', type: 'string' }],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'get', name: 'Get', type: 'method', methodId: 'm1' },
    { id: 'check', name: 'Check', type: 'condition', rules: [{ left: '1', operator: 'equals', right: '1' }] },
    { id: 'remember', name: 'Remember', type: 'setVariables', assignments: [{ name: 'note', value: 'x' }] },
    { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.ticket}}', itemVariable: 'row' },
    { id: 'inner', name: 'Inner', type: 'method', methodId: 'm2' },
    { id: 'after', name: 'After', type: 'delay' },
    ...Array.from({ length: 40 }, (_, index) => ({
      id: `c_${String(index)}`,
      name: `C${String(index)}`,
      type: 'delay',
    })),
    { id: 'end', name: 'End', type: 'end' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'get' },
    { from: 'get', kind: 'success', to: 'check' },
    { from: 'check', kind: 'true', to: 'remember' },
    { from: 'check', kind: 'false', to: 'each' },
    { from: 'remember', kind: 'next', to: 'each' },
    { from: 'each', kind: 'body', to: 'inner' },
    { from: 'inner', kind: 'success', to: 'each' },
    { from: 'each', kind: 'done', to: 'after' },
    { from: 'after', kind: 'next', to: 'c_0' },
    ...Array.from({ length: 39 }, (_, index) => ({
      from: `c_${String(index)}`,
      kind: 'next',
      to: `c_${String(index + 1)}`,
    })),
    { from: 'c_39', kind: 'next', to: 'end' },
  ],
});
const outputsOf = (methodId: string) => (methodId === 'm1' ? ['id', 'title'] : undefined);

describe('scope index', () => {
  it('answers exactly as scopeAt at every step', () => {
    const scopeOf = createScopeIndex(graph, outputsOf);
    const names = ['start', 'get', 'check', 'remember', 'each', 'inner', 'after', 'c_20', 'end', 'nope'];
    for (const stepId of graph.steps.map((step) => step.id)) {
      const expected = scopeAt(graph, stepId, outputsOf);
      const actual = scopeOf(stepId);
      for (const name of names) {
        expect(actual.steps.has(name), `${stepId} sees step ${name}`).toBe(expected.steps.has(name));
        expect(actual.steps.get(name), `${stepId} outputs of ${name}`).toEqual(expected.steps.get(name));
      }
      expect(actual.vars.has('note'), `${stepId} vars.note`).toBe(expected.vars.has('note'));
      expect(actual.loopItems.has('row'), `${stepId} row`).toBe(expected.loopItems.has('row'));
      expect(actual.inputs.has('ticket')).toBe(true);
    }
  });

  it('handles the loop: the body sees itself through the For each, the For each sees the body', () => {
    const scopeOf = createScopeIndex(graph, outputsOf);
    expect(scopeOf('inner').loopItems.has('row')).toBe(true);
    expect(scopeOf('after').loopItems.has('row')).toBe(false);
    expect(scopeOf('each').steps.has('inner')).toBe(true);
    expect(scopeOf('inner').steps.has('inner')).toBe(false);
  });

  it('copes with 5,000 steps in a chain', () => {
    const size = 5_000;
    const big = runbookGraphSchema.parse({
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        ...Array.from({ length: size }, (_, index) => ({
          id: `s_${String(index)}`,
          name: 'S',
          type: 'delay',
        })),
      ],
      edges: [
        { from: 'start', kind: 'next', to: 's_0' },
        ...Array.from({ length: size - 1 }, (_, index) => ({
          from: `s_${String(index)}`,
          kind: 'next',
          to: `s_${String(index + 1)}`,
        })),
      ],
    });
    const scopeOf = createScopeIndex(big, () => undefined);
    expect(scopeOf(`s_${String(size - 1)}`).steps.has('start')).toBe(true);
    expect(scopeOf('s_0').steps.has(`s_${String(size - 1)}`)).toBe(false);
  });
});
