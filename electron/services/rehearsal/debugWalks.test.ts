/**
 * Debug runs walked where people put breakpoints: in a For each body (a pause per item, the item
 * in the context), Step over on the last step, and a debug dry run, which holds back its POST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DebugPause } from '../../../shared/rehearsal/debugging';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { Backend } from '../backend';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createTicketRunbook, startRecordingApi, type RecordingApi } from './testSupport/recordingApi';

let api: RecordingApi;
beforeAll(async () => {
  api = await startRecordingApi();
});
afterAll(() => api.close());

/** The next pauses of a backend's debug runs, in order. */
function pausesOf(backend: Backend) {
  const queued: DebugPause[] = [];
  const waiters: ((pause: DebugPause) => void)[] = [];
  backend.events.onDidEmit((message) => {
    if (message.name !== 'runs.debugChanged' || message.payload.pause === null) return;
    const waiter = waiters.shift();
    if (waiter === undefined) queued.push(message.payload.pause);
    else waiter(message.payload.pause);
  });
  return () =>
    new Promise<DebugPause>((resolve) => {
      const already = queued.shift();
      if (already === undefined) waiters.push(resolve);
      else resolve(already);
    });
}

const loopDraft = runbookGraphSchema.parse({
  inputs: [{ name: 'users', type: 'json', defaultValue: '["a","b"]' }],
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'seed', name: 'Seed', type: 'setVariables', assignments: [{ name: 'last', value: '' }] },
    { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.users}}', itemVariable: 'user' },
    {
      id: 'collect',
      name: 'Collect',
      type: 'setVariables',
      assignments: [{ name: 'last', value: '{{vars.last}}{{user}}' }],
    },
    { id: 'done', name: 'Done', type: 'end', message: '{{vars.last}}' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'seed' },
    { from: 'seed', kind: 'next', to: 'each' },
    { from: 'each', kind: 'body', to: 'collect' },
    { from: 'collect', kind: 'next', to: 'each' },
    { from: 'each', kind: 'done', to: 'done' },
  ],
});

describe('debug runs, walked', () => {
  it('pauses in a For each body once per item, the item in the context, and steps over the last step', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const nextPause = pausesOf(backend);
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Loop' } });
    await call('runbooks.update', { id: runbookId, draft: loopDraft });
    const { runId } = await call('runs.start', { runbookId, debug: { breakpoints: ['collect', 'done'] } });
    for (const item of ['a', 'b']) {
      expect(await nextPause()).toMatchObject({ stepId: 'collect', reason: 'breakpoint' });
      expect(JSON.stringify((await call('runs.debugContext', { id: runId })).items)).toContain(`"${item}"`);
      expect(await call('runs.debugContinue', { id: runId })).toEqual({ wasPaused: true });
    }
    expect(await nextPause()).toMatchObject({ stepId: 'done' });
    expect(await call('runs.debugStepOver', { id: runId })).toEqual({ wasPaused: true });
    expect(await waitForRun(backend, runId)).toMatchObject({ status: 'succeeded', message: 'ab' });
    // Nothing is paused any more: a late command says so, and the run stays as it ended.
    expect(await call('runs.debugContinue', { id: runId })).toEqual({ wasPaused: false });
    expect((await call('runs.get', { id: runId })).pause ?? null).toBeNull();
  });

  it('holds back the POST of a debug dry run, stepped through', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const nextPause = pausesOf(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    const before = api.received.length;
    const { runId } = await call('runs.start', {
      runbookId,
      mode: 'dryRun',
      debug: { breakpoints: ['open'] },
    });
    expect(await nextPause()).toMatchObject({ stepId: 'open' });
    expect(await call('runs.debugStepOver', { id: runId })).toEqual({ wasPaused: true });
    expect(await nextPause()).toMatchObject({ stepId: 'done', reason: 'stepOver' });
    expect(await call('runs.debugContinue', { id: runId })).toEqual({ wasPaused: true });
    expect(await waitForRun(backend, runId)).toMatchObject({
      status: 'succeeded',
      mode: 'dryRun',
      message: 'T-example',
    });
    expect(api.received.slice(before)).toEqual(['GET /users/ada']);
  });
});
