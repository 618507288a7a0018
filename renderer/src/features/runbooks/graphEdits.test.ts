import { describe, expect, it } from 'vitest';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { withEdge, withLayout, withoutElements, withoutInput, withStepAdded } from './graphEdits';
import { threeStepGraph } from './threeStepGraph';

const graph: RunbookGraph = {
  ...threeStepGraph,
  inputs: [{ name: 'ticket', type: 'string', isRequired: false, defaultValue: '', description: '' }],
};

describe('graph edits', () => {
  it('adds a step after another through its first free exit, else unconnected', () => {
    const after = withStepAdded({ ...graph, edges: [] }, 'delay', { x: 5, y: 5 }, 'start');
    expect(after.graph.edges).toEqual([{ from: 'start', kind: 'next', to: after.stepId }]);
    expect(after.graph.positions[after.stepId]).toEqual({ x: 5, y: 5 });
    const alone = withStepAdded(graph, 'delay', { x: 5, y: 5 }, 'start');
    expect(alone.graph.edges).toBe(graph.edges);
  });

  it('deletes steps with their edges and their positions, never Start', () => {
    const next = withoutElements(graph, ['start', 'delay_1'], []);
    expect(next?.steps.map((step) => step.id)).toEqual(['start', 'end_1']);
    expect(next?.edges).toEqual([]);
    expect(Object.keys(next?.positions ?? {})).toEqual(['start', 'end_1']);
  });

  it('deletes an edge by its canvas id, and changes nothing when nothing named is there', () => {
    expect(withoutElements(graph, [], ['start:next'])?.edges).toEqual([graph.edges[1]]);
    expect(withoutElements(graph, ['start', 'gone'], ['gone:next'])).toBeNull();
  });

  it('moves the edge leaving an exit when the exit is connected again, and refuses a loop onto itself', () => {
    expect(withEdge(graph, { from: 'start', kind: 'next', to: 'end_1' })?.edges).toEqual([
      { from: 'delay_1', kind: 'next', to: 'end_1' },
      { from: 'start', kind: 'next', to: 'end_1' },
    ]);
    expect(withEdge(graph, { from: 'delay_1', kind: 'next', to: 'delay_1' })).toBeNull();
  });

  it('lays out only when a step moves', () => {
    expect(withLayout(graph, { delay_1: { x: 0, y: 100 } })).toBeNull();
    expect(withLayout(graph, { delay_1: { x: 40, y: 100 } })?.positions.delay_1).toEqual({ x: 40, y: 100 });
  });

  it('removes an input by its place, and nothing past the last', () => {
    expect(withoutInput(graph, 0)?.inputs).toEqual([]);
    expect(withoutInput(graph, 1)).toBeNull();
  });
});
