/**
 * "All clients" of a runbook that sends nothing itself but runs another (Run runbook): its
 * clients are those of the integrations the runbooks it runs use, however deep, a runbook that
 * runs itself read once; a schedule's group reads the children's published versions, the Run
 * dialog's list their drafts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { Backend } from '../backend';
import { fakeScheduleClock } from '../triggers/testSupport/scheduleClock';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import {
  createClientsRunbook,
  createParentRunbook,
  startClientsApi,
  type ClientsApi,
} from './testSupport/clientsApi';

let api: ClientsApi;
beforeAll(async () => {
  api = await startClientsApi(5);
});
afterAll(() => api.close());

/** A runbook that runs itself, then `runbookId` (never run here: only its clients are asked). */
async function createSelfRunningRunbook(backend: Backend, runbookId: string): Promise<string> {
  const call = inProcessApi(backend).call;
  const { id } = await call('runbooks.create', { details: { name: 'Loop' } });
  await call('runbooks.update', {
    id,
    draft: runbookGraphSchema.parse({
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'self', name: 'Again', type: 'runRunbook', runbookId: id },
        { id: 'other', name: 'Other', type: 'runRunbook', runbookId },
        { id: 'end', name: 'End', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'self' },
        { from: 'self', kind: 'success', to: 'other' },
        { from: 'other', kind: 'success', to: 'end' },
      ],
    }),
  });
  return id;
}

describe('the clients of a runbook that runs others', () => {
  it('lists the clients of the runbook it runs and runs each of them', async () => {
    const backend = startBackend();
    const call = inProcessApi(backend).call;
    const { runbookId: childId } = await createClientsRunbook(
      backend,
      api,
      ['Acme', 'Globex', 'Initech'],
      ['Initech'],
    );
    const parentId = await createParentRunbook(backend, childId);
    expect(await call('runGroups.clients', { runbookId: parentId })).toEqual(['Acme', 'Globex', 'Initech']);

    const before = api.received.length;
    const started = await call('runGroups.start', { runbookId: parentId, clients: 'all' });
    const group = await backend.runGroups.settled(started.id);
    expect(group.members.map((member) => [member.client, member.status, member.message])).toEqual([
      ['Acme', 'succeeded', 'Acme checked'],
      ['Globex', 'succeeded', 'Globex checked'],
      ['Initech', 'failed', 'Initech failed'],
    ]);
    expect(api.received.slice(before).sort()).toEqual([
      'GET /fail/Initech/health',
      'GET /ok/Acme/health',
      'GET /ok/Globex/health',
    ]);
  });

  it('reads a runbook that runs itself once', async () => {
    const backend = startBackend();
    const call = inProcessApi(backend).call;
    const { runbookId: childId } = await createClientsRunbook(backend, api, ['Acme', 'Globex']);
    const parentId = await createParentRunbook(backend, childId);
    const loopId = await createSelfRunningRunbook(backend, parentId);
    expect(await call('runGroups.clients', { runbookId: loopId })).toEqual(['Acme', 'Globex']);
  });

  it('fires a schedule’s group for the clients of the children’s published versions', async () => {
    const { clock, advance } = fakeScheduleClock('2026-11-23T09:59:55.000Z');
    const backend = startBackend(undefined, undefined, { scheduleClock: clock });
    await backend.triggersReady;
    const call = inProcessApi(backend).call;
    const { runbookId: childId } = await createClientsRunbook(backend, api, ['Acme', 'Globex']);
    await call('runbooks.publish', { id: childId, note: 'checks the Client API' });
    // The child's draft now sends nothing: the draft's clients are none, the published one's two.
    await call('runbooks.update', {
      id: childId,
      draft: runbookGraphSchema.parse({
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'end', name: 'End', type: 'end' },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'end' }],
      }),
    });
    const parentId = await createParentRunbook(backend, childId);
    const { draft } = await call('runbooks.get', { id: parentId });
    const schedule = {
      isEnabled: true,
      expression: '0 0 10 * * *',
      timeZone: 'UTC',
      isPaused: false,
      clients: 'all' as const,
      clientConcurrency: 2,
    };
    const steps = draft.steps.map((step) => (step.type === 'start' ? { ...step, schedule } : step));
    await call('runbooks.update', { id: parentId, draft: { ...draft, steps } });
    await call('runbooks.publish', { id: parentId, note: 'nightly' });
    await expect(call('runGroups.clients', { runbookId: parentId })).resolves.toEqual([]);

    advance(10_000);
    const [listed] = await call('runGroups.list', { runbookId: parentId });
    const group = await backend.runGroups.settled(listed?.id ?? '');
    expect(group.members.map((member) => [member.client, member.status])).toEqual([
      ['Acme', 'succeeded'],
      ['Globex', 'succeeded'],
    ]);
  });
});
