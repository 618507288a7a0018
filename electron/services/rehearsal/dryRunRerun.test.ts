/**
 * Running a dry run again: Run again and Re-run from here on a dry run's page repeat a dry run
 * (the unsafe requests held back again), never a live run sending what the dry run held back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rehearsalOf } from '../../../shared/rehearsal/rehearsal';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createTicketRunbook, startRecordingApi, type RecordingApi } from './testSupport/recordingApi';

let api: RecordingApi;
beforeAll(async () => {
  api = await startRecordingApi();
});
afterAll(() => api.close());

describe('running a dry run again', () => {
  it('runs it again as a dry run: the POST is held back again', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    const { runId } = await call('runs.start', { runbookId, mode: 'dryRun' });
    await waitForRun(backend, runId);

    let again: Awaited<ReturnType<typeof waitForRun>> | undefined;
    const received = await api.during(async () => {
      const rerun = await call('runs.rerun', { id: runId });
      again = await waitForRun(backend, rerun.runId);
    });
    expect(received).toEqual(['GET /users/ada']);
    expect(again?.mode).toBe('dryRun');
    expect(again?.message).toBe('T-example');
    const open = again?.steps.find((step) => step.stepId === 'open');
    expect(rehearsalOf(open?.response)).toEqual({ source: 'example', wouldHaveSent: true });
  });

  it('re-runs it from a step as a dry run: the POST is held back again', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    const { runId } = await call('runs.start', { runbookId, mode: 'dryRun' });
    await waitForRun(backend, runId);

    let again: Awaited<ReturnType<typeof waitForRun>> | undefined;
    const received = await api.during(async () => {
      const rerun = await call('runs.rerunFrom', { id: runId, stepId: 'open' });
      again = await waitForRun(backend, rerun.runId);
    });
    expect(received).toEqual([]);
    expect(again?.mode).toBe('dryRun');
    expect(again?.message).toBe('T-example');
  });

  it('refuses to run a test case replay again live, saying where it replays', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    const { runId } = await call('runs.start', { runbookId });
    await waitForRun(backend, runId);
    await call('testCases.saveFromRun', { runId, name: 'Opens a ticket' });
    const [replayed] = await call('testCases.run', { runbookId });
    const replayId = replayed?.runId ?? '';
    expect((await call('runs.get', { id: replayId })).mode).toBe('replay');
    const received = await api.during(async () => {
      await expect(call('runs.rerun', { id: replayId })).rejects.toThrow(/run it again with Run tests/);
      await expect(call('runs.rerunFrom', { id: replayId, stepId: 'open' })).rejects.toThrow(
        /run it again with Run tests/,
      );
    });
    expect(received).toEqual([]);
  });

  it('runs a live run again live', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId } = await createTicketRunbook(backend, api);
    const { runId } = await call('runs.start', { runbookId });
    await waitForRun(backend, runId);
    const received = await api.during(async () => {
      const rerun = await call('runs.rerun', { id: runId });
      const again = await waitForRun(backend, rerun.runId);
      expect(again.mode).toBe('live');
    });
    expect(received).toEqual(['GET /users/ada', 'POST /tickets']);
  });
});
