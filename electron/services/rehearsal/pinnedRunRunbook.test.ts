/**
 * Pinning a Run runbook step through the whole backend: pinned from its record in a run, a
 * designer run then takes the pin's outputs and runs no child (nothing is sent); a Set variables
 * pin must not give what only a request has (a status).
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

/** A parent runbook: Start → Sub (runs the ticket runbook) → Note (Set variables) → Done. */
async function createParent(call: ReturnType<typeof inProcessApi>['call'], childId: string): Promise<string> {
  const { id } = await call('runbooks.create', { details: { name: 'Parent' } });
  await call('runbooks.update', {
    id,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'sub', name: 'Sub', type: 'runRunbook', runbookId: childId },
        { id: 'note', name: 'Note', type: 'setVariables', assignments: [{ name: 'seen', value: 'yes' }] },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'sub' },
        { from: 'sub', kind: 'success', to: 'note' },
        { from: 'note', kind: 'next', to: 'done' },
      ],
    },
  });
  return id;
}

describe('pinned Run runbook steps', () => {
  it('pins a Run runbook step from its record; designer runs then run no child', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId: childId } = await createTicketRunbook(backend, api);
    const parentId = await createParent(call, childId);
    const first = await waitForRun(backend, (await call('runs.start', { runbookId: parentId })).runId);
    const sub = first.steps.find((step) => step.stepId === 'sub');
    expect([first.status, first.error]).toEqual(['succeeded', null]);
    const pin = await call('pins.fromRun', { runId: first.id, seq: sub?.seq ?? 0 });
    expect(pin).toMatchObject({ stepId: 'sub', from: 'run', status: 200, response: null });

    await call('pins.set', {
      runbookId: parentId,
      stepId: 'sub',
      pin: { status: 200, outputs: { ticketId: 'T-pinned' } },
    });
    const before = api.received.length;
    const second = await waitForRun(backend, (await call('runs.start', { runbookId: parentId })).runId);
    expect(api.received.slice(before)).toEqual([]);
    expect(second.status).toBe('succeeded');
    const pinnedSub = second.steps.find((step) => step.stepId === 'sub');
    expect(pinnedSub?.outputs).toEqual({ ticketId: 'T-pinned' });
    expect(rehearsalOf(pinnedSub?.response)).toEqual({ source: 'pin', wouldHaveSent: false });
  });

  it('refuses a Set variables pin that gives an HTTP status', async () => {
    const backend = startBackend();
    const { call } = inProcessApi(backend);
    const { runbookId: childId } = await createTicketRunbook(backend, api);
    const parentId = await createParent(call, childId);
    await expect(
      call('pins.set', { runbookId: parentId, stepId: 'note', pin: { status: 200, outputs: {} } }),
    ).rejects.toThrow(/A pin of "Note" holds "outputs"; "status" means nothing to it/);
  });
});
