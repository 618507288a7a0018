/**
 * Seeds the served app through its API as a script would: a runbook with the given steps, and
 * the local API with client configurations that the run-across-clients journeys send to.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callApi, type ServeProcess } from './serveProcess';

/** A draft as `runbooks.update` takes it; fields the schema defaults may be left out. */
export interface DraftSeed {
  inputs?: readonly object[];
  steps: readonly object[];
  edges: readonly object[];
  positions?: Record<string, { x: number; y: number }>;
}

/**
 * Start → a Delay step named `name` of `seconds` → End (with `message`, if given), laid out top to
 * bottom: a run that is still going while the test looks at it.
 */
export function delayDraft(name: string, seconds: number, message?: string): DraftSeed {
  return {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'wait', name, type: 'delay', seconds: String(seconds) },
      { id: 'done', name: 'Done', type: 'end', ...(message === undefined ? {} : { message }) },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'wait' },
      { from: 'wait', kind: 'next', to: 'done' },
    ],
    positions: { start: { x: 0, y: 0 }, wait: { x: 0, y: 140 }, done: { x: 0, y: 280 } },
  };
}

/**
 * Start → `count` Set variables steps, step i (id `set_<i>`, named `Set <i>`) setting `v<i>` to
 * `valueAt(i)`, laid out `perRow` a row, then an End step `done` if `withEnd`: the large runbooks
 * the canvas and run page tests draw.
 */
export function setVariablesChain(
  count: number,
  perRow: number,
  { valueAt = () => 'x', withEnd = false }: { valueAt?: (index: number) => string; withEnd?: boolean } = {},
): DraftSeed {
  const ids = Array.from({ length: count }, (_, index) => `set_${String(index)}`);
  const all = ['start', ...ids, ...(withEnd ? ['done'] : [])];
  return {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      ...ids.map((id, index) => ({
        id,
        name: `Set ${String(index)}`,
        type: 'setVariables',
        assignments: [{ name: `v${String(index)}`, value: valueAt(index) }],
      })),
      ...(withEnd ? [{ id: 'done', name: 'Done', type: 'end' }] : []),
    ],
    edges: all.slice(0, -1).map((from, index) => ({ from, kind: 'next', to: all[index + 1] })),
    positions: Object.fromEntries(
      all.map((id, index) => [id, { x: (index % perRow) * 260, y: Math.floor(index / perRow) * 160 }]),
    ),
  };
}

/** Start → 1,000 Set variables steps, 25 a row → End: a runbook too large to draw whole. */
export function thousandSettingsDraft(valueOf: (index: number) => string): DraftSeed {
  return setVariablesChain(1_000, 25, { valueAt: valueOf, withEnd: true });
}

/** Replaces a runbook's draft (the schema fills what the seed leaves out). */
export async function updateDraft(server: ServeProcess, id: string, draft: DraftSeed): Promise<void> {
  await callApi(server, 'runbooks.update', { id, draft: draft as never });
}

/** Creates a runbook named `name` whose draft is `draft`; answers its id. */
export async function createRunbook(server: ServeProcess, name: string, draft: DraftSeed): Promise<string> {
  const { id } = await callApi(server, 'runbooks.create', { details: { name } });
  await updateDraft(server, id, draft);
  return id;
}

export interface ClientsUpstream {
  url: string;
  /** `METHOD /path` of every request it got, in order. */
  received: string[];
  close(): Promise<void>;
}

/**
 * A local API on 127.0.0.1 answering 200 `{"state":"healthy"}` under /ok/…, 500 under /fail/…,
 * and nothing under /hold/… (the request waits until it is cancelled or the API closes).
 */
export async function startClientsUpstream(): Promise<ClientsUpstream> {
  const received: string[] = [];
  const upstream = http.createServer((request, response) => {
    request.resume();
    received.push(`${request.method ?? ''} ${request.url ?? ''}`);
    if (request.url?.startsWith('/hold/') === true) return;
    const isFailing = request.url?.startsWith('/fail/') === true;
    response.writeHead(isFailing ? 500 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(isFailing ? { error: 'down' } : { state: 'healthy' }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`,
    received,
    close: async () => {
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    },
  };
}

/** The address a client's configuration points at: `<upstream>/ok/<client>` or `/fail/<client>`. */
export const clientBaseUrl = (upstream: ClientsUpstream, client: string, way: 'ok' | 'fail' | 'hold') =>
  `${upstream.url}/${way}/${client}`;

/**
 * "Client API", in client configuration mode without retries, one configuration per client
 * (named after it) pointing at the upstream's /ok/ or /fail/ path, and its method Health
 * (GET /health, output `state`).
 */
export async function seedClientApi(
  server: ServeProcess,
  upstream: ClientsUpstream,
  clients: readonly (readonly [client: string, way: 'ok' | 'fail'])[],
): Promise<{ integrationId: string; methodId: string; configurationIds: Record<string, string> }> {
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Client API', category: 'Other' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: {
      baseUrlMode: 'per_configuration',
      isClientMode: true,
      behaviour: { retry: { isEnabled: false } },
    },
  });
  const configurationIds: Record<string, string> = {};
  for (const [client, way] of clients) {
    const { id } = await callApi(server, 'configurations.create', {
      integrationId,
      name: client,
      clientName: client,
      baseUrl: clientBaseUrl(upstream, client, way),
    });
    configurationIds[client] = id;
  }
  const { id: methodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: 'Health',
      httpMethod: 'GET',
      path: '/health',
      outputs: [{ name: 'state', expression: '$.state' }],
    },
  });
  return { integrationId, methodId, configurationIds };
}
