import { describe, expect, it } from 'vitest';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import { replaceStep } from './replaceStep';

const low = { id: 'c2', equals: 'low' };
const route: StepOf<'switch'> = {
  id: 'route',
  name: 'Route',
  type: 'switch',
  value: '{{inputs.priority}}',
  cases: [{ id: 'c1', equals: 'high' }, low],
};
const graph: RunbookGraph = {
  inputs: [],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    route,
    { id: 'end_1', name: 'Done', type: 'end', outcome: 'succeeded', message: '' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'route' },
    { from: 'route', kind: 'case_c1', to: 'end_1' },
    { from: 'route', kind: 'case_c2', to: 'end_1' },
    { from: 'route', kind: 'default', to: 'end_1' },
  ],
  positions: {},
};

describe('replacing a step', () => {
  it('drops the edge of an exit the step no longer has', () => {
    const next = replaceStep(graph, 'route', { ...route, cases: [low] });
    expect(next.steps[1]).toEqual({ ...route, cases: [low] });
    expect(next.edges.map((edge) => `${edge.from}:${edge.kind}`)).toEqual([
      'start:next',
      'route:case_c2',
      'route:default',
    ]);
  });

  it('keeps the edges, the same list, when every exit stays', () => {
    const next = replaceStep(graph, 'route', { ...route, name: 'Route by priority' });
    expect(next.edges).toBe(graph.edges);
    expect(next.steps[1]?.name).toBe('Route by priority');
  });
});
