import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunGroup } from '../../../shared/domain/runGroup';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type { Backend } from '../backend';
import type { Database } from '../db/database';
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

  it('lists a client whose run waits for an approval as waiting, as the group counts it', async () => {
    const backend = startBackend();
    const { runbookId } = await createClientsRunbook(backend, api, ['Acme', 'Initech'], ['Initech']);
    const call = inProcessApi(backend).call;
    const { draft } = await call('runbooks.get', { id: runbookId });
    // A healthy client's run asks before it ends; a failing one fails without asking.
    await call('runbooks.update', {
      id: runbookId,
      draft: runbookGraphSchema.parse({
        steps: [
          ...draft.steps,
          { id: 'ask', name: 'Ask', type: 'approval', message: 'Close it?', timeoutMinutes: 60 },
        ],
        edges: [
          ...draft.edges.filter((edge) => !(edge.from === 'health' && edge.kind === 'success')),
          { from: 'health', kind: 'success', to: 'ask' },
          { from: 'ask', kind: 'approved', to: 'ok' },
          { from: 'ask', kind: 'rejected', to: 'down' },
          { from: 'ask', kind: 'timed_out', to: 'down' },
        ],
      }),
    });
    const { id } = await call('runGroups.start', { runbookId, clients: 'all' });
    const waiting = await vi.waitFor(
      async () => {
        const group = await call('runGroups.get', { id });
        expect(group.counts).toMatchObject({ total: 2, waiting: 1, failed: 1, running: 0 });
        return group;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(await call('runGroups.list', { runbookId })).toEqual([summaryOf(waiting)]);
    await call('runGroups.cancel', { id });
    const cancelled = await settled(backend, id);
    expect(cancelled.counts).toMatchObject({ total: 2, failed: 2 });
    expect(await call('runGroups.list', { runbookId })).toEqual([summaryOf(cancelled)]);
  });

  it('lists a group as it reads it while a lock keeps its runs’ ends from the disk, and once written', async () => {
    let db: Database | undefined;
    const backend = startBackend(undefined, undefined, { onDatabaseOpened: (opened) => (db = opened) });
    const { runbookId } = await createClientsRunbook(backend, api, ['Acme', 'Globex']);
    const call = inProcessApi(backend).call;
    if (db === undefined) throw new Error('the database was not opened');
    const other = new BetterSqlite3(db.name);
    // Once Acme's run ends, Globex's starts in its place (its row committed at once, as a group's
    // runs are); another program then takes the write lock: both runs' ends wait in memory.
    let isLocked = false;
    const listener = backend.events.onDidEmit((message) => {
      if (message.name !== 'runs.changed' || message.payload.run.status !== 'succeeded' || isLocked) return;
      other.exec('BEGIN IMMEDIATE');
      isLocked = true;
    });
    try {
      const { id } = await call('runGroups.start', { runbookId, clients: 'all', concurrency: 1 });
      await vi.waitFor(() => expect(other.inTransaction).toBe(true), { timeout: 10_000, interval: 20 });
      const kept = await call('runGroups.get', { id });
      expect(kept.counts).toMatchObject({ total: 2, running: 2 });
      expect(await call('runGroups.list', { runbookId })).toEqual([summaryOf(kept)]);
      other.exec('COMMIT');
      const group = await settled(backend, id);
      expect(group.counts).toMatchObject({ total: 2, succeeded: 2 });
      expect(await call('runGroups.list', { runbookId })).toEqual([summaryOf(group)]);
    } finally {
      listener.dispose();
      if (other.inTransaction) other.exec('COMMIT');
      other.close();
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
