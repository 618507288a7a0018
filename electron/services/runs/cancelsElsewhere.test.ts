/**
 * A run is cancelled from any process open on its data folder: the one whose engine runs it
 * cancels it within a second of the request. Two backends on one temp folder stand for two
 * processes (the app, and a `runbook-designer run` going in a terminal).
 */
import { describe, expect, it } from 'vitest';
import { oneStepDraft } from '../testSupport/drafts';
import { waitForRun } from '../testSupport/runs';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

describe('a run going in another process on the data folder', () => {
  it('is cancelled there when this process is asked to cancel it; an ended run is not', async () => {
    const dataDirectory = temporaryDirectory();
    const runner = startBackend(dataDirectory);
    const app = startBackend(dataDirectory);
    const { call } = inProcessApi(runner);
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Wait an hour' } });
    await call('runbooks.update', {
      id: runbookId,
      draft: oneStepDraft({ id: 'wait', name: 'Wait', type: 'delay', seconds: '3600' }),
    });
    const { runId } = await call('runs.start', { runbookId, inputs: {} });
    // Bounded (10 s): the run's row is on disk, seen from the other process, while it waits.
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const seen = await inProcessApi(app).call('runs.list', {});
      if (seen.some((run) => run.id === runId && run.status === 'running')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(await inProcessApi(app).call('runs.cancel', { id: runId })).toEqual({ wasRunning: true });
    const run = await waitForRun(runner, runId);
    expect(run.status).toBe('cancelled');
    expect(run.steps.find((step) => step.stepId === 'wait')?.status).toBe('cancelled');
    expect(await inProcessApi(app).call('runs.cancel', { id: runId })).toEqual({ wasRunning: false });
  });
});
