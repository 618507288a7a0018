/**
 * Running a designer run again: a run started by hand of the draft used the runbook's pins, so
 * its Run again and Re-run from here use them too — a pinned request its run never sent is not
 * sent by repeating it. A run of a published version never uses pins, repeated or not (pins.test).
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

/** The ticket runbook with its POST pinned, and a run of it by hand (which sent only the GET). */
async function pinnedRun() {
  const backend = startBackend();
  const { call } = inProcessApi(backend);
  const { runbookId } = await createTicketRunbook(backend, api);
  await call('pins.set', {
    runbookId,
    stepId: 'open',
    pin: { status: 201, outputs: { ticketId: 'T-pinned' } },
  });
  let runId = '';
  const received = await api.during(async () => {
    runId = (await call('runs.start', { runbookId })).runId;
    await waitForRun(backend, runId);
  });
  expect(received).toEqual(['GET /users/ada']);
  return { backend, call, runbookId, runId };
}

describe('running a designer run again', () => {
  it('Run again answers the pinned step from its pin, as the run did: the POST is not sent', async () => {
    const { backend, call, runId } = await pinnedRun();
    let again: Awaited<ReturnType<typeof waitForRun>> | undefined;
    const received = await api.during(async () => {
      again = await waitForRun(backend, (await call('runs.rerun', { id: runId })).runId);
    });
    expect(received).toEqual(['GET /users/ada']);
    expect(again).toMatchObject({ status: 'succeeded', mode: 'live', message: 'T-pinned' });
    const open = again?.steps.find((step) => step.stepId === 'open');
    expect(rehearsalOf(open?.response)).toEqual({ source: 'pin', wouldHaveSent: false });
  });

  it('Re-run from the pinned step answers it from its pin: nothing is sent', async () => {
    const { backend, call, runId } = await pinnedRun();
    let again: Awaited<ReturnType<typeof waitForRun>> | undefined;
    const received = await api.during(async () => {
      const rerun = await call('runs.rerunFrom', { id: runId, stepId: 'open' });
      again = await waitForRun(backend, rerun.runId);
    });
    expect(received).toEqual([]);
    expect(again).toMatchObject({ status: 'succeeded', message: 'T-pinned' });
  });

  it('a run again uses the pins as they are now: an unpinned step is sent', async () => {
    const { backend, call, runbookId, runId } = await pinnedRun();
    await call('pins.delete', { runbookId, stepId: 'open' });
    const received = await api.during(async () => {
      await waitForRun(backend, (await call('runs.rerun', { id: runId })).runId);
    });
    expect(received).toEqual(['GET /users/ada', 'POST /tickets']);
  });
});
