/** A schedule whose trigger targets clients fires a run group (one run per client) each time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { fakeScheduleClock as fakeClock } from '../triggers/testSupport/scheduleClock';
import {
  createClientsRunbook,
  startClientsApi,
  startHoldingApi,
  type ClientsApi,
} from './testSupport/clientsApi';

let api: ClientsApi;
beforeAll(async () => {
  api = await startClientsApi(5);
});
afterAll(() => api.close());

describe('a schedule across clients', () => {
  it('fires a run group of every client, its failing client failed', async () => {
    const { clock, advance } = fakeClock('2026-11-23T09:59:55.000Z');
    const backend = startBackend(undefined, undefined, { scheduleClock: clock });
    await backend.triggersReady;
    const call = inProcessApi(backend).call;
    const { runbookId } = await createClientsRunbook(
      backend,
      api,
      ['Acme', 'Globex', 'Initech'],
      ['Initech'],
    );
    const { draft } = await call('runbooks.get', { id: runbookId });
    const steps = draft.steps.map((step) =>
      step.type === 'start'
        ? {
            ...step,
            schedule: {
              isEnabled: true,
              expression: '0 0 10 * * *',
              timeZone: 'UTC',
              isPaused: false,
              clients: 'all' as const,
              clientConcurrency: 2,
            },
          }
        : step,
    );
    await call('runbooks.update', { id: runbookId, draft: { ...draft, steps } });
    await call('runbooks.publish', { id: runbookId, note: 'nightly' });

    advance(10_000);
    const groups = await call('runGroups.list', { runbookId });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ trigger: 'schedule', concurrency: 2 });
    const group = await backend.runGroups.settled(groups[0]?.id ?? '');
    expect(group.members.map((member) => [member.client, member.status])).toEqual([
      ['Acme', 'succeeded'],
      ['Globex', 'succeeded'],
      ['Initech', 'failed'],
    ]);
    const runs = await call('runs.list', { groupId: group.id });
    expect(runs.every((run) => run.trigger === 'schedule' && run.versionNumber === 1)).toBe(true);
    const { events } = await call('runbooks.triggers', { id: runbookId });
    expect(events.filter((event) => event.outcome === 'started')).toHaveLength(1);
  });

  it('is refused at publish when it runs for these clients but names none, saying so', async () => {
    const backend = startBackend();
    const call = inProcessApi(backend).call;
    const { runbookId } = await createClientsRunbook(backend, api, ['Acme']);
    const { draft } = await call('runbooks.get', { id: runbookId });
    const steps = draft.steps.map((step) =>
      step.type === 'start'
        ? {
            ...step,
            schedule: { isEnabled: true, expression: '0 6 * * *', timeZone: 'UTC', clients: ['', ' '] },
          }
        : step,
    );
    await call('runbooks.update', { id: runbookId, draft: { ...draft, steps } });
    await expect(call('runbooks.publish', { id: runbookId, note: '' })).rejects.toMatchObject({
      message:
        'The runbook cannot be published yet: The schedule runs for these clients but names none: type their names, separated by commas, or choose Every client.',
    });
  });

  it('starts none of its clients still waiting once the version it runs is marked unavailable, saying why', async () => {
    const held = await startHoldingApi();
    try {
      const { clock, advance } = fakeClock('2026-11-23T09:59:55.000Z');
      const backend = startBackend(undefined, undefined, { scheduleClock: clock });
      await backend.triggersReady;
      const call = inProcessApi(backend).call;
      const { runbookId } = await createClientsRunbook(backend, held, ['Acme', 'Globex', 'Initech']);
      const { draft } = await call('runbooks.get', { id: runbookId });
      const steps = draft.steps.map((step) =>
        step.type === 'start'
          ? {
              ...step,
              schedule: {
                isEnabled: true,
                expression: '0 0 10 * * *',
                timeZone: 'UTC',
                clients: 'all' as const,
                clientConcurrency: 1,
              },
            }
          : step,
      );
      await call('runbooks.update', { id: runbookId, draft: { ...draft, steps } });
      const version = await call('runbooks.publish', { id: runbookId, note: 'nightly' });

      advance(10_000);
      await held.firstArrived;
      // Version 1 turns out wrong while Acme's run goes: it is switched off.
      await call('runbooks.setVersionAvailable', {
        id: runbookId,
        versionId: version.id,
        isAvailable: false,
      });
      await held.close();
      const [listed] = await call('runGroups.list', { runbookId });
      const group = await backend.runGroups.settled(listed?.id ?? '');
      expect(group.members.map((member) => [member.client, member.status, member.error])).toEqual([
        ['Acme', 'failed', 'Acme is down'],
        [
          'Globex',
          'notStarted',
          "Version 1 was marked unavailable after this group started, so this client's run did not start.",
        ],
        [
          'Initech',
          'notStarted',
          "Version 1 was marked unavailable after this group started, so this client's run did not start.",
        ],
      ]);
    } finally {
      await held.close().catch(() => undefined);
    }
  });
});
