/**
 * A group's page is read from the runs of each client's latest attempt. It read the group's
 * newest 5,000 runs and looked those up in them: once a group had more (1,000 clients with a few
 * Re-run failed), a client whose latest run was older than those 5,000 — one that succeeded at
 * the first attempt — showed "queued", and the group "running" for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createClientsRunbook, startClientsApi, type ClientsApi } from './testSupport/clientsApi';

let api: ClientsApi;
beforeAll(async () => {
  api = await startClientsApi();
});
afterAll(() => api.close());

/** Gives `client` `count` more attempts, each with a failed run newer than any run before. */
function addAttempts(db: Database, groupId: string, client: string, count: number) {
  const columns = (db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map(({ name }) => name);
  const copied = columns.map((name) =>
    name === 'id'
      ? "printf('%s-again-%05d', runs.id, n.i)"
      : name === 'queued_at'
        ? "printf('2999-01-01T00:00:%02d.000Z', n.i % 60)"
        : name === 'status'
          ? "'failed'"
          : `runs.${name}`,
  );
  const latest = db
    .prepare<[string, string], { run_id: string }>(
      'SELECT run_id FROM run_group_members WHERE group_id = ? AND client_name = ? ORDER BY attempt DESC LIMIT 1',
    )
    .get(groupId, client);
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO runs (${columns.join(', ')}) SELECT ${copied.join(', ')} FROM runs, n WHERE runs.id = ?`,
    ).run(count + 1, latest?.run_id);
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO run_group_members (group_id, client_name, attempt, state, run_id)
       SELECT ?, ?, n.i, 'started', printf('%s-again-%05d', ?, n.i) FROM n`,
    ).run(count + 1, groupId, client, latest?.run_id);
  })();
}

describe('a group of more runs than a page reads', () => {
  it('shows each client by the run of its latest attempt, however old, and ends', async () => {
    let db: Database | undefined;
    const backend = startBackend(undefined, undefined, { onDatabaseOpened: (opened) => (db = opened) });
    const { runbookId } = await createClientsRunbook(backend, api, ['Acme', 'Globex'], ['Globex']);
    const { call } = inProcessApi(backend);
    const { id } = await call('runGroups.start', { runbookId, clients: 'all' });
    const first = await backend.runGroups.settled(id);
    expect(first.members.map((member) => member.status)).toEqual(['succeeded', 'failed']);

    // Globex failed 5,000 times more since: Acme's one run is older than the newest 5,000.
    if (db === undefined) throw new Error('the database was not opened');
    addAttempts(db, id, 'Globex', 5_000);

    const group = await call('runGroups.get', { id });
    expect(group.members.map((member) => [member.client, member.attempt, member.status])).toEqual([
      ['Acme', 1, 'succeeded'],
      ['Globex', 5_001, 'failed'],
    ]);
    expect(group.status).toBe('failed');
  });
});
