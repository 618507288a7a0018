import { describe, expect, it } from 'vitest';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { stepTypes } from '../../../../shared/runbook/stepTypes';
import { autoLayout, positionsOf } from './autoLayout';

const graph: RunbookGraph = {
  inputs: [],
  steps: [
    {
      id: 'check',
      name: 'Check',
      type: 'condition',
      combine: 'all',
      rules: [{ left: '', operator: 'exists', right: '' }],
    },
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'yes', name: 'Yes', type: 'end', outcome: 'succeeded', message: '' },
    { id: 'no', name: 'No', type: 'end', outcome: 'failed', message: '' },
    { id: 'loose', name: 'Loose', type: 'delay', seconds: '1' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'check' },
    { from: 'check', kind: 'true', to: 'yes' },
    { from: 'check', kind: 'false', to: 'no' },
  ],
  positions: { start: { x: 500, y: 300 }, check: { x: 0, y: 0 }, yes: { x: 0, y: 0 }, no: { x: 0, y: 0 } },
};
const size = { width: 180, height: 64 };
const sizes = { start: size, check: size, yes: size, no: size, loose: size };

/** A graph from `from:kind>to` edge texts; each step's type from its id's first letter. */
function chart(...edges: string[]): RunbookGraph {
  const typeOf = { s: 'start', m: 'method', c: 'condition', e: 'end' } as const;
  const parsed = edges.map((text) => {
    const [from = '', kind = '', to = ''] = text.split(/[:>]/);
    return { from, kind, to } as RunbookGraph['edges'][number];
  });
  const ids = [...new Set(parsed.flatMap((edge) => [edge.from, edge.to]))];
  return {
    inputs: [],
    steps: ids.map(
      (id) => ({ id, name: id, type: typeOf[id[0] as keyof typeof typeOf] }) as RunbookGraph['steps'][number],
    ),
    edges: parsed,
    positions: {},
  };
}

/** The steps whose exits lead, left to right, to steps in another order than the exits'. */
function branchesOutOfOrder(graph: RunbookGraph): string[] {
  const positions = autoLayout(graph, {});
  return graph.steps.flatMap((step) => {
    const targets = stepTypes[step.type].outgoing.flatMap((kind) =>
      graph.edges.filter((edge) => edge.from === step.id && edge.kind === kind).map((edge) => edge.to),
    );
    const xs = targets.map((id) => positions[id]?.x ?? 0);
    return xs.every((x, index) => index === 0 || (xs[index - 1] ?? 0) <= x) ? [] : [step.id];
  });
}

describe('auto-layout', () => {
  it('puts success and true left of failure and false, so a step’s edges do not cross', () => {
    const charts = [
      chart('s:next>m1', 'm1:success>c1', 'm1:failure>e1', 'c1:true>e2', 'c1:false>e3'),
      chart(
        's:next>m1',
        'm1:success>m2',
        'm1:failure>e1',
        'm2:success>m3',
        'm2:failure>e2',
        'm3:success>e3',
        'm3:failure>e2',
      ),
      chart('s:next>m1', 'm1:success>m2', 'm1:failure>e1', 'm2:success>e2', 'm2:failure>e1'),
      chart('s:next>c1', 'c1:true>e1', 'c1:false>m1', 'm1:success>e2', 'm1:failure>e3'),
      chart(
        's:next>c1',
        'c1:true>m1',
        'c1:false>e1',
        'm1:success>m2',
        'm1:failure>e1',
        'm2:success>e2',
        'm2:failure>e3',
      ),
    ];
    for (const graph of charts) expect(branchesOutOfOrder(graph)).toEqual([]);
  });

  it('places every step, each exit below its step', () => {
    const positions = autoLayout(graph, sizes);
    expect(Object.keys(positions).sort()).toEqual(['check', 'loose', 'no', 'start', 'yes']);
    expect(positions.check?.y).toBeGreaterThan(positions.start?.y ?? Infinity);
    expect(positions.yes?.y).toBeGreaterThan(positions.check?.y ?? Infinity);
    expect(positions.no?.y).toBe(positions.yes?.y);
  });

  it('keeps steps apart', () => {
    const positions = autoLayout(graph, sizes);
    const { yes, no } = positions;
    expect(Math.abs((yes?.x ?? 0) - (no?.x ?? 0))).toBeGreaterThanOrEqual(size.width);
  });

  it('leaves the Start step where it was', () => {
    expect(autoLayout(graph, sizes).start).toEqual({ x: 500, y: 300 });
  });

  it('lays out a loop back to a For each', () => {
    const loop: RunbookGraph = {
      inputs: [],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'each', name: 'Each', type: 'forEach', items: '[]', itemVariable: 'item' },
        { id: 'body', name: 'Body', type: 'delay', seconds: '1' },
        { id: 'end', name: 'End', type: 'end', outcome: 'succeeded', message: '' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'each' },
        { from: 'each', kind: 'body', to: 'body' },
        { from: 'body', kind: 'next', to: 'each' },
        { from: 'each', kind: 'done', to: 'end' },
      ],
      positions: {},
    };
    const positions = autoLayout(loop, {});
    expect(positions.body?.y).toBeGreaterThan(positions.each?.y ?? Infinity);
  });

  it('gives steps written without a canvas (API, CLI) a place of their own, not all the origin', () => {
    const bare: RunbookGraph = { ...graph, positions: {} };
    const positions = positionsOf(bare);
    const places = new Set(bare.steps.map((step) => JSON.stringify(positions[step.id])));
    expect(places.size).toBe(bare.steps.length);
    expect(positionsOf(bare)).toBe(positions);
  });

  it('keeps the positions a graph has, as the same object when none is missing', () => {
    const placed = { ...graph, positions: autoLayout(graph, {}) };
    expect(positionsOf(placed)).toBe(placed.positions);
  });
});
