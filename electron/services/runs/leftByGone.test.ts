/**
 * Runs left going by a process that stopped while another stays open on the data folder (the app
 * closed with a run going while `serve` runs on): the next process to start marks them
 * interrupted, but not the runs of the process still open. Backends on one temp folder stand for
 * the processes.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend';
import { oneStepDraft } from '../testSupport/drafts';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

/** Starts a run that waits an hour, and waits (bounded, 5 s) until its row is on disk. */
async function startWaitingRun(backend: Backend, name: string): Promise<string> {
  const { call } = inProcessApi(backend);
  const { id: runbookId } = await call('runbooks.create', { details: { name } });
  await call('runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({ id: 'wait', name: 'Wait', type: 'delay', seconds: '3600' }),
  });
  const { runId } = await call('runs.start', { runbookId, inputs: {} });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if ((await call('runs.get', { id: runId }).catch(() => undefined))?.status === 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return runId;
}

describe('runs left going by a process that stopped while another is open', () => {
  it('are marked interrupted by the next start; those of the process still open go on', async () => {
    const dataDirectory = temporaryDirectory();
    const serve = startBackend(dataDirectory);
    const app = startBackend(dataDirectory);
    const servesRun = await startWaitingRun(serve, 'Server wait');
    const appsRun = await startWaitingRun(app, 'App wait');
    stopBackend(app);

    const reopened = startBackend(dataDirectory);
    const { call } = inProcessApi(reopened);
    const left = await call('runs.get', { id: appsRun });
    expect(left.status).toBe('failed');
    expect(left.error).toMatch(/interrupted/i);
    expect((await call('runs.get', { id: servesRun })).status).toBe('running');
    expect((await inProcessApi(serve).call('runs.get', { id: servesRun })).status).toBe('running');
  });
});
