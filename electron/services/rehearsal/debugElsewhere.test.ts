/**
 * A debug run paused in one process, seen from another open on the same data folder (the app's
 * designer debugging while a window on `serve` looks at the run): two backends on one temp folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend';
import { waitForRun } from '../testSupport/runs';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createTicketRunbook, startRecordingApi, type RecordingApi } from './testSupport/recordingApi';

let api: RecordingApi;
beforeAll(async () => {
  api = await startRecordingApi();
});
afterAll(() => api.close());

/** Resolves at the backend's next debug pause. */
const nextPause = (backend: Backend) =>
  new Promise<void>((resolve) => {
    const subscription = backend.events.onDidEmit((message) => {
      if (message.name !== 'runs.debugChanged' || message.payload.pause === null) return;
      subscription.dispose();
      resolve();
    });
  });

/** Two processes on one folder, a debug run paused at "Open" in the first. */
async function pausedElsewhere() {
  const dataDirectory = temporaryDirectory();
  const app = startBackend(dataDirectory);
  const serve = startBackend(dataDirectory);
  const { runbookId } = await createTicketRunbook(app, api);
  const paused = nextPause(app);
  const { runId } = await inProcessApi(app).call('runs.start', {
    runbookId,
    debug: { breakpoints: ['open'] },
  });
  await paused;
  // Bounded (5 s): the run's row reaches the disk a moment after it starts.
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const seen = await inProcessApi(serve).call('runs.list', {});
    if (seen.some((run) => run.id === runId && run.status === 'running')) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { app, serve, runId };
}

describe('a debug run paused in another process on the data folder', () => {
  it('is refused Continue, Step over and its context here, saying where it is debugged', async () => {
    const { app, serve, runId } = await pausedElsewhere();
    const { call } = inProcessApi(serve);
    expect((await call('runs.get', { id: runId })).status).toBe('running');
    const elsewhere =
      /not debugged by this process: a debug run pauses and goes on only in the process that runs it/;
    await expect(call('runs.debugContext', { id: runId })).rejects.toThrow(elsewhere);
    await expect(call('runs.debugContinue', { id: runId })).rejects.toThrow(elsewhere);
    await expect(call('runs.debugStepOver', { id: runId })).rejects.toThrow(elsewhere);
    // Still paused where it was, for the window that debugs it.
    expect(await inProcessApi(app).call('runs.debugContext', { id: runId })).toMatchObject({
      pause: { stepId: 'open' },
    });
  });

  it('is stopped from here: it ends cancelled there', async () => {
    const { app, serve, runId } = await pausedElsewhere();
    expect(await inProcessApi(serve).call('runs.debugStop', { id: runId })).toEqual({ wasRunning: true });
    const run = await waitForRun(app, runId);
    expect(run.status).toBe('cancelled');
    expect(run.steps.map((step) => step.stepId)).toEqual(['start', 'lookup']);
  });

  it('is shown paused here, at its step, and going on once continued there', async () => {
    const { app, serve, runId } = await pausedElsewhere();
    const told: (string | null)[] = [];
    serve.events.onDidEmit((message) => {
      if (message.name === 'runs.debugChanged' && message.payload.runId === runId)
        told.push(message.payload.pause?.stepId ?? null);
    });
    const { call } = inProcessApi(serve);
    expect((await call('runs.get', { id: runId })).pause).toMatchObject({ stepId: 'open', stepName: 'Open' });
    // Bounded (5 s): this process looks for what the other records once a second.
    for (let attempt = 0; attempt < 100 && !told.includes('open'); attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(told).toEqual(['open']);

    await inProcessApi(app).call('runs.debugContinue', { id: runId });
    await waitForRun(app, runId);
    for (let attempt = 0; attempt < 100 && !told.includes(null); attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(told).toEqual(['open', null]);
    expect((await call('runs.get', { id: runId })).pause).toBeNull();
  });
});
