/** Switch in the engine: the first case the value equals, else default; its outputs say which. */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../../shared/runbook/runbookGraph';
import { createEngine } from '../engine';
import { collectingHooks } from '../testSupport/collectingHooks';

const graph = runbookGraphSchema.parse({
  inputs: [{ name: 'priority', type: 'string', isRequired: true }],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    {
      id: 'route',
      name: 'Route',
      type: 'switch',
      value: '{{inputs.priority}}',
      cases: [
        { id: 'c1', equals: 'high' },
        { id: 'c2', equals: '2' },
        { id: 'c3', equals: 'high' },
        { id: 'c4', equals: '12345678901234567891' },
      ],
    },
    { id: 'urgent', name: 'Urgent', type: 'end', message: 'urgent {{steps.route.outputs.case}}' },
    { id: 'two', name: 'Two', type: 'end', message: 'two' },
    {
      id: 'other',
      name: 'Other',
      type: 'end',
      outcome: 'failed',
      message: 'other: {{steps.route.outputs.value}}',
    },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'route' },
    { from: 'route', kind: 'case_c1', to: 'urgent' },
    { from: 'route', kind: 'case_c2', to: 'two' },
    { from: 'route', kind: 'case_c3', to: 'two' },
    { from: 'route', kind: 'case_c4', to: 'urgent' },
    { from: 'route', kind: 'default', to: 'other' },
  ],
});

async function runWith(priority: string) {
  const runs = collectingHooks();
  const engine = createEngine({
    hooks: runs.hooks,
    capabilities: {
      sendMethod: () => Promise.reject(new Error('no method in this runbook')),
      loadRunbook: () => undefined,
      sleep: () => Promise.resolve(),
    },
  });
  const { runId, finished } = engine.start({
    runbookId: 'r1',
    versionId: null,
    graph,
    inputs: { priority },
    trigger: 'manual',
  });
  const result = await finished;
  return { result, run: runs.get(runId) };
}

describe('switch step', () => {
  it('follows the first case the value equals, not a later case with the same value', async () => {
    const { result, run } = await runWith('high');
    expect(result).toMatchObject({ status: 'succeeded' });
    expect(run?.message).toBe('urgent high');
    expect(run?.steps.map((step) => step.stepId)).toEqual(['start', 'route', 'urgent']);
    expect(run?.steps[1]?.outputs).toEqual({ value: 'high', case: 'high' });
  });

  it('compares numbers as numbers, as a Condition does', async () => {
    const { run } = await runWith('2.0');
    expect(run?.steps.map((step) => step.stepId)).toEqual(['start', 'route', 'two']);
  });

  it('tells apart ids of 20 digits, which are one number once read as floating point', async () => {
    const { run } = await runWith('12345678901234567890');
    expect(run?.steps[1]?.outputs).toEqual({ value: '12345678901234567890', case: 'default' });
    expect((await runWith('12345678901234567891')).run?.message).toBe('urgent 12345678901234567891');
  });

  it('takes default when no case matches', async () => {
    const { result, run } = await runWith('low');
    expect(result).toMatchObject({ status: 'failed' });
    expect(run?.message).toBe('other: low');
    expect(run?.steps[1]?.outputs).toEqual({ value: 'low', case: 'default' });
  });
});
