/**
 * The rehearsal e2e files' world: a ticket API on 127.0.0.1 that keeps every request it receives
 * (so a test counts the POSTs that reached it), and in the app a "Ticket desk" integration with a
 * bearer token, its Lookup (GET) and Open ticket (POST) methods, and the "Open a ticket" runbook:
 * look the user up, open a ticket for them, keep its id, end.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callApi, type ServeProcess } from './serveProcess';

export interface TicketApi {
  url: string;
  /** `METHOD path body` of every request received, in order. */
  received: string[];
  /** How many requests with this method were received. */
  count(method: string): number;
  close(): Promise<void>;
}

/**
 * GET /users/<who> answers the user, echoing the Authorization header it got (so a test sees
 * that the token is masked wherever the answer shows); POST /tickets answers 201 with T-7.
 */
export async function startTicketApi(): Promise<TicketApi> {
  const received: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(`${request.method ?? ''} ${request.url ?? ''} ${body}`.trim());
      const who = /^\/users\/(\w+)/.exec(request.url ?? '')?.[1];
      const isCreate = request.method === 'POST';
      response.writeHead(isCreate ? 201 : 200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          who !== undefined
            ? { email: `${who}@example.com`, seenWith: request.headers.authorization ?? '' }
            : { id: 'T-7' },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    received,
    count: (method) => received.filter((line) => line.startsWith(`${method} `)).length,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface TicketDesk {
  integrationId: string;
  lookupId: string;
  openId: string;
  runbookId: string;
}

/**
 * Creates the integration (bearer `token`), its two methods and the runbook, whose input `who`
 * (default ada) is looked up, and whose Open step sends `For <email> (<what the lookup saw>)`.
 */
export async function createTicketDesk(
  server: ServeProcess,
  apiUrl: string,
  token: string,
): Promise<TicketDesk> {
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Ticket desk', category: 'PSA' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: apiUrl, auth: { type: 'bearer' }, behaviour: { retry: { isEnabled: false } } },
  });
  await callApi(server, 'configurations.create', { integrationId, name: 'Production', secrets: { token } });
  const { id: lookupId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: 'Lookup',
      httpMethod: 'GET',
      path: '/users/{{who}}',
      outputs: [
        { name: 'email', expression: '$.email' },
        { name: 'seenWith', expression: '$.seenWith' },
      ],
    },
  });
  const { id: openId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: 'Open ticket',
      httpMethod: 'POST',
      path: '/tickets',
      body: { kind: 'json', text: '{"title": "{{title}}"}' },
      outputs: [{ name: 'ticketId', expression: '$.id' }],
    },
  });
  const { id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Open a ticket' } });
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'who', type: 'string', defaultValue: 'ada' }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'lookup',
          name: 'Lookup',
          type: 'method',
          methodId: lookupId,
          arguments: { who: '{{inputs.who}}' },
        },
        {
          id: 'open',
          name: 'Open',
          type: 'method',
          methodId: openId,
          arguments: { title: 'For {{steps.lookup.outputs.email}} ({{steps.lookup.outputs.seenWith}})' },
        },
        {
          id: 'keep',
          name: 'Keep',
          type: 'setVariables',
          assignments: [{ name: 'ticket', value: '{{steps.open.outputs.ticketId}}' }],
        },
        { id: 'done', name: 'Done', type: 'end', message: 'Opened {{vars.ticket}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'lookup' },
        { from: 'lookup', kind: 'success', to: 'open' },
        { from: 'open', kind: 'success', to: 'keep' },
        { from: 'keep', kind: 'next', to: 'done' },
      ],
    },
  });
  return { integrationId, lookupId, openId, runbookId };
}
