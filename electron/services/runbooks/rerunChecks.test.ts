/** Where a re-run from a step may start, what it reuses, and when repeating a request needs a yes. */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { StepRecord } from '../db/repositories/runRepository';
import { assertRepeatConfirmed, insideLoopBody, resumePointOf } from './rerunChecks';

const graph = runbookGraphSchema.parse({
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'note', name: 'Note', type: 'setVariables', assignments: [{ name: 'a', value: '1' }] },
    { id: 'each', name: 'Each', type: 'forEach', items: '[1]', itemVariable: 'item' },
    { id: 'inner', name: 'Inner', type: 'setVariables', assignments: [{ name: 'b', value: '2' }] },
    { id: 'end', name: 'End', type: 'end' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'note' },
    { from: 'note', kind: 'next', to: 'each' },
    { from: 'each', kind: 'body', to: 'inner' },
    { from: 'inner', kind: 'next', to: 'each' },
    { from: 'each', kind: 'done', to: 'end' },
  ],
});

const record = (seq: number, stepId: string, change: Partial<StepRecord> = {}): StepRecord => ({
  seq,
  stepId,
  stepType: 'setVariables',
  status: 'succeeded',
  request: null,
  response: null,
  outputs: { seq },
  error: null,
  startedAt: '',
  finishedAt: null,
  durationMs: null,
  mayHaveBeenSent: false,
  ...change,
});

describe('resumePointOf', () => {
  it('reuses the last record of each step that ran before the chosen one, in the order they ran', () => {
    const records = [
      record(1, 'start'),
      record(2, 'note', { status: 'failed' }),
      record(3, 'gone'),
      record(4, 'note'),
      record(5, 'end'),
    ];
    const { fromSeq, reused } = resumePointOf(graph, records, 'end');
    expect(fromSeq).toBe(5);
    expect(reused.map((step) => [step.stepId, step.status, step.outputs])).toEqual([
      ['start', 'succeeded', { seq: 1 }],
      ['note', 'succeeded', { seq: 4 }],
    ]);
  });

  it('refuses a step gone from the runbook, one that did not run, and one inside a For each', () => {
    const records = [record(1, 'start'), record(2, 'inner')];
    expect(() => resumePointOf(graph, records, 'nope')).toThrow('That step is no longer in the runbook.');
    expect(() => resumePointOf(graph, records, 'end')).toThrow('"End" did not run in that run.');
    expect(() => resumePointOf(graph, records, 'inner')).toThrow('"Inner" runs inside a For each');
  });
});

describe('insideLoopBody', () => {
  it('finds a step in a For each’s body, not the loop itself nor what follows it', () => {
    expect(insideLoopBody(graph, 'inner')).toBe(true);
    expect(insideLoopBody(graph, 'each')).toBe(false);
    expect(insideLoopBody(graph, 'end')).toBe(false);
  });
});

describe('assertRepeatConfirmed', () => {
  it('refuses to repeat a request that may have been sent, naming its step, unless confirmed', () => {
    expect(() => {
      assertRepeatConfirmed([{ stepId: 'note' }], graph, {});
    }).toThrow('"Note" may already have been sent');
    expect(() => {
      assertRepeatConfirmed([{ stepId: 'note' }], graph, { confirmRepeat: true });
    }).not.toThrow();
    expect(() => {
      assertRepeatConfirmed([], graph, {});
    }).not.toThrow();
  });
});
