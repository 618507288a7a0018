/**
 * A call whose address is a megabyte long (a path built from a variable) is listed in the call log
 * cut to 2,000 characters, whether a Test made it (a row of the log) or a run's step (its record).
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxLoggedUrlLength } from '../db/repositories/apiCallRepository';
import type { Database } from '../db/database';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { oneStepDraft } from '../testSupport/drafts';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

let local: LocalServer;
beforeAll(async () => {
  local = await listen(
    http.createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    }),
  );
});
afterAll(() => local.close());

const longId = 'v'.repeat(1_000_000);

describe('the call log and long addresses', () => {
  it('lists a Test’s and a run’s call of a 1 MB address cut to 2,000 characters', async () => {
    let db: Database | undefined;
    const backend = startBackend(undefined, undefined, { onDatabaseOpened: (opened) => (db = opened) });
    const api = inProcessApi(backend);
    const { id: integrationId } = await api.call('integrations.create', {
      details: { name: 'Local', category: 'Other' },
    });
    await api.call('integrations.updateDefinition', {
      id: integrationId,
      definition: { baseUrl: local.url },
    });
    const definition = { name: 'Get one', httpMethod: 'GET' as const, path: '/items/{id}' };
    const { id: methodId } = await api.call('methods.create', { integrationId, definition });
    const tested = await api.call('methods.test', {
      integrationId,
      methodId,
      definition,
      variables: { id: longId },
    });
    expect(tested.request?.url.length).toBeGreaterThan(1_000_000);
    const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Long' } });
    await api.call('runbooks.update', {
      id: runbookId,
      draft: oneStepDraft({
        id: 'get',
        name: 'Get',
        type: 'method',
        methodId,
        arguments: { id: longId.slice(0, 100_000) },
      }),
    });
    const { runId } = await api.call('runs.start', { runbookId, inputs: {} });
    await waitForRun(backend, runId);

    const log = await api.call('integrations.callLog', { id: integrationId, limit: 10 });
    expect(log.calls.map((call) => call.runId)).toEqual([runId, null]);
    for (const call of log.calls) {
      expect(call.url).toHaveLength(maxLoggedUrlLength + 1);
      expect(call.url).toMatch(new RegExp(`^${local.url}/items/v+…$`));
    }
    // The Test's row itself holds no more than is listed.
    const stored = db?.prepare('SELECT max(length(url)) AS n FROM api_calls').get() as { n: number };
    expect(stored.n).toBe(maxLoggedUrlLength + 1);
  });
});
