/**
 * A method output named "__proto__" (a name an output may have: letters, digits and _) is one like
 * any other: the run's step keeps it, a later step reads it, and the record shows it.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { waitForRun } from '../testSupport/runs';
import { startBackend, stopBackend } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

let ticketsApi: LocalServer;
beforeAll(async () => {
  ticketsApi = await listen(
    http.createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id": 42, "owner": {"name": "Ada"}}');
    }),
  );
});
afterAll(() => ticketsApi.close());

describe('a method output named "__proto__"', () => {
  it('is kept by the step, read by a later one and shown in the record', async () => {
    const backend = startBackend();
    try {
      const api = inProcessApi(backend);
      const { id: integrationId } = await api.call('integrations.create', {
        details: { name: 'Tickets', category: 'Other' },
      });
      await api.call('integrations.updateDefinition', {
        id: integrationId,
        definition: { baseUrl: ticketsApi.url },
      });
      const method = await api.call('methods.create', {
        integrationId,
        definition: {
          name: 'Ticket',
          httpMethod: 'GET',
          path: '/ticket',
          outputs: [
            { name: '__proto__', expression: 'response^id!' },
            { name: 'owner', expression: 'response^owner!' },
          ],
        },
      });
      const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Proto output' } });
      await api.call('runbooks.update', {
        id: runbookId,
        draft: {
          steps: [
            { id: 'start', name: 'Start', type: 'start' },
            { id: 'get', name: 'Get ticket', type: 'method', methodId: method.id, arguments: {} },
            { id: 'done', name: 'Done', type: 'end', message: 'Ticket {{steps.get.outputs.__proto__}}' },
          ],
          edges: [
            { from: 'start', kind: 'next', to: 'get' },
            { from: 'get', kind: 'success', to: 'done' },
          ],
          positions: {},
        },
      });
      const { runId } = await api.call('runs.start', { runbookId });
      const run = await waitForRun(backend, runId);
      expect(run.error).toBeNull();
      expect(run.status).toBe('succeeded');
      expect(run.message).toBe('Ticket 42');
      const record = run.steps.find((step) => step.stepId === 'get');
      // Outputs are recorded as the run read them; this one as its own key, like any other.
      expect(Object.keys(record?.outputs ?? {})).toEqual(['__proto__', 'owner', 'status']);
      expect(Object.getOwnPropertyDescriptor(record?.outputs, '__proto__')?.value).toBe('42');
    } finally {
      stopBackend(backend);
    }
  });
});
