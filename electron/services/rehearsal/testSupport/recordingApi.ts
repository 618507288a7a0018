/**
 * Test support: a local API on 127.0.0.1 that answers every request with JSON and remembers each
 * one it got (`METHOD /path`), and a backend with an integration, a GET and a POST method on it
 * and a runbook that looks a user up, then opens a ticket.
 */
import http from 'node:http';
import { runbookGraphSchema, type RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import type { Backend } from '../../backend';
import { listen, type LocalServer } from '../../http/testSupport/localServers';
import { inProcessApi } from '../../testSupport/typedApi';

export interface RecordingApi extends LocalServer {
  received: string[];
  /** What the API receives while `body` runs, in order. */
  during(body: () => Promise<unknown>): Promise<string[]>;
}

export async function startRecordingApi(): Promise<RecordingApi> {
  const received: string[] = [];
  const server = await listen(
    http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received.push(`${request.method ?? ''} ${request.url ?? ''}`);
        response.writeHead(request.url?.includes('broken') === true ? 500 : 200, {
          'content-type': 'application/json',
        });
        response.end(JSON.stringify({ id: 'T-live', email: 'live@example.com' }));
      });
    }),
  );
  const during = async (body: () => Promise<unknown>) => {
    const before = received.length;
    await body();
    return received.slice(before);
  };
  return { ...server, received, during };
}

/** The ticket runbook's draft: Start → Lookup (GET) → Open (POST) → Done, whose message is the ticket id. */
export const ticketDraft = (
  lookup: string,
  open: string,
  start: Record<string, unknown> = {},
): RunbookGraph =>
  runbookGraphSchema.parse({
    inputs: [{ name: 'who', type: 'string', defaultValue: 'ada' }],
    steps: [
      { id: 'start', name: 'Start', type: 'start', ...start },
      {
        id: 'lookup',
        name: 'Lookup',
        type: 'method',
        methodId: lookup,
        arguments: { who: '{{inputs.who}}' },
      },
      {
        id: 'open',
        name: 'Open',
        type: 'method',
        methodId: open,
        arguments: { title: 'For {{steps.lookup.outputs.email}}' },
      },
      { id: 'done', name: 'Done', type: 'end', message: '{{steps.open.outputs.ticketId}}' },
      { id: 'broke', name: 'Broke', type: 'end', outcome: 'failed', message: 'could not open' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'lookup' },
      { from: 'lookup', kind: 'success', to: 'open' },
      { from: 'open', kind: 'success', to: 'done' },
      { from: 'open', kind: 'failure', to: 'broke' },
    ],
  });

/** Creates the integration (base URL: the API), its Lookup and Open methods and the ticket runbook. */
export async function createTicketRunbook(
  backend: Backend,
  api: LocalServer,
  start: Record<string, unknown> = {},
): Promise<{ runbookId: string; lookup: string; open: string; integrationId: string }> {
  const call = inProcessApi(backend).call;
  const { id: integrationId } = await call('integrations.create', {
    details: { name: 'Tickets', category: 'Other' },
  });
  await call('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: api.url, behaviour: { retry: { isEnabled: false } } },
  });
  const { id: lookup } = await call('methods.create', {
    integrationId,
    definition: {
      name: 'Lookup',
      httpMethod: 'GET',
      path: '/users/{{who}}',
      outputs: [{ name: 'email', expression: '$.email' }],
    },
  });
  const { id: open } = await call('methods.create', {
    integrationId,
    definition: {
      name: 'Open ticket',
      httpMethod: 'POST',
      path: '/tickets',
      body: { kind: 'json', text: '{"title": "{{title}}"}' },
      outputs: [{ name: 'ticketId', expression: '$.id' }],
      exampleResponse: { status: 201, body: '{"id": "T-example"}' },
    },
  });
  const { id: runbookId } = await call('runbooks.create', { details: { name: 'Open a ticket' } });
  await call('runbooks.update', { id: runbookId, draft: ticketDraft(lookup, open, start) });
  return { runbookId, lookup, open, integrationId };
}
