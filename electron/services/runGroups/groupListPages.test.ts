/**
 * The run groups list a page at a time and by runbook name: the runs page's group filter read
 * the latest 50 groups only, so an older one could not be chosen however it was looked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunGroupSummary } from '../../../shared/domain/runGroup';
import type { Database } from '../db/database';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { createClientsRunbook, startClientsApi, type ClientsApi } from './testSupport/clientsApi';
import { copyGroup, copyId } from './testSupport/groupCopies';

let api: ClientsApi;
beforeAll(async () => {
  api = await startClientsApi(5);
});
afterAll(() => api.close());

/** A backend with one group of "Check client" that ran, and `copies` older ones, every 10th of "Patch 50% of servers". */
async function backendWithGroups(copies: number) {
  let db: Database | undefined;
  const backend = startBackend(undefined, undefined, { onDatabaseOpened: (opened) => (db = opened) });
  const { runbookId } = await createClientsRunbook(backend, api, ['Acme', 'Globex', 'Initech'], ['Initech']);
  const { call } = inProcessApi(backend);
  const { id: otherRunbookId } = await call('runbooks.create', { details: { name: 'Patch 50% of servers' } });
  const { id: groupId } = await call('runGroups.start', { runbookId, clients: 'all' });
  await backend.runGroups.settled(groupId);
  if (db === undefined) throw new Error('the database was not opened');
  copyGroup(db, groupId, copies, { runbookId: otherRunbookId, every: 10 });
  return { call, groupId, runbookId, otherRunbookId };
}

describe('the run groups list', () => {
  it('reaches every group a page at a time, newest first, the oldest with its counts', async () => {
    const { call, groupId } = await backendWithGroups(120);
    const seen: RunGroupSummary[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (let page = 0; page < 10; page += 1) {
      const groups = await call('runGroups.list', { limit: 50, ...(after === undefined ? {} : { after }) });
      seen.push(...groups);
      const last = groups.at(-1);
      if (groups.length < 50 || last === undefined) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen.map((group) => group.id)).toEqual([
      groupId,
      ...Array.from({ length: 120 }, (_, index) => copyId(groupId, index + 1)),
    ]);
    expect(seen.at(-1)).toMatchObject({ status: 'failed', counts: { total: 3, succeeded: 2, failed: 1 } });
  });

  it('finds the groups of the runbooks whose name holds the text typed, in any case', async () => {
    const { call, groupId, otherRunbookId } = await backendWithGroups(120);
    const patched = await call('runGroups.list', { search: ' patch 50% ', limit: 50 });
    expect(patched.map((group) => group.id)).toEqual(
      Array.from({ length: 12 }, (_, index) => copyId(groupId, (index + 1) * 10)),
    );
    expect(patched.every((group) => group.runbookId === otherRunbookId)).toBe(true);
    // % and _ are the text typed, not wildcards.
    expect(await call('runGroups.list', { search: 'Patch 5_%', limit: 50 })).toEqual([]);
    expect(await call('runGroups.list', { search: 'nothing like it', limit: 50 })).toEqual([]);
    const older = await call('runGroups.list', {
      search: 'check',
      limit: 50,
      after: { createdAt: patched[0]?.createdAt ?? '', id: patched[0]?.id ?? '' },
    });
    expect(older[0]?.id).toBe(copyId(groupId, 11));
  });
});
