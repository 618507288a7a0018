/**
 * A run waiting for an approval has one owner among the processes with its data folder open
 * (the app, `serve`s): the process that started it while that lives, then the next to start. Two
 * backends on one temp folder stand for two processes (each keeps its own process file).
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend';
import { waitForRun } from '../testSupport/runs';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const askDraft = {
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'ask', name: 'Ask', type: 'approval', message: 'Go?', timeoutMinutes: 60 },
    { id: 'yes', name: 'Yes', type: 'end', message: 'yes' },
    { id: 'no', name: 'No', type: 'end', outcome: 'failed' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'ask' },
    { from: 'ask', kind: 'approved', to: 'yes' },
    { from: 'ask', kind: 'rejected', to: 'no' },
    { from: 'ask', kind: 'timed_out', to: 'no' },
  ],
};

/** A run of a new runbook that asks for an approval, once it waits for it (bounded: 10 s). */
async function waitingRun(backend: Backend, name = 'Ask'): Promise<string> {
  await backend.triggersReady;
  const api = inProcessApi(backend);
  const { id: runbookId } = await api.call('runbooks.create', { details: { name } });
  await api.call('runbooks.update', { id: runbookId, draft: askDraft as never });
  const { runId } = await api.call('runs.start', { runbookId, inputs: {} });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await api.call('approvals.list', { runId })).length > 0) return runId;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run never waited for its approval');
}

/** A backend on the folder, once it has taken up what it takes up at start. */
async function opened(dataDirectory: string): Promise<Backend> {
  const backend = startBackend(dataDirectory);
  await backend.triggersReady;
  // The waiting runs are taken up a turn after the listener is up.
  await new Promise((resolve) => setImmediate(resolve));
  return backend;
}

describe('a run waiting for an approval', () => {
  it('is decided in another process while its own lives, and goes on once, where it waits', async () => {
    const dataDirectory = temporaryDirectory();
    const first = await opened(dataDirectory);
    const runId = await waitingRun(first);
    const second = await opened(dataDirectory);
    // The other process offers no link to it (its own listener would give another address).
    const [own] = await inProcessApi(first).call('approvals.list', { runId });
    expect((await inProcessApi(second).call('approvals.list', { runId }))[0]?.link).toBeNull();
    // A run of `runbook-designer run` waits where no window is: deciding it in the app's reaches it.
    expect(await inProcessApi(second).call('approvals.decide', { runId, decision: 'approved' })).toEqual({
      runId,
      decision: 'approved',
    });
    const run = await waitForRun(first, runId);
    expect(run.status).toBe('succeeded');
    expect(run.steps.map((step) => step.stepId)).toEqual(['start', 'ask', 'yes']);
    expect(run.steps[1]?.outputs).toMatchObject({ decision: 'approved' });
    // It went on in its own process: the other holds no copy that could go on too.
    expect(await inProcessApi(second).call('runs.cancel', { id: runId })).toEqual({ wasRunning: false });

    // The link of a run waiting in the first decides it on the second's listener too.
    const linked = await waitingRun(first, 'Ask by link');
    const [waiting] = await inProcessApi(first).call('approvals.list', { runId: linked });
    await inProcessApi(second).call('settings.update', { webhookPort: 0 });
    const { url } = await inProcessApi(second).call('settings.webhookListener', {});
    const token = waiting?.link?.split('/approvals/')[1] ?? '';
    expect(own?.link).not.toBe(waiting?.link);
    const decided = await fetch(`${url ?? ''}/approvals/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=rejected',
    });
    expect(decided.status).toBe(200);
    const rejected = await waitForRun(first, linked);
    expect(rejected.steps.map((step) => step.stepId)).toEqual(['start', 'ask', 'no']);
  });

  it('is taken up by the next process to start once its own is gone, though another still lives', async () => {
    const dataDirectory = temporaryDirectory();
    const first = await opened(dataDirectory);
    const runId = await waitingRun(first);
    const second = await opened(dataDirectory); // Lives on, and leaves the run to its owner.
    stopBackend(first);
    // No process waits on it now: a decision would reach no run.
    await expect(second.dispatch('approvals.decide', { runId, decision: 'approved' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('This run waited in a process that has stopped') as unknown,
    });
    const third = await opened(dataDirectory);
    await inProcessApi(third).call('approvals.decide', { runId, decision: 'approved' });
    expect((await waitForRun(third, runId)).status).toBe('succeeded');
    expect(await inProcessApi(second).call('runs.cancel', { id: runId })).toEqual({ wasRunning: false });
  });

  it('is taken up by one process only when two start together after its own is gone', async () => {
    const dataDirectory = temporaryDirectory();
    const first = await opened(dataDirectory);
    const runId = await waitingRun(first);
    stopBackend(first);
    const [second, third] = await Promise.all([opened(dataDirectory), opened(dataDirectory)]);
    // Decided in either, it goes on in the one that took it up, and there only: its last step once.
    await inProcessApi(second).call('approvals.decide', { runId, decision: 'approved' });
    const run = await waitForRun(second, runId);
    expect(run.status).toBe('succeeded');
    expect(run.steps.filter((step) => step.stepId === 'yes')).toHaveLength(1);
    for (const backend of [second, third])
      expect(await inProcessApi(backend).call('runs.cancel', { id: runId })).toEqual({ wasRunning: false });
  });
});
