import { describe, expect, it } from 'vitest';
import { latestReusedSteps, type RecordOfStep } from './reusedSteps';

const record = (stepId: string, status: string, outputs: Record<string, unknown> = {}): RecordOfStep => ({
  stepId,
  stepType: 'method',
  status,
  outputs,
  request: null,
  response: null,
});

describe('the records a resumed run carries on', () => {
  it('keeps the last finished record of each step, in the order those ran', () => {
    const reused = latestReusedSteps([
      record('a', 'succeeded', { n: 1 }),
      record('b', 'failed'),
      record('a', 'succeeded', { n: 2 }),
    ]);
    expect(reused.map((step) => [step.stepId, step.status, step.outputs])).toEqual([
      ['b', 'failed', {}],
      ['a', 'succeeded', { n: 2 }],
    ]);
  });

  it('carries no record still running or cancelled, and a skipped one as succeeded', () => {
    const reused = latestReusedSteps([
      record('a', 'skipped', { kept: true }),
      record('b', 'running'),
      record('c', 'cancelled'),
    ]);
    expect(reused).toEqual([
      {
        stepId: 'a',
        stepType: 'method',
        status: 'succeeded',
        outputs: { kept: true },
        request: null,
        response: null,
      },
    ]);
  });
});
