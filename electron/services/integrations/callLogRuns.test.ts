/** The call log says which run made each call (a link in the window), and which calls were Tests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOneCallRunbook, waitForRun } from '../testSupport/runs';
import type { Database } from '../db/database';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const server = http.createServer((_, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"ok":true}');
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the call log and runs', () => {
  it('links a run’s calls to it, marks a Test as such, and keeps the calls of a deleted run', async () => {
    let db: Database | undefined;
    const backend = startBackend(undefined, undefined, { onDatabaseOpened: (opened) => (db = opened) });
    const ownRows = () =>
      (db?.prepare('SELECT count(*) AS n FROM api_calls').get() as { n: number } | undefined)?.n;
    const api = inProcessApi(backend);
    const { integrationId, methodId, runbookId } = await createOneCallRunbook(api, baseUrl, '/ping');
    const definition = { name: 'Call', httpMethod: 'GET' as const, path: '/ping' };
    await api.call('methods.test', { integrationId, methodId, definition, variables: {} });
    const { runId } = await api.call('runs.start', { runbookId, inputs: {} });
    expect((await waitForRun(backend, runId)).status).toBe('succeeded');

    const log = await api.call('integrations.callLog', { id: integrationId, limit: 10 });
    expect(log.calls.map(({ runId: by, isRunKept }) => ({ by, isRunKept }))).toEqual([
      { by: runId, isRunKept: true },
      { by: null, isRunKept: false },
    ]);
    // The run's call is kept in the record of the step that made it; the Test has a row of its own.
    expect(ownRows()).toBe(1);

    await api.call('runbooks.delete', { id: runbookId });
    const after = await api.call('integrations.callLog', { id: integrationId, limit: 10 });
    expect(after.calls).toHaveLength(2);
    expect(after.calls[0]).toMatchObject({ runId, isRunKept: false });
    expect(after.calls.map(({ id: _id, isRunKept: _kept, ...call }) => call)).toEqual(
      log.calls.map(({ id: _id, isRunKept: _kept, ...call }) => call),
    );
    expect(ownRows()).toBe(2);
  });
});
