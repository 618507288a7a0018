/**
 * Deleting a method or an integration with a long call log: the log's rows are unlinked or deleted
 * a slice at a time, so the backend answers other calls meanwhile (400,000 rows in one statement
 * held it for 1–2 s).
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { expectCutShortByClose } from '../testSupport/runs';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const calls = 5_000;

describe('deleting a method or an integration with a long call log', () => {
  it('unlinks and deletes its calls a slice at a time, serving other calls meanwhile', async () => {
    let db: Database | undefined;
    const backend = startBackend(undefined, undefined, { onDatabaseOpened: (opened) => (db = opened) });
    const api = inProcessApi(backend);
    const { id: integrationId } = await api.call('integrations.create', {
      details: { name: 'Local', category: 'Other' },
    });
    const { id: otherId } = await api.call('integrations.create', {
      details: { name: 'Other', category: 'Other' },
    });
    const definition = { name: 'Ping', httpMethod: 'GET' as const, path: '/ping' };
    const method = await api.call('methods.create', { integrationId, definition });
    if (db === undefined) throw new Error('the database was not opened');
    const insert = db.prepare(
      `INSERT INTO api_calls (integration_id, method_id, run_id, at, http_method, url, status, duration_ms, attempts, error, rate_limit_wait_ms)
       VALUES (?, ?, NULL, ?, 'GET', 'http://127.0.0.1/ping', 200, 3, 1, NULL, 0)`,
    );
    db.transaction(() => {
      for (let index = 0; index < calls; index += 1)
        insert.run(integrationId, method.id, new Date(1_767_225_600_000 + index * 1000).toISOString());
    })();
    const count = (sql: string) => (db?.prepare(sql).get() as { n: number }).n;
    const total = async () =>
      (await api.call('integrations.callLog', { id: integrationId, limit: 1 })).counts.total;

    let isDone = false;
    const methodDeletion = api.call('methods.delete', { id: method.id }).then(() => (isDone = true));
    methodDeletion.catch(() => undefined);
    // Deleting it again meanwhile waits for the same deletion, and its timers fire meanwhile.
    const again = api.call('methods.delete', { id: method.id });
    again.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const listed = await api.call('integrations.list', {});
    expect(listed.items.map((item) => item.id).sort()).toEqual([integrationId, otherId].sort());
    expect(isDone).toBe(false);
    const linked = count('SELECT count(*) AS n FROM api_calls WHERE method_id IS NOT NULL');
    expect(linked).toBeGreaterThan(0);
    expect(linked).toBeLessThan(calls);
    await methodDeletion;
    await expect(again).resolves.toEqual({ id: method.id });
    await expect(api.call('methods.get', { id: method.id })).rejects.toMatchObject({ code: 'not_found' });
    // The calls stay in the log, no longer linked to the method.
    expect(await total()).toBe(calls);
    expect(count('SELECT count(*) AS n FROM api_calls WHERE method_id IS NOT NULL')).toBe(0);

    isDone = false;
    const integrationDeletion = api
      .call('integrations.delete', { id: integrationId })
      .then(() => (isDone = true));
    integrationDeletion.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await api.call('integrations.list', {});
    expect(isDone).toBe(false);
    const left = count('SELECT count(*) AS n FROM api_calls');
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(calls);
    await integrationDeletion;
    expect(count('SELECT count(*) AS n FROM api_calls')).toBe(0);
    await expect(api.call('integrations.get', { id: integrationId })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await api.call('integrations.list', {})).items.map((item) => item.id)).toEqual([otherId]);
  });

  it('stops with a clear refusal when the app closes part way, and keeps the integration to delete again', async () => {
    let db: Database | undefined;
    const dataDirectory = temporaryDirectory();
    const backend = startBackend(dataDirectory, undefined, { onDatabaseOpened: (opened) => (db = opened) });
    const api = inProcessApi(backend);
    const { id: integrationId } = await api.call('integrations.create', {
      details: { name: 'Local', category: 'Other' },
    });
    if (db === undefined) throw new Error('the database was not opened');
    const insert = db.prepare(
      `INSERT INTO api_calls (integration_id, method_id, run_id, at, http_method, url, status, duration_ms, attempts, error, rate_limit_wait_ms)
       VALUES (?, NULL, NULL, ?, 'GET', 'http://127.0.0.1/ping', 200, 3, 1, NULL, 0)`,
    );
    db.transaction(() => {
      for (let index = 0; index < calls; index += 1)
        insert.run(integrationId, new Date(1_767_225_600_000 + index * 1000).toISOString());
    })();
    await expectCutShortByClose(backend, api.call('integrations.delete', { id: integrationId }));

    const reopened = inProcessApi(startBackend(dataDirectory));
    const { counts } = await reopened.call('integrations.callLog', { id: integrationId, limit: 1 });
    expect(counts.total).toBeGreaterThan(0);
    expect(counts.total).toBeLessThan(calls);
    await reopened.call('integrations.delete', { id: integrationId });
    await expect(reopened.call('integrations.get', { id: integrationId })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
