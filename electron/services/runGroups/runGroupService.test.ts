import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunGroup } from '../../../shared/domain/runGroup';
import type { Backend } from '../backend';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import {
  createClientsRunbook,
  startClientsApi,
  startHoldingApi,
  type ClientsApi,
} from './testSupport/clientsApi';

let api: ClientsApi;
beforeAll(async () => {
  api = await startClientsApi();
});
afterAll(() => api.close());

/** The group once every client has finished, bounded so a hang fails the test. */
async function settled(backend: Backend, id: string): Promise<RunGroup> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the group did not finish within 30 s')), 30_000);
  });
  try {
    return await Promise.race([backend.runGroups.settled(id), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const byClient = (group: RunGroup) =>
  Object.fromEntries(group.members.map((member) => [member.client, member.status]));

/** A group as the list shows it: everything but its members. */
const summaryOf = ({ members: _members, ...summary }: RunGroup): Omit<RunGroup, 'members'> => summary;

describe('run groups', () => {
  it('runs a runbook once per client with that client’s configuration; the failing one fails', async () => {
    const backend = startBackend();
    const { runbookId } = await createClientsRunbook(
      backend,
      api,
      ['Acme', 'Globex', 'Initech'],
      ['Initech'],
    );
    const call = inProcessApi(backend).call;
    const started = await call('runGroups.start', { runbookId, clients: 'all' });
    expect(started.members.map((member) => member.client)).toEqual(['Acme', 'Globex', 'Initech']);

    const group = await settled(backend, started.id);
    expect(group.status).toBe('failed');
    expect(byClient(group)).toEqual({ Acme: 'succeeded', Globex: 'succeeded', Initech: 'failed' });
    expect(group.counts).toMatchObject({ total: 3, succeeded: 2, failed: 1, waiting: 0, running: 0 });
    const acme = group.members.find((member) => member.client === 'Acme');
    expect(acme?.message).toBe('Acme is healthy');
    expect(acme?.durationMs).toBeGreaterThanOrEqual(0);
    expect(group.members.find((member) => member.client === 'Initech')?.message).toBe('Initech is down');
    expect(api.received).toEqual(
      expect.arrayContaining(['GET /ok/Acme/health', 'GET /ok/Globex/health', 'GET /fail/Initech/health']),
    );

    // Each client's run is a normal run that names its group and client.
    const runs = await call('runs.list', { groupId: group.id });
    expect(runs.map((run) => run.clientName).sort()).toEqual(['Acme', 'Globex', 'Initech']);
    expect(runs.every((run) => run.groupId === group.id && run.trigger === 'manual')).toBe(true);
    const listed = await call('runGroups.list', { runbookId });
    expect(listed).toEqual([
      expect.objectContaining({ id: group.id, runbookName: 'Check client', status: 'failed' }),
    ]);
  });

  it('never has more runs going at once than its concurrency (measured by the API)', async () => {
    const held = await startClientsApi(150);
    try {
      const backend = startBackend();
      const clients = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
      const { runbookId } = await createClientsRunbook(backend, held, clients);
      const started = await inProcessApi(backend).call('runGroups.start', {
        runbookId,
        clients,
        concurrency: 2,
      });
      const group = await settled(backend, started.id);
      expect(group.counts.succeeded).toBe(7);
      expect(held.received).toHaveLength(7);
      expect(held.mostInFlight()).toBeLessThanOrEqual(2);
    } finally {
      await held.close();
    }
  });

  it('re-runs only the failed clients, as the next attempt of the same group', async () => {
    const backend = startBackend();
    const { runbookId } = await createClientsRunbook(
      backend,
      api,
      ['Acme', 'Globex', 'Initech'],
      ['Initech'],
    );
    const call = inProcessApi(backend).call;
    const first = await settled(backend, (await call('runGroups.start', { runbookId, clients: 'all' })).id);
    const failedRunId = first.members.find((member) => member.client === 'Initech')?.runId;
    const before = api.received.length;

    const changes: RunGroup[] = [];
    const listener = backend.events.onDidEmit((message) => {
      if (message.name === 'runGroups.changed') changes.push(message.payload.group);
    });
    await call('runGroups.rerunFailed', { id: first.id });
    const again = await settled(backend, first.id);
    listener.dispose();

    expect(api.received.slice(before)).toEqual(['GET /fail/Initech/health']);
    expect(again.attempts).toBe(2);
    expect(again.members.map((member) => [member.client, member.attempt])).toEqual([
      ['Acme', 1],
      ['Globex', 1],
      ['Initech', 2],
    ]);
    const rerun = await call('runs.get', { id: again.members[2]?.runId ?? '' });
    expect(rerun).toMatchObject({ rerunOf: failedRunId, groupId: first.id, clientName: 'Initech' });
    expect(changes.at(-1)).toMatchObject({ id: first.id, status: 'failed', attempts: 2 });
    // The list counts from its members' latest runs' statuses as the group itself does.
    expect(await call('runGroups.list', { runbookId })).toEqual([summaryOf(again)]);
    await expect(call('runGroups.rerunFailed', { id: 'no-such-group' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('cancels a group: its run going ends cancelled, its clients waiting never start', async () => {
    const held = await startHoldingApi();
    try {
      const backend = startBackend();
      const { runbookId } = await createClientsRunbook(backend, held, ['Acme', 'Globex', 'Initech']);
      const call = inProcessApi(backend).call;
      const started = await call('runGroups.start', { runbookId, clients: 'all', concurrency: 1 });
      await held.firstArrived;

      // Listed while one client runs and two wait, as the group counts them.
      const going = await call('runGroups.get', { id: started.id });
      expect(going.counts).toMatchObject({ total: 3, running: 1, pending: 2 });
      expect(await call('runGroups.list', { runbookId })).toEqual([summaryOf(going)]);

      const answered = await call('runGroups.cancel', { id: started.id });
      expect(byClient(answered)).toMatchObject({ Globex: 'notStarted', Initech: 'notStarted' });
      const group = await settled(backend, started.id);
      expect(byClient(group)).toEqual({ Acme: 'cancelled', Globex: 'notStarted', Initech: 'notStarted' });
      expect(group.members[1]?.error).toBe('Cancelled before it started.');
      expect(group.status).toBe('failed');
      expect(await call('runGroups.list', { runbookId })).toEqual([summaryOf(group)]);
      expect(held.received).toEqual(['GET /ok/Acme/health']);
      const runs = await call('runs.list', { groupId: started.id });
      expect(runs.map((run) => run.status)).toEqual(['cancelled']);
      await expect(call('runGroups.cancel', { id: 'no-such-group' })).rejects.toMatchObject({
        code: 'not_found',
      });
    } finally {
      await held.close();
    }
  });

  it('refuses a group with no client to run for', async () => {
    const backend = startBackend();
    const { runbookId } = await createClientsRunbook(backend, api, []);
    await expect(
      inProcessApi(backend).call('runGroups.start', { runbookId, clients: 'all' }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'clients' });
  });
});
