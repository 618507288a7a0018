/**
 * Test support for run groups: a local API on 127.0.0.1 that counts the requests it holds at
 * once (the most ever is what a concurrency limit is measured by) and answers 500 under
 * `/fail/…`, and a backend with one client-mode integration whose clients each have their own
 * configuration (base URL `<api>/ok/<client>`, or `<api>/fail/<client>` for a failing one) and a
 * runbook that checks the client and ends with a message naming it.
 */
import http from 'node:http';
import { runbookGraphSchema } from '../../../../shared/runbook/runbookGraph';
import type { Backend } from '../../backend';
import { listen, type LocalServer } from '../../http/testSupport/localServers';
import { inProcessApi } from '../../testSupport/typedApi';

export interface ClientsApi extends LocalServer {
  /** `METHOD /path` of every request, in the order they arrived. */
  received: string[];
  /** The most requests it held at the same time. */
  mostInFlight(): number;
}

/** Each request is held a little (up to `holdMs`) so that runs going at once overlap. */
export async function startClientsApi(holdMs = 60): Promise<ClientsApi> {
  const received: string[] = [];
  let inFlight = 0;
  let most = 0;
  const server = await listen(
    http.createServer((request, response) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      received.push(`${request.method ?? ''} ${request.url ?? ''}`);
      request.resume();
      setTimeout(() => {
        inFlight -= 1;
        const isFailing = request.url?.startsWith('/fail/') === true;
        response.writeHead(isFailing ? 500 : 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(isFailing ? { error: 'down' } : { state: 'healthy' }));
      }, holdMs);
    }),
  );
  return { ...server, received, mostInFlight: () => most };
}

export interface HoldingApi extends LocalServer {
  received: string[];
  /** Settles once the first request has come (and is held). */
  firstArrived: Promise<void>;
}

/** Holds every request unanswered until the server closes: a run's step waits until cancelled. */
export async function startHoldingApi(): Promise<HoldingApi> {
  const received: string[] = [];
  let arrived = () => {};
  const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
  const server = await listen(
    http.createServer((request) => {
      received.push(`${request.method ?? ''} ${request.url ?? ''}`);
      request.resume();
      arrived();
    }),
  );
  return { ...server, received, firstArrived };
}

/** The client-mode integration, one configuration per client, and the "Check client" runbook. */
export async function createClientsRunbook(
  backend: Backend,
  api: LocalServer,
  clients: readonly string[],
  failing: readonly string[] = [],
): Promise<{ runbookId: string; integrationId: string }> {
  const call = inProcessApi(backend).call;
  const { id: integrationId } = await call('integrations.create', {
    details: { name: 'Client API', category: 'Other' },
  });
  await call('integrations.updateDefinition', {
    id: integrationId,
    definition: {
      baseUrlMode: 'per_configuration',
      isClientMode: true,
      behaviour: { retry: { isEnabled: false } },
    },
  });
  for (const client of clients) {
    const way = failing.includes(client) ? 'fail' : 'ok';
    await call('configurations.create', {
      integrationId,
      name: client,
      clientName: client,
      baseUrl: `${api.url}/${way}/${encodeURIComponent(client)}`,
    });
  }
  const { id: methodId } = await call('methods.create', {
    integrationId,
    definition: {
      name: 'Health',
      httpMethod: 'GET',
      path: '/health',
      outputs: [{ name: 'state', expression: '$.state' }],
    },
  });
  const { id: runbookId } = await call('runbooks.create', { details: { name: 'Check client' } });
  await call('runbooks.update', {
    id: runbookId,
    draft: runbookGraphSchema.parse({
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'health',
          name: 'Health',
          type: 'method',
          methodId,
          configuration: { mode: 'client' },
        },
        { id: 'ok', name: 'Healthy', type: 'end', message: '{{client}} is {{steps.health.outputs.state}}' },
        { id: 'down', name: 'Down', type: 'end', outcome: 'failed', message: '{{client}} is down' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'health' },
        { from: 'health', kind: 'success', to: 'ok' },
        { from: 'health', kind: 'failure', to: 'down' },
      ],
    }),
  });
  return { runbookId, integrationId };
}

/**
 * "Check every client": a runbook with no method step of its own that runs `childRunbookId`
 * (Run runbook) and ends with a message naming the client, so its clients are only those of the
 * runbook it runs.
 */
export async function createParentRunbook(backend: Backend, childRunbookId: string): Promise<string> {
  const call = inProcessApi(backend).call;
  const { id } = await call('runbooks.create', { details: { name: 'Check every client' } });
  await call('runbooks.update', {
    id,
    draft: runbookGraphSchema.parse({
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'check', name: 'Check', type: 'runRunbook', runbookId: childRunbookId },
        { id: 'ok', name: 'Checked', type: 'end', message: '{{client}} checked' },
        { id: 'down', name: 'Not checked', type: 'end', outcome: 'failed', message: '{{client}} failed' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'check' },
        { from: 'check', kind: 'success', to: 'ok' },
        { from: 'check', kind: 'failure', to: 'down' },
      ],
    }),
  });
  return id;
}
