/**
 * Runs of a process that stopped while this one stays open on the data folder (the app closed with
 * a run going while `serve` runs on) are marked interrupted here within seconds and told to the
 * windows, without waiting for another process to start. Backends on one temp folder stand for the
 * processes.
 */
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/api/contract';
import { oneStepDraft } from '../testSupport/drafts';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

describe('runs of a process gone from the data folder', () => {
  it('are marked interrupted by the process still open, and told to its windows', async () => {
    const dataDirectory = temporaryDirectory();
    const serve = startBackend(dataDirectory);
    const app = startBackend(dataDirectory);
    const { call } = inProcessApi(app);
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Wait an hour' } });
    await call('runbooks.update', {
      id: runbookId,
      draft: oneStepDraft({ id: 'wait', name: 'Wait', type: 'delay', seconds: '3600' }),
    });
    const { runId } = await call('runs.start', { runbookId, inputs: {} });
    const seenBy = inProcessApi(serve);
    // Bounded (5 s): the run's row reaches the disk a moment after it starts.
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if ((await seenBy.call('runs.list', {})).some((run) => run.id === runId)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const told: EventPayload<'runs.changed'>['run'][] = [];
    serve.events.onDidEmit((message) => {
      if (message.name === 'runs.changed' && message.payload.run.id === runId) told.push(message.payload.run);
    });
    stopBackend(app);

    // Bounded (10 s): the process still open looks every 5 s.
    const ended = () => told.find((run) => run.status !== 'running');
    for (let attempt = 0; attempt < 200 && ended() === undefined; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ended()).toMatchObject({ id: runId, status: 'failed' });
    const run = await seenBy.call('runs.get', { id: runId });
    expect(run.error).toMatch(/interrupted/);
    expect(run.steps.find((step) => step.stepId === 'wait')?.status).toBe('failed');
  });
});
