/** The call log says which run made each call (a link in the window), and which calls were Tests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../testSupport/runs';
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
    const { id: integrationId } = await api.call('integrations.create', {
      details: { name: 'Local', category: 'Other' },
    });
    await api.call('integrations.updateDefinition', { id: integrationId, definition: { baseUrl } });
    const definition = { name: 'Ping', httpMethod: 'GET' as const, path: '/ping' };
    const method = await api.call('methods.create', { integrationId, definition });
    await api.call('methods.test', { integrationId, methodId: method.id, definition, variables: {} });
    const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Ping' } });
    await api.call('runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'ping', name: 'Ping', type: 'method', methodId: method.id },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'ping' },
          { from: 'ping', kind: 'success', to: 'done' },
        ],
        positions: { start: { x: 0, y: 0 }, ping: { x: 0, y: 120 }, done: { x: 0, y: 240 } },
      } as never,
    });
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
