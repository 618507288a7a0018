/** Wait for approval in the engine: the decision picks the exit, and becomes the step's outputs. */
import { describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../../shared/runbook/runbookGraph';
import type { ApprovalDecision } from '../../../../shared/runbook/steps/approval';
import { createEngine } from '../engine';
import type { ApprovalRequest, EngineCapabilities } from '../executionContext';
import { collectingHooks } from '../testSupport/collectingHooks';

const graph = runbookGraphSchema.parse({
  inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    {
      id: 'ask',
      name: 'Ask',
      type: 'approval',
      message: 'Reset the password of {{inputs.ticket}}?',
      timeoutMinutes: 60,
      approvers: 'The service desk',
    },
    { id: 'yes', name: 'Yes', type: 'end', message: 'yes by {{steps.ask.outputs.decidedBy}}' },
    { id: 'no', name: 'No', type: 'end', outcome: 'failed', message: 'no: {{steps.ask.outputs.comment}}' },
    { id: 'late', name: 'Late', type: 'end', message: 'nobody answered' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'ask' },
    { from: 'ask', kind: 'approved', to: 'yes' },
    { from: 'ask', kind: 'rejected', to: 'no' },
    { from: 'ask', kind: 'timed_out', to: 'late' },
  ],
});

async function runDeciding(decision: ApprovalDecision, maskedValues?: string[]) {
  const runs = collectingHooks();
  const asked: ApprovalRequest[] = [];
  const capabilities: Omit<EngineCapabilities, 'runChild'> = {
    sendMethod: () => Promise.reject(new Error('no method in this runbook')),
    loadRunbook: () => undefined,
    sleep: () => Promise.resolve(),
    awaitApproval: (request) => {
      asked.push(request);
      return Promise.resolve({
        decision,
        decidedBy: decision === 'timed_out' ? '' : 'Ann',
        decidedVia: decision === 'timed_out' ? 'timeout' : 'window',
        comment: decision === 'rejected' ? 'not today' : '',
        decidedAt: '2026-12-02T01:00:00.000Z',
        link: 'http://127.0.0.1:1/approvals/abc',
      });
    },
  };
  const engine = createEngine({ hooks: runs.hooks, capabilities });
  const { runId, finished } = engine.start({
    runbookId: 'r1',
    versionId: null,
    graph,
    inputs: { ticket: 'T-42' },
    trigger: 'manual',
    ...(maskedValues === undefined ? {} : { maskedValues }),
  });
  const result = await finished;
  return { result, run: runs.get(runId), asked };
}

describe('the Wait for approval step', () => {
  it('asks with its message resolved and its settings, then takes the approved exit', async () => {
    const { result, asked } = await runDeciding('approved');
    expect(asked).toEqual([
      expect.objectContaining({
        seq: 2,
        stepId: 'ask',
        message: 'Reset the password of T-42?',
        approvers: 'The service desk',
        timeoutMinutes: 60,
      }),
    ]);
    expect(result).toMatchObject({ status: 'succeeded', message: 'yes by Ann' });
  });

  it('takes the rejected exit, the comment readable by the steps after it', async () => {
    const { result } = await runDeciding('rejected');
    expect(result).toMatchObject({ status: 'failed', message: 'no: not today' });
  });

  it('takes the timed_out exit when nobody decided in time (the run does not fail)', async () => {
    const { result } = await runDeciding('timed_out');
    expect(result).toMatchObject({ status: 'succeeded', message: 'nobody answered' });
  });

  it('records the decision as its outputs', async () => {
    const { run } = await runDeciding('approved');
    const record = run?.steps.find((step) => step.stepId === 'ask');
    expect(record?.outputs).toEqual({
      decision: 'approved',
      decidedBy: 'Ann',
      decidedVia: 'window',
      comment: '',
      decidedAt: '2026-12-02T01:00:00.000Z',
      link: 'http://127.0.0.1:1/approvals/abc',
      notifyStatus: null,
      notifyError: null,
    });
  });

  it("masks a run's masked values in the message the approver reads", async () => {
    const { asked } = await runDeciding('approved', ['T-42']);
    expect(asked[0]?.message).toBe('Reset the password of ••••?');
  });

  it('fails, saying so, where the host cannot wait for a decision', async () => {
    const runs = collectingHooks();
    const engine = createEngine({
      hooks: runs.hooks,
      capabilities: {
        sendMethod: () => Promise.reject(new Error('none')),
        loadRunbook: () => undefined,
        sleep: () => Promise.resolve(),
      },
    });
    const { finished } = engine.start({
      runbookId: 'r1',
      versionId: null,
      graph,
      inputs: { ticket: 'T-1' },
      trigger: 'manual',
    });
    expect(await finished).toMatchObject({
      status: 'failed',
      error: '"Ask" failed: This run cannot wait for an approval here.',
    });
  });

  it('is taken up inside For each at the iteration it waited in, with the loop item', async () => {
    const loopGraph = runbookGraphSchema.parse({
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'each', name: 'Each', type: 'forEach', items: '{{trigger.body}}', itemVariable: 'item' },
        { id: 'ask', name: 'Ask', type: 'approval', message: 'Item {{item}}?', timeoutMinutes: 60 },
        { id: 'done', name: 'Done', type: 'end', message: 'done' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'each' },
        { from: 'each', kind: 'body', to: 'ask' },
        { from: 'each', kind: 'done', to: 'done' },
        { from: 'ask', kind: 'approved', to: 'each' },
        { from: 'ask', kind: 'rejected', to: 'done' },
        { from: 'ask', kind: 'timed_out', to: 'done' },
      ],
    });
    const runs = collectingHooks();
    const asked: ApprovalRequest[] = [];
    const engine = createEngine({
      hooks: runs.hooks,
      capabilities: {
        sendMethod: () => Promise.reject(new Error('none')),
        loadRunbook: () => undefined,
        sleep: () => Promise.resolve(),
        awaitApproval: (request) => {
          asked.push(request);
          return Promise.resolve({
            decision: 'approved',
            decidedBy: '',
            decidedVia: 'api',
            comment: '',
            decidedAt: '2026-12-02T01:00:00.000Z',
            link: '',
          });
        },
      },
    });
    // Taken up at "b" (the second of three handed out), as a restart finds it: the run exists.
    runs.hooks.runQueued({
      runId: 'run-1',
      runbookId: 'r1',
      versionId: null,
      trigger: 'manual',
      clientName: '',
      inputs: {},
      queuedAt: '2026-12-02T00:00:00.000Z',
      triggerBody: null,
      rerunOf: null,
      resumedFromStep: null,
      mode: 'live',
      groupId: null,
      parent: null,
      isIdGiven: true,
    });
    const { finished } = engine.start({
      runId: 'run-1',
      runbookId: 'r1',
      versionId: null,
      graph: loopGraph,
      inputs: {},
      trigger: 'manual',
      triggerBody: ['a', 'b', 'c'],
      continued: {
        fromStepId: 'ask',
        atSeq: 5,
        earlier: [],
        loops: [{ stepId: 'each', items: ['a', 'b', 'c'], index: 2, variable: 'item' }],
      },
    });
    expect(await finished).toMatchObject({ status: 'succeeded', message: 'done' });
    expect(asked.map((request) => [request.seq, request.message])).toEqual([
      [5, 'Item b?'],
      [7, 'Item c?'],
    ]);
    expect(asked[1]?.loops).toEqual([{ stepId: 'each', items: ['a', 'b', 'c'], index: 3, variable: 'item' }]);
  });
});
