/**
 * Pins of the steps that send no request, through the whole backend (issue 14): a Condition pinned
 * from a run's record makes designer runs take its exit; a pin naming an exit the step does not
 * have is refused when set, and a designer run whose pin names an exit since removed is refused
 * before it starts; webhooks (published versions), re-runs and the command line never use them.
 */
import { describe, expect, it } from 'vitest';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { rehearsalOf } from '../../../shared/rehearsal/rehearsal';
import type { Backend } from '../backend';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

/** Start → Check (answer equals yes) → true: Route (Switch on colour: red, blue, default) / false: No. */
const branchDraft = (
  cases: { id: string; equals: string }[] = [
    { id: 'c1', equals: 'red' },
    { id: 'c2', equals: 'blue' },
  ],
) => ({
  inputs: [
    { name: 'answer', type: 'string', defaultValue: 'yes' },
    { name: 'colour', type: 'string', defaultValue: 'red' },
  ],
  steps: [
    { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled: true, authentication: 'none' } },
    {
      id: 'check',
      name: 'Check',
      type: 'condition',
      rules: [{ left: '{{inputs.answer}}', operator: 'equals', right: 'yes' }],
    },
    { id: 'route', name: 'Route', type: 'switch', value: '{{inputs.colour}}', cases },
    ...cases.map((switchCase) => ({
      id: `end_${switchCase.id}`,
      name: `Took ${switchCase.equals}`,
      type: 'end',
      message: switchCase.equals,
    })),
    { id: 'other', name: 'Other', type: 'end', message: 'other' },
    { id: 'no', name: 'No', type: 'end', message: 'took false' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'check' },
    { from: 'check', kind: 'true', to: 'route' },
    { from: 'check', kind: 'false', to: 'no' },
    ...cases.map((switchCase) => ({
      from: 'route',
      kind: `case_${switchCase.id}`,
      to: `end_${switchCase.id}`,
    })),
    { from: 'route', kind: 'default', to: 'other' },
  ],
});

async function createBranchRunbook(backend: Backend): Promise<string> {
  const { call } = inProcessApi(backend);
  const { id } = await call('runbooks.create', { details: { name: 'Branch' } });
  await call('runbooks.update', { id, draft: branchDraft() as unknown as RunbookGraph });
  return id;
}

describe('pins of steps that send no request', () => {
  it('pins a Condition from a run’s record: designer runs then take its exit, and say so', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const runbookId = await createBranchRunbook(backend);
    const first = await waitForRun(
      backend,
      (await call('runs.start', { runbookId, inputs: { answer: 'no' } })).runId,
    );
    expect(first.message).toBe('took false');
    const checkRecord = first.steps.find((step) => step.stepId === 'check');
    const pin = await call('pins.fromRun', { runId: first.id, seq: checkRecord?.seq ?? 0 });
    expect(pin).toMatchObject({ stepId: 'check', from: 'run', exit: 'false', outputs: { result: false } });

    const pinned = await waitForRun(backend, (await call('runs.start', { runbookId })).runId);
    expect(pinned).toMatchObject({ status: 'succeeded', message: 'took false' });
    const record = pinned.steps.find((step) => step.stepId === 'check');
    expect(rehearsalOf(record?.response)).toEqual({ source: 'pin', wouldHaveSent: false });

    await call('pins.set', { runbookId, stepId: 'check', pin: { exit: 'true' } });
    expect(
      (await waitForRun(backend, (await call('runs.start', { runbookId, inputs: { answer: 'no' } })).runId))
        .message,
    ).toBe('red');
  });

  it('refuses to save a run whose Condition answered from its pin as a test case, naming the step to unpin', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const runbookId = await createBranchRunbook(backend);
    await call('pins.set', { runbookId, stepId: 'check', pin: { exit: 'false' } });
    const pinned = await waitForRun(backend, (await call('runs.start', { runbookId })).runId);
    expect(pinned.message).toBe('took false');
    await expect(call('testCases.saveFromRun', { runId: pinned.id })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('"Check" was answered by its pin in this run') as unknown,
    });
    expect(await call('testCases.list', { runbookId })).toEqual([]);

    await call('pins.delete', { runbookId, stepId: 'check' });
    const unpinned = await waitForRun(backend, (await call('runs.start', { runbookId })).runId);
    expect(await call('testCases.saveFromRun', { runId: unpinned.id })).toMatchObject({
      outcome: { status: 'succeeded', message: 'red' },
    });
  });

  it('refuses a pin naming an exit the step does not have, and a designer run whose pinned exit has gone', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const runbookId = await createBranchRunbook(backend);
    await expect(call('pins.set', { runbookId, stepId: 'route', pin: { exit: 'case_c9' } })).rejects.toThrow(
      /"Route" is pinned to the exit "case_c9", which it does not have \(its exits: "case_c1" \(= red\), "case_c2" \(= blue\), "default"\)/,
    );
    await expect(call('pins.set', { runbookId, stepId: 'check', pin: { exit: 'maybe' } })).rejects.toThrow(
      /its exits: "true", "false"/,
    );
    await call('pins.set', { runbookId, stepId: 'route', pin: { exit: 'case_c2' } });
    expect((await waitForRun(backend, (await call('runs.start', { runbookId })).runId)).message).toBe('blue');

    await call('runbooks.update', {
      id: runbookId,
      draft: branchDraft([{ id: 'c1', equals: 'red' }]) as unknown as RunbookGraph,
    });
    const before = (await call('runs.list', { runbookId })).length;
    await expect(call('runs.start', { runbookId })).rejects.toThrow(
      /"Route" is pinned to the exit "case_c2", which it does not have .*; edit the pin or unpin it/,
    );
    expect(await call('runs.list', { runbookId })).toHaveLength(before);
    expect((await call('pins.list', { runbookId })).map((pin) => pin.stepId)).toEqual(['route']);
    await call('pins.delete', { runbookId, stepId: 'route' });
    expect((await waitForRun(backend, (await call('runs.start', { runbookId })).runId)).message).toBe('red');
  });

  it('never uses Condition pins in a webhook’s run of the published version, nor when it is run again', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    await backend.triggersReady;
    const runbookId = await createBranchRunbook(backend);
    await call('pins.set', { runbookId, stepId: 'check', pin: { exit: 'false' } });
    await call('runbooks.publish', { id: runbookId, note: 'v1' });
    const url = (await call('runbooks.triggers', { id: runbookId })).webhook.url ?? '';
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { runId } = (await answer.json()) as { runId: string };
    const delivered = await waitForRun(backend, runId);
    expect(delivered).toMatchObject({ trigger: 'webhook', message: 'red' });
    expect(delivered.steps.map((step) => rehearsalOf(step.response))).not.toContainEqual(expect.anything());
    const rerun = await waitForRun(backend, (await call('runs.rerun', { id: runId })).runId);
    expect(rerun.message).toBe('red');
  });

  it('never uses pins of steps that send no request when the command line runs the draft', async () => {
    const backend = startBackend(undefined, undefined, { commandLine: { credentials: () => undefined } });
    const { call } = inProcessApi(backend);
    const runbookId = await createBranchRunbook(backend);
    await call('pins.set', { runbookId, stepId: 'check', pin: { exit: 'false' } });
    await call('pins.set', { runbookId, stepId: 'route', pin: { exit: 'default' } });
    const run = await waitForRun(backend, (await call('runs.start', { runbookId })).runId);
    expect(run).toMatchObject({ trigger: 'cli', message: 'red' });
  });

  it('pins a For each from the record the loop ended with, not from a pass through its body', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Loop' } });
    await call('runbooks.update', {
      id: runbookId,
      draft: {
        inputs: [{ name: 'items', type: 'json', defaultValue: '["a", "b"]' }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.items}}' },
          {
            id: 'note',
            name: 'Note',
            type: 'setVariables',
            assignments: [{ name: 'seen', value: '{{item}}' }],
          },
          { id: 'done', name: 'Done', type: 'end', message: '{{vars.seen}}' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'each' },
          { from: 'each', kind: 'body', to: 'note' },
          { from: 'note', kind: 'next', to: 'each' },
          { from: 'each', kind: 'done', to: 'done' },
        ],
      } as unknown as RunbookGraph,
    });
    const run = await waitForRun(backend, (await call('runs.start', { runbookId })).runId);
    expect(run.message).toBe('b');
    const loopRecords = run.steps.filter((step) => step.stepId === 'each');
    await expect(call('pins.fromRun', { runId: run.id, seq: loopRecords[0]?.seq ?? 0 })).rejects.toThrow(
      /one pass through the loop; pin the step’s last record/,
    );
    const pin = await call('pins.fromRun', { runId: run.id, seq: loopRecords.at(-1)?.seq ?? 0 });
    expect(pin).toMatchObject({ stepId: 'each', outputs: { count: 2 } });
    await call('pins.set', {
      runbookId,
      stepId: 'each',
      pin: { outputs: { count: 5 }, vars: { seen: 'pinned' } },
    });
    const pinned = await waitForRun(backend, (await call('runs.start', { runbookId })).runId);
    expect(pinned.message).toBe('pinned');
    expect(pinned.steps.map((step) => step.stepId)).toEqual(['start', 'each', 'done']);
  });
});
