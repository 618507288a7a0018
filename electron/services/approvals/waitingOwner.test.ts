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
async function waitingRun(backend: Backend): Promise<string> {
  await backend.triggersReady;
  const api = inProcessApi(backend);
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Ask' } });
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
  it('is not taken up by another process that opens the folder while its own lives', async () => {
    const dataDirectory = temporaryDirectory();
    const first = await opened(dataDirectory);
    const runId = await waitingRun(first);
    const second = await opened(dataDirectory);
    // The other process offers no link to it and refuses to decide it, saying where it waits.
    const [own] = await inProcessApi(first).call('approvals.list', { runId });
    expect((await inProcessApi(second).call('approvals.list', { runId }))[0]?.link).toBeNull();
    await expect(second.dispatch('approvals.decide', { runId, decision: 'approved' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('This run waits in another process on this data folder') as unknown,
    });
    // Its own listener (the port the first holds is taken), to open the first's link on.
    await inProcessApi(second).call('settings.update', { webhookPort: 0 });
    const { url } = await inProcessApi(second).call('settings.webhookListener', {});
    const token = own?.link?.split('/approvals/')[1] ?? '';
    const elsewhere = await fetch(`${url ?? ''}/approvals/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approved',
    });
    expect(elsewhere.status).toBe(409);
    expect(await elsewhere.text()).toContain('This run waits in another process');
    await inProcessApi(first).call('approvals.decide', { runId, decision: 'approved' });
    const run = await waitForRun(first, runId);
    expect(run.status).toBe('succeeded');
    // It went on once, where it waited: the other process holds no copy that could go on too.
    expect(await inProcessApi(second).call('runs.cancel', { id: runId })).toEqual({ wasRunning: false });
    expect((await inProcessApi(second).call('runs.get', { id: runId })).status).toBe('succeeded');
  });

  it('is taken up by the next process to start once its own is gone, though another still lives', async () => {
    const dataDirectory = temporaryDirectory();
    const first = await opened(dataDirectory);
    const runId = await waitingRun(first);
    const second = await opened(dataDirectory); // Lives on, and leaves the run to its owner.
    stopBackend(first);
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
    const holders = [];
    for (const backend of [second, third]) {
      const decided = await backend
        .dispatch('approvals.decide', { runId, decision: 'approved' })
        .then(() => true)
        .catch(() => false);
      if (decided) holders.push(backend);
    }
    expect(holders).toHaveLength(1);
    expect((await waitForRun(holders[0] as Backend, runId)).status).toBe('succeeded');
    const other = holders[0] === second ? third : second;
    expect(await inProcessApi(other).call('runs.cancel', { id: runId })).toEqual({ wasRunning: false });
  });
});
