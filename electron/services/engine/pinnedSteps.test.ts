/**
 * Pins of the steps that send no request (issue 14): a pinned Condition or Switch takes the pinned
 * exit, a pinned For each skips its body, a pinned Delay does not wait, a pinned approval asks no
 * one, a pinned Set variables sets the pinned values, a pinned End ends as pinned — and a pin
 * naming an exit its step no longer has stops the run saying so. Each record says it was pinned.
 */
import { describe, expect, it } from 'vitest';
import { pinValueSchema, rehearsalOf, type PinValue } from '../../../shared/rehearsal/rehearsal';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import { createEngine } from './engine';
import type { ApprovalRequest, EngineCapabilities } from './executionContext';
import { pinnedSource, type Rehearsal } from './responseSource';
import type { FinishedStep } from './runHooks';
import { collectingHooks } from './testSupport/collectingHooks';

/**
 * Start → Check (Condition: inputs.answer equals yes) → true: Route (Switch on inputs.colour) /
 * false: No (End, failed). Route: red → Each (For each over inputs.items, body: Tally) → Wait
 * (Delay 30 s) → Ask (approval) → approved: Set → Done; rejected: Refused; timed out: Late. Route:
 * blue or default → Other.
 */
const graph = runbookGraphSchema.parse({
  inputs: [
    { name: 'answer', type: 'string' },
    { name: 'colour', type: 'string' },
    { name: 'items', type: 'json' },
  ],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    {
      id: 'check',
      name: 'Check',
      type: 'condition',
      rules: [{ left: '{{inputs.answer}}', operator: 'equals', right: 'yes' }],
    },
    {
      id: 'route',
      name: 'Route',
      type: 'switch',
      value: '{{inputs.colour}}',
      cases: [
        { id: 'c1', equals: 'red' },
        { id: 'c2', equals: 'blue' },
      ],
    },
    { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.items}}' },
    { id: 'tally', name: 'Tally', type: 'setVariables', assignments: [{ name: 'last', value: '{{item}}' }] },
    { id: 'wait', name: 'Wait', type: 'delay', seconds: '30' },
    { id: 'ask', name: 'Ask', type: 'approval', message: 'Go on?', timeoutMinutes: 60 },
    {
      id: 'set',
      name: 'Set',
      type: 'setVariables',
      assignments: [{ name: 'ticket', value: 'T-{{inputs.answer}}' }],
    },
    {
      id: 'done',
      name: 'Done',
      type: 'end',
      message: '{{vars.ticket}} {{steps.each.outputs.count}} {{vars.last}} {{steps.ask.outputs.decidedVia}}',
    },
    { id: 'no', name: 'No', type: 'end', outcome: 'failed', message: 'said no' },
    { id: 'other', name: 'Other', type: 'end', message: 'another colour' },
    { id: 'refused', name: 'Refused', type: 'end', outcome: 'failed', message: 'refused' },
    { id: 'late', name: 'Late', type: 'end', outcome: 'failed', message: 'late' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'check' },
    { from: 'check', kind: 'true', to: 'route' },
    { from: 'check', kind: 'false', to: 'no' },
    { from: 'route', kind: 'case_c1', to: 'each' },
    { from: 'route', kind: 'case_c2', to: 'other' },
    { from: 'route', kind: 'default', to: 'other' },
    { from: 'each', kind: 'body', to: 'tally' },
    { from: 'tally', kind: 'next', to: 'each' },
    { from: 'each', kind: 'done', to: 'wait' },
    { from: 'wait', kind: 'next', to: 'ask' },
    { from: 'ask', kind: 'approved', to: 'set' },
    { from: 'ask', kind: 'rejected', to: 'refused' },
    { from: 'ask', kind: 'timed_out', to: 'late' },
    { from: 'set', kind: 'next', to: 'done' },
  ],
});

/** Inputs under which, unpinned, the run goes Check → Route → Each (twice) → … → Done. */
const inputs = { answer: 'yes', colour: 'red', items: ['a', 'b'] };

const pin = (value: Record<string, unknown>): PinValue => pinValueSchema.parse(value);

/** Runs the graph with `pins` (a designer run), counting each wait and each question asked. */
async function runPinned(pins: Record<string, PinValue>) {
  const runs = collectingHooks();
  const slept: number[] = [];
  const asked: ApprovalRequest[] = [];
  const capabilities: Omit<EngineCapabilities, 'runChild'> = {
    sendMethod: () => Promise.reject(new Error('no method in this runbook')),
    loadRunbook: () => undefined,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    awaitApproval: (request) => {
      asked.push(request);
      return Promise.resolve({
        decision: 'approved',
        decidedBy: 'Ann',
        decidedVia: 'window',
        comment: '',
        decidedAt: '2026-12-02T01:00:00.000Z',
        link: '',
      });
    },
  };
  const rehearsal: Rehearsal = {
    mode: 'live',
    sourceFor: () => pinnedSource(new Map(Object.entries(pins))),
  };
  const engine = createEngine({ hooks: runs.hooks, capabilities });
  const { runId, finished } = engine.start({
    runbookId: 'r1',
    versionId: null,
    graph,
    inputs,
    trigger: 'manual',
    rehearsal,
  });
  const result = await finished;
  const records = (runs.get(runId)?.steps ?? []).filter(
    (step): step is FinishedStep => step.status !== 'running',
  );
  return {
    result,
    slept,
    asked,
    ran: records.map((record) => record.stepId),
    record: (stepId: string) => records.find((record) => record.stepId === stepId),
  };
}

describe('pinned steps that send no request', () => {
  it('runs every step when nothing is pinned (the path the pins below change)', async () => {
    const { result, ran, slept, asked } = await runPinned({});
    expect(ran).toEqual(
      ['start', 'check', 'route', 'each', 'tally', 'each', 'tally', 'each'].concat([
        'wait',
        'ask',
        'set',
        'done',
      ]),
    );
    expect(slept).toEqual([30_000]);
    expect(asked).toHaveLength(1);
    expect(result.message).toBe('T-yes 2 b window');
  });

  it('a pinned Condition takes the pinned exit, not the one its rules give', async () => {
    const { result, ran, record } = await runPinned({ check: pin({ exit: 'false' }) });
    expect(ran).toEqual(['start', 'check', 'no']);
    expect(result).toMatchObject({ status: 'failed', message: 'said no' });
    expect(record('check')?.outputs).toEqual({ result: false });
    expect(rehearsalOf(record('check')?.response)).toEqual({ source: 'pin', wouldHaveSent: false });
  });

  it('a pinned Switch takes the pinned case', async () => {
    const { result, ran, record } = await runPinned({ route: pin({ exit: 'case_c2' }) });
    expect(ran).toEqual(['start', 'check', 'route', 'other']);
    expect(result.message).toBe('another colour');
    expect(record('route')?.outputs).toEqual({ case: 'blue' });
  });

  it('a pinned For each skips its body and goes on with the pinned outputs and vars', async () => {
    const { result, ran } = await runPinned({ each: pin({ outputs: { count: 7 }, vars: { last: 'z' } }) });
    expect(ran).not.toContain('tally');
    expect(ran.filter((stepId) => stepId === 'each')).toHaveLength(1);
    expect(result.message).toBe('T-yes 7 z window');
  });

  it('a pinned Delay does not wait', async () => {
    const { result, slept, record } = await runPinned({ wait: pin({ outputs: { seconds: 0 } }) });
    expect(slept).toEqual([]);
    expect(result.status).toBe('succeeded');
    expect(rehearsalOf(record('wait')?.response)).toEqual({ source: 'pin', wouldHaveSent: false });
  });

  it('a pinned approval asks no one and takes the pinned decision', async () => {
    const { result, asked, record } = await runPinned({
      ask: pin({ exit: 'rejected', outputs: { comment: 'pinned no' } }),
    });
    expect(asked).toEqual([]);
    expect(result).toMatchObject({ status: 'failed', message: 'refused' });
    expect(record('ask')?.outputs).toMatchObject({
      decision: 'rejected',
      decidedVia: 'pin',
      comment: 'pinned no',
    });
  });

  it('a pinned Set variables sets the pinned values without working them out', async () => {
    const { result } = await runPinned({ set: pin({ outputs: { ticket: 'T-pinned' } }) });
    expect(result.message).toBe('T-pinned 2 b window');
  });

  it('a pinned End ends with the pinned outcome and message', async () => {
    const { result } = await runPinned({ done: pin({ outcome: 'failed', message: 'pinned end' }) });
    expect(result).toMatchObject({ status: 'failed', message: 'pinned end', error: 'pinned end' });
  });

  it('stops at a pin naming an exit its step no longer has, saying which', async () => {
    const { result, ran } = await runPinned({ route: pin({ exit: 'case_c9' }) });
    expect(ran).toEqual(['start', 'check', 'route']);
    expect(result.status).toBe('failed');
    expect(result.error).toContain('"Route" is pinned to the exit "case_c9", which it does not have');
    expect(result.error).toContain('"case_c1" (= red)');
  });
});
