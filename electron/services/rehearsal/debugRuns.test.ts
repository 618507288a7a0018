/**
 * Debug runs through the whole backend against a local API: started by runs.start with
 * breakpoints, paused and announced by an event, its context read, continued, stepped over and
 * stopped through the contract; refused from the command line; interrupted when the app closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/api/contract';
import type { DebugPause } from '../../../shared/rehearsal/debugging';
import type { Backend } from '../backend';
import { waitForRun } from '../testSupport/runs';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createTicketRunbook, startRecordingApi, type RecordingApi } from './testSupport/recordingApi';

let api: RecordingApi;
beforeAll(async () => {
  api = await startRecordingApi();
});
afterAll(() => api.close());

/** The debug events of a backend, with a way to wait for its next pause (bounded by the test's timeout). */
function pausesOf(backend: Backend) {
  const seen: EventPayload<'runs.debugChanged'>[] = [];
  const waiters: ((pause: DebugPause) => void)[] = [];
  const queued: DebugPause[] = [];
  backend.events.onDidEmit((message) => {
    if (message.name !== 'runs.debugChanged') return;
    seen.push(message.payload);
    const { pause } = message.payload;
    if (pause === null) return;
    const waiter = waiters.shift();
    if (waiter === undefined) queued.push(pause);
    else waiter(pause);
  });
  const next = () =>
    new Promise<DebugPause>((resolve) => {
      const already = queued.shift();
      if (already === undefined) waiters.push(resolve);
      else resolve(already);
    });
  return { seen, next };
}

describe('debug runs through the contract', () => {
  it('pauses at two breakpoints, shows the context, continues, steps over and ends', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const pauses = pausesOf(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    const before = api.received.length;
    const { runId } = await call('runs.start', { runbookId, debug: { breakpoints: ['lookup', 'open'] } });

    expect(await pauses.next()).toMatchObject({ runId, runbookId, stepId: 'lookup', reason: 'breakpoint' });
    // Paused: the run is still "running" to the runs list and its filter.
    expect((await call('runs.get', { id: runId })).status).toBe('running');
    expect((await call('runs.list', { status: 'running' })).map((run) => run.id)).toEqual([runId]);
    expect(await call('runs.debugContext', { id: runId })).toMatchObject({
      pause: { stepId: 'lookup', stepName: 'Lookup' },
      inputs: { who: 'ada' },
      steps: { start: { status: 'succeeded' } },
      fields: [{ template: '{{inputs.who}}', value: 'ada', error: null }],
    });

    expect(await call('runs.debugContinue', { id: runId })).toEqual({ wasPaused: true });
    expect((await pauses.next()).stepId).toBe('open');
    const context = await call('runs.debugContext', { id: runId });
    expect(context.steps.lookup?.outputs).toEqual({ email: 'live@example.com', status: 200 });
    expect(context.fields).toEqual([
      { template: 'For {{steps.lookup.outputs.email}}', value: 'For live@example.com', error: null },
    ]);
    expect(api.received.slice(before)).toEqual(['GET /users/ada']);

    expect(await call('runs.debugStepOver', { id: runId })).toEqual({ wasPaused: true });
    expect(await pauses.next()).toMatchObject({ stepId: 'done', reason: 'stepOver' });
    await call('runs.debugContinue', { id: runId });
    const run = await waitForRun(backend, runId);
    expect(run).toMatchObject({ status: 'succeeded', message: 'T-live' });
    expect(api.received.slice(before)).toEqual(['GET /users/ada', 'POST /tickets']);
    // Each pause was followed by its "went on".
    expect(pauses.seen.map((change) => change.pause?.stepId ?? null)).toEqual([
      'lookup',
      null,
      'open',
      null,
      'done',
      null,
    ]);
    expect(await call('runs.debugContinue', { id: runId })).toEqual({ wasPaused: false });
    await expect(call('runs.debugContext', { id: runId })).rejects.toThrow(/not paused/);
  });

  it('stops a paused run as cancelled, keeping its records', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const pauses = pausesOf(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    const { runId } = await call('runs.start', { runbookId, debug: { breakpoints: ['open'] } });
    await pauses.next();
    expect(await call('runs.debugStop', { id: runId })).toEqual({ wasRunning: true });
    const run = await waitForRun(backend, runId);
    expect(run).toMatchObject({ status: 'cancelled', error: 'Stopped in the debugger.' });
    expect(run.steps.map((step) => step.stepId)).toEqual(['start', 'lookup']);
  });

  it('cancels a paused run with runs.cancel', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const pauses = pausesOf(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    const { runId } = await call('runs.start', { runbookId, debug: { breakpoints: ['lookup'] } });
    await pauses.next();
    expect(await call('runs.cancel', { id: runId })).toEqual({ wasRunning: true });
    expect((await waitForRun(backend, runId)).status).toBe('cancelled');
  });

  it('is refused from the command line', async () => {
    const backend = startBackend(undefined, undefined, { commandLine: { credentials: () => undefined } });
    const { call } = inProcessApi(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    await expect(call('runs.start', { runbookId, debug: { breakpoints: [] } })).rejects.toThrow(
      /Only the designer debugs runs/,
    );
  });

  it('marks a run paused when the app closed as interrupted at the next start', async () => {
    const dataDirectory = temporaryDirectory();
    const backend = startBackend(dataDirectory);
    const { call } = inProcessApi(backend);
    const pauses = pausesOf(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    const { runId } = await call('runs.start', { runbookId, debug: { breakpoints: ['open'] } });
    await pauses.next();
    stopBackend(backend);

    const reopened = startBackend(dataDirectory);
    const run = await inProcessApi(reopened).call('runs.get', { id: runId });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/interrupted/i);
  });
});
