import { describe, expect, it } from 'vitest';
import { diffGraphs, fieldChanges } from './graphDiff';
import { runbookGraphSchema } from './runbookGraph';

const version1 = runbookGraphSchema.parse({
  inputs: [
    { name: 'ticketId', type: 'string', isRequired: true },
    { name: 'note', type: 'string' },
  ],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'wait', name: 'Wait', type: 'delay', seconds: '5' },
    {
      id: 'check',
      name: 'Check',
      type: 'condition',
      rules: [{ left: '{{inputs.ticketId}}', operator: 'exists' }],
    },
    { id: 'done', name: 'Done', type: 'end' },
    { id: 'old', name: 'Old step', type: 'delay', seconds: '1' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'wait' },
    { from: 'wait', kind: 'next', to: 'check' },
    { from: 'check', kind: 'true', to: 'done' },
    { from: 'check', kind: 'false', to: 'old' },
    { from: 'old', kind: 'next', to: 'done' },
  ],
  positions: { start: { x: 0, y: 0 }, wait: { x: 0, y: 100 }, done: { x: 0, y: 300 } },
});

const version2 = runbookGraphSchema.parse({
  inputs: [
    { name: 'ticketId', type: 'number', isRequired: true },
    { name: 'reason', type: 'string' },
  ],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'wait', name: 'Wait', type: 'delay', seconds: '5' },
    {
      id: 'check',
      name: 'Check ticket',
      type: 'condition',
      rules: [
        { left: '{{inputs.ticketId}}', operator: 'exists' },
        { left: '{{inputs.reason}}', operator: 'isEmpty' },
      ],
    },
    { id: 'done', name: 'Done', type: 'end' },
    { id: 'failed', name: 'Failed', type: 'end', outcome: 'failed' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'wait' },
    { from: 'wait', kind: 'next', to: 'check' },
    { from: 'check', kind: 'true', to: 'done' },
    { from: 'check', kind: 'false', to: 'failed' },
  ],
  positions: { start: { x: 0, y: 0 }, wait: { x: 40, y: 100 }, done: { x: 0, y: 300 } },
});

describe('diffGraphs', () => {
  it('lists steps added, removed and changed down to the field, with the rewired exit', () => {
    const diff = diffGraphs(version1, version2);
    expect(diff.steps.map((step) => [step.stepId, step.kind])).toEqual([
      ['check', 'changed'],
      ['old', 'removed'],
      ['failed', 'added'],
    ]);
    expect(diff.steps[0]?.fields).toEqual([
      { path: 'name', before: 'Check', after: 'Check ticket' },
      { path: 'exits.false', before: 'old', after: 'failed' },
      { path: 'rules[1].left', before: undefined, after: '{{inputs.reason}}' },
      { path: 'rules[1].operator', before: undefined, after: 'isEmpty' },
      { path: 'rules[1].right', before: undefined, after: '' },
    ]);
    expect(diff.steps[1]?.fields).toContainEqual({ path: 'seconds', before: '1', after: undefined });
    expect(diff.steps[2]?.fields).toContainEqual({ path: 'outcome', before: undefined, after: 'failed' });
  });

  it('lists edges added and removed, inputs changed, and steps only moved apart', () => {
    const diff = diffGraphs(version1, version2);
    expect(diff.edges.removed).toEqual([
      { from: 'check', kind: 'false', to: 'old' },
      { from: 'old', kind: 'next', to: 'done' },
    ]);
    expect(diff.edges.added).toEqual([{ from: 'check', kind: 'false', to: 'failed' }]);
    expect(diff.inputs.map((input) => [input.name, input.kind])).toEqual([
      ['ticketId', 'changed'],
      ['note', 'removed'],
      ['reason', 'added'],
    ]);
    expect(diff.inputs[0]?.fields).toEqual([{ path: 'type', before: 'string', after: 'number' }]);
    expect(diff.moved).toEqual(['wait']);
  });

  it('finds nothing between a graph and itself', () => {
    expect(diffGraphs(version2, structuredClone(version2))).toEqual({
      steps: [],
      inputs: [],
      edges: { added: [], removed: [] },
      moved: [],
    });
  });
});

describe('fieldChanges of empty objects and arrays', () => {
  it.each([
    ['two empty objects', { arguments: {} }, { arguments: {} }, []],
    ['two empty arrays', { rules: [] }, { rules: [] }, []],
    [
      'an empty object and an empty array',
      { value: {} },
      { value: [] },
      [{ path: 'value', before: {}, after: [] }],
    ],
    [
      'an empty object and a filled one',
      { arguments: {} },
      { arguments: { id: '1' } },
      [
        { path: 'arguments', before: {}, after: undefined },
        { path: 'arguments.id', before: undefined, after: '1' },
      ],
    ],
  ])('%s', (_, before, after, changes) => {
    expect(fieldChanges(before, after)).toEqual(changes);
  });

  it('does not list a method step whose arguments are empty in both versions', () => {
    const step = { id: 'send', name: 'Send', type: 'method', methodId: 'm1' };
    const graph = () =>
      runbookGraphSchema.parse({
        steps: [{ id: 'start', name: 'Start', type: 'start' }, step],
        edges: [{ from: 'start', kind: 'next', to: 'send' }],
      });
    expect(diffGraphs(graph(), graph()).steps).toEqual([]);
  });
});
