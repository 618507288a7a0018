import { describe, expect, it } from 'vitest';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { createFlowElementCache, edgeLabelGap } from './flowElements';

const nameOf = (id: string) => `Step ${id}`;
import { stepNodeSize } from './stepNodeLayout';
import { threeStepGraph } from './threeStepGraph';

const graph: RunbookGraph = threeStepGraph;

describe('flow elements', () => {
  it('hands React Flow a new object only for the step that moved', () => {
    const cache = createFlowElementCache();
    const before = cache.nodes(graph, [], {});
    const moved = { ...graph, positions: { ...graph.positions, delay_1: { x: 30, y: 130 } } };
    const after = cache.nodes(moved, [], {});
    expect(after.map((node, index) => node === before[index])).toEqual([true, false, true]);
    expect(after[1]?.position).toEqual({ x: 30, y: 130 });
    expect(after[1]?.data).toBe(before[1]?.data);
  });

  it('marks the selection, and only Start as not deletable', () => {
    const nodes = createFlowElementCache().nodes(graph, ['start', 'end_1'], {});
    expect(nodes.map((node) => [node.selected, node.deletable])).toEqual([
      [true, false],
      [false, true],
      [true, true],
    ]);
  });

  it('gives every step its size and handles, so React Flow can draw before measuring', () => {
    const cache = createFlowElementCache();
    const [start, delay] = cache.nodes(graph, [], {});
    expect(start?.measured).toEqual(stepNodeSize);
    expect(start?.handles?.map((handle) => [handle.type, handle.id])).toEqual([['source', 'next']]);
    expect(delay?.handles?.map((handle) => [handle.type, handle.id])).toEqual([
      ['target', null],
      ['source', 'next'],
    ]);
    // A size React Flow reports wins.
    const measured = cache.nodes(graph, [], { delay_1: { width: 200, height: 70 } });
    expect(measured[1]?.measured).toEqual({ width: 200, height: 70 });
    expect(measured[0]).toBe(start);
  });

  it('keeps edges while only positions change, and renews a selected one', () => {
    const cache = createFlowElementCache();
    const before = cache.edges(graph.edges, [], nameOf);
    expect(cache.edges(graph.edges, [], nameOf).every((edge, index) => edge === before[index])).toBe(true);
    const after = cache.edges(graph.edges, ['delay_1:next'], nameOf);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]?.selected).toBe(true);
  });

  it('names each edge by its steps and exit, and renews it when a step is renamed', () => {
    const cache = createFlowElementCache();
    const before = cache.edges(graph.edges, [], nameOf);
    expect(before.map((edge) => edge.ariaLabel)).toEqual(
      graph.edges.map((edge) => `From ${nameOf(edge.from)} on ${edge.kind} to ${nameOf(edge.to)}`),
    );
    const renamed = cache.edges(graph.edges, [], (id) =>
      id === graph.edges[0]?.to ? 'Renamed' : nameOf(id),
    );
    expect(renamed[0]).not.toBe(before[0]);
    expect(renamed[0]?.ariaLabel).toContain('to Renamed');
  });

  it('stacks the labels of exits that lead from one step to the same step, and moves no other', () => {
    const cache = createFlowElementCache();
    const edges = [
      { from: 'start', kind: 'next' as const, to: 'approve' },
      { from: 'approve', kind: 'approved' as const, to: 'open' },
      { from: 'approve', kind: 'rejected' as const, to: 'notify' },
      { from: 'approve', kind: 'timed_out' as const, to: 'notify' },
    ];
    const shifts = cache.edges(edges, [], nameOf).map((edge) => edge.data?.labelShift ?? 0);
    expect(shifts).toEqual([0, 0, -edgeLabelGap / 2, edgeLabelGap / 2]);
    // One of them led elsewhere: the other's label goes back to its curve's middle.
    const moved = cache.edges(
      [...edges.slice(0, 3), { from: 'approve', kind: 'timed_out' as const, to: 'open' }],
      [],
      nameOf,
    );
    expect(moved.map((edge) => edge.data?.labelShift ?? 0)).toEqual([
      0,
      -edgeLabelGap / 2,
      0,
      edgeLabelGap / 2,
    ]);
  });
});
