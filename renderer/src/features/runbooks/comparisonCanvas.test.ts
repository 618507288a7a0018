import { describe, expect, it } from 'vitest';
import { diffGraphs } from '../../../../shared/runbook/graphDiff';
import { runbookGraphSchema } from '../../../../shared/runbook/runbookGraph';
import { comparisonCanvasOf, shownValue } from './comparisonCanvas';

const before = runbookGraphSchema.parse({
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'old', name: 'Old', type: 'delay', seconds: '1' },
    { id: 'done', name: 'Done', type: 'end' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'old' },
    { from: 'old', kind: 'next', to: 'done' },
  ],
  positions: { start: { x: 0, y: 0 }, old: { x: 10, y: 100 }, done: { x: 0, y: 200 } },
});
const after = runbookGraphSchema.parse({
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'fresh', name: 'Fresh', type: 'delay', seconds: '2' },
    { id: 'done', name: 'Done!', type: 'end' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'fresh' },
    { from: 'fresh', kind: 'next', to: 'done' },
  ],
  positions: { start: { x: 0, y: 0 }, fresh: { x: 200, y: 100 }, done: { x: 0, y: 200 } },
});
const sides = {
  from: { label: 'Version 1', versionId: 'v1', graph: before },
  to: { label: 'Version 2', versionId: 'v2', graph: after },
  diff: diffGraphs(before, after),
};

describe('comparisonCanvasOf', () => {
  it('lays the removed step and its edges back in where they were, dressed as removed', () => {
    const canvas = comparisonCanvasOf(sides);
    expect(canvas.graph.steps.map((step) => step.id)).toEqual(['start', 'fresh', 'done', 'old']);
    // Where it was, the step that replaced it stands: it goes beside it.
    expect(canvas.graph.positions.old).toEqual({ x: 490, y: 100 });
    expect(canvas.stepLooks.get('old')).toEqual({ className: 'diff-removed', note: 'Removed' });
    expect(canvas.stepLooks.get('fresh')).toEqual({ className: 'diff-added', note: 'Added' });
    expect(canvas.stepLooks.get('done')).toEqual({ className: 'diff-changed', note: 'Changed' });
    expect(canvas.stepLooks.has('start')).toBe(true); // its exit now leads elsewhere
    const looks = canvas.graph.edges.map((edge) => [
      `${edge.from}→${edge.to}`,
      canvas.edgeLooks.get(edge)?.className,
    ]);
    expect(looks).toEqual([
      ['start→fresh', 'diff-added'],
      ['fresh→done', 'diff-added'],
      ['start→old', 'diff-removed'],
      ['old→done', 'diff-removed'],
    ]);
  });

  it('shows values as text, JSON or a dash for absent, and an exit by its step name', () => {
    const names = new Map([['fresh', 'Revoke sessions']]);
    expect(shownValue('fresh', 'exits.next', (id) => names.get(id))).toBe('Revoke sessions');
    expect(shownValue('gone', 'exits.next', (id) => names.get(id))).toBe('gone');
    expect(shownValue('fresh', 'name', (id) => names.get(id))).toBe('fresh');
    expect([shownValue('x'), shownValue(''), shownValue(3), shownValue(undefined), shownValue([])]).toEqual([
      'x',
      '""',
      '3',
      '—',
      '[]',
    ]);
  });
});
