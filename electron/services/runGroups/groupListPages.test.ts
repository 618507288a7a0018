/**
 * The run groups list a page at a time and by runbook name: the runs page's group filter read
 * the latest 50 groups only, so an older one could not be chosen however it was looked for.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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

/** What the database handed the process: statements read from, and rows read. */
interface Reads {
  statements: number;
  rows: number;
}

/** Counts every row each statement prepared from now on hands back (get, all, iterate). */
function countReads(db: Database): Reads {
  const reads = { statements: 0, rows: 0 };
  const prepare = db.prepare.bind(db);
  vi.spyOn(db, 'prepare').mockImplementation(((sql: string) => {
    const statement = prepare(sql);
    const { get, all, iterate } = statement;
    return Object.assign(statement, {
      get: (...values: unknown[]) => {
        const row: unknown = get.apply(statement, values);
        reads.statements += 1;
        reads.rows += row === undefined ? 0 : 1;
        return row;
      },
      all: (...values: unknown[]) => {
        const rows = all.apply(statement, values);
        reads.statements += 1;
        reads.rows += rows.length;
        return rows;
      },
      iterate: function* (...values: unknown[]) {
        reads.statements += 1;
        for (const row of iterate.apply(statement, values)) {
          reads.rows += 1;
          yield row;
        }
      },
    });
  }) as typeof db.prepare);
  return reads;
}

/** A backend with one group of "Check client" that ran, and `copies` older ones, every 10th of "Patch 50% of servers". */
async function backendWithGroups(copies: number) {
  let db: Database | undefined;
  let reads: Reads = { statements: 0, rows: 0 };
  const backend = startBackend(undefined, undefined, {
    onDatabaseOpened: (opened) => {
      db = opened;
      reads = countReads(opened);
    },
  });
  const { runbookId } = await createClientsRunbook(backend, api, ['Acme', 'Globex', 'Initech'], ['Initech']);
  const { call } = inProcessApi(backend);
  const { id: otherRunbookId } = await call('runbooks.create', { details: { name: 'Patch 50% of servers' } });
  const { id: groupId } = await call('runGroups.start', { runbookId, clients: 'all' });
  await backend.runGroups.settled(groupId);
  if (db === undefined) throw new Error('the database was not opened');
  copyGroup(db, groupId, copies, { runbookId: otherRunbookId, every: 10 });
  return { call, groupId, runbookId, otherRunbookId, reads };
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

  it('counts a page of groups in the database: a few statements for the page, no member read', async () => {
    const { call, reads } = await backendWithGroups(120);
    const before = { ...reads };
    const groups = await call('runGroups.list', { limit: 50 });
    expect(groups).toHaveLength(50);
    // The page's 50 groups, and for each a count per status its clients are in (2 here): not
    // statements per group, nor a row per client (1,000 in a large group).
    expect(reads.statements - before.statements).toBeLessThanOrEqual(3);
    expect(reads.rows - before.rows).toBeLessThanOrEqual(50 + 50 * 2);
    expect(groups.at(-1)).toMatchObject({ status: 'failed', counts: { total: 3, succeeded: 2, failed: 1 } });
  });
});
