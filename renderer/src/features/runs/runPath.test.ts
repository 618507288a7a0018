import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../../shared/runbook/runbookGraph';
import { recordStatusText, stepStates, takenEdges } from './runPath';

const graph = runbookGraphSchema.parse({
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'check', name: 'Check', type: 'condition', rules: [{ left: '1', operator: 'equals', right: '1' }] },
    { id: 'yes', name: 'Yes', type: 'end' },
    { id: 'no', name: 'No', type: 'end', outcome: 'failed' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'check' },
    { from: 'check', kind: 'true', to: 'yes' },
    { from: 'check', kind: 'false', to: 'no' },
  ],
});
const records = [
  { seq: 1, stepId: 'start', status: 'skipped' as const },
  { seq: 2, stepId: 'check', status: 'succeeded' as const },
  { seq: 3, stepId: 'yes', status: 'succeeded' as const },
];

describe('run path', () => {
  it('marks the edges followed and each step’s state', () => {
    expect([...takenEdges(graph, records)]).toEqual(['start:next:check', 'check:true:yes']);
    expect(Object.fromEntries(stepStates(records))).toEqual({
      start: 'skipped',
      check: 'succeeded',
      yes: 'succeeded',
    });
  });

  it('replays: only what had happened after the first records', () => {
    expect([...takenEdges(graph, records, 2)]).toEqual(['start:next:check']);
    expect([...stepStates(records, 1).keys()]).toEqual(['start']);
    expect(takenEdges(graph, records, 0).size).toBe(0);
  });
});

describe("a record's state as the run page reads it", () => {
  it('says "waiting" for a step waiting for a person while its run waits, and nothing else', () => {
    expect(recordStatusText({ status: 'running', stepType: 'approval' }, 'waiting')).toBe('waiting');
    expect(recordStatusText({ status: 'running', stepType: 'approval' }, 'running')).toBe('running');
    expect(recordStatusText({ status: 'running', stepType: 'delay' }, 'waiting')).toBe('running');
    expect(recordStatusText({ status: 'succeeded', stepType: 'approval' }, 'waiting')).toBe('succeeded');
    expect(recordStatusText({ status: 'running', stepType: 'no such type' }, 'waiting')).toBe('running');
  });
});
