/**
 * The data the screen tour shows, made through the API: an integration whose methods answer from a
 * local HTTP server on 127.0.0.1, runbooks that use them (one finished without problems, one draft
 * with inputs and an unfinished step), a succeeded and a failed run, a dry run of the failing one
 * (its POST held back) and then a pin on that runbook's POST step.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallOutput } from '../../../shared/api/contract';
import { callApi, type ServeProcess } from './serveProcess';

/** What the tour visits: ids of the records it opens. */
export interface TourData {
  integrationId: string;
  methodId: string;
  runbookId: string;
  draftRunbookId: string;
  succeededRunId: string;
  failedRunId: string;
  /** The runbook whose POST step is pinned, and a dry run of it made before the pin. */
  pinnedRunbookId: string;
  dryRunId: string;
}

/** A tiny ticketing API: GET /tickets/<id> answers a ticket, anything else a 500. */
export interface TicketApi {
  url: string;
  stop(): Promise<void>;
}

export async function startTicketApi(): Promise<TicketApi> {
  const server = http.createServer((request, response) => {
    const match = /^\/tickets\/(\w+)$/.exec(request.url ?? '');
    const isTicket = match !== null;
    response.writeHead(isTicket ? 200 : 500, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        isTicket
          ? { id: match[1], summary: 'Printer on floor 3 is offline', status: 'open', owner: { name: 'Ada' } }
          : { error: 'The ticket service is down for maintenance' },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const step = (id: string, name: string, type: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  type,
  ...extra,
});

/** Starts a run through the API and waits (bounded) until it has finished. */
async function finishedRun(
  server: ServeProcess,
  runbookId: string,
  mode: 'live' | 'dryRun' = 'live',
): Promise<string> {
  const { runId } = await callApi(server, 'runs.start', { runbookId, inputs: {}, mode });
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const run: CallOutput<'runs.get'> = await callApi(server, 'runs.get', { id: runId });
    if (!['queued', 'running'].includes(run.status)) return runId;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runId} did not finish`);
}

/** Creates everything the tour shows and runs the two runs. */
export async function seedTour(server: ServeProcess, apiUrl: string): Promise<TourData> {
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: {
      name: 'HaloPSA',
      category: 'PSA',
      description: 'Tickets, clients, assets and contracts of the service desk.',
      versionLabel: 'v2',
    },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: apiUrl },
  });
  await callApi(server, 'integrations.create', {
    details: { name: 'NinjaOne', category: 'RMM', description: 'Devices, alerts, patches and scripts.' },
  });
  const { id: methodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: 'Get ticket',
      httpMethod: 'GET',
      path: '/tickets/{id}',
      outputs: [{ name: 'summary', expression: 'response^summary!' }],
    },
  });
  const { id: brokenId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Close ticket', httpMethod: 'POST', path: '/close', isRetrySafe: false },
  });
  const chain = (ids: string[]) =>
    ids.slice(1).map((to, index) => ({ from: ids[index] ?? '', kind: index === 0 ? 'next' : 'success', to }));
  const runbookWith = async (name: string, draft: Record<string, unknown>) => {
    const { id } = await callApi(server, 'runbooks.create', { details: { name } });
    await callApi(server, 'runbooks.update', { id, draft: draft as never });
    return id;
  };
  const runbookId = await runbookWith('Close stale tickets', {
    steps: [
      step('start', 'Start', 'start'),
      step('get_ticket', 'Get ticket', 'method', { methodId, arguments: { id: '42' } }),
      step('done', 'Done', 'end', {
        outcome: 'succeeded',
        message: 'Read {{steps.get_ticket.outputs.summary}}',
      }),
    ],
    edges: chain(['start', 'get_ticket', 'done']),
  });
  const failingId = await runbookWith('Close a ticket', {
    steps: [
      step('start', 'Start', 'start'),
      step('close', 'Close ticket', 'method', { methodId: brokenId }),
      step('done', 'Done', 'end'),
    ],
    edges: chain(['start', 'close', 'done']),
  });
  const draftRunbookId = await runbookWith('Escalate overdue tickets', {
    inputs: [{ name: 'ticket', type: 'string', isRequired: true, description: 'The ticket number' }],
    steps: [step('start', 'Start', 'start'), step('pick', 'Look up owner', 'method', { methodId: '' })],
    edges: chain(['start', 'pick']),
  });
  await callApi(server, 'runbooks.publish', { id: runbookId, note: 'First version' });
  const succeededRunId = await finishedRun(server, runbookId);
  const failedRunId = await finishedRun(server, failingId);
  const dryRunId = await finishedRun(server, failingId, 'dryRun');
  await callApi(server, 'pins.set', {
    runbookId: failingId,
    stepId: 'close',
    pin: { status: 200, outputs: { closed: true }, response: null },
  });
  return {
    integrationId,
    methodId,
    runbookId,
    draftRunbookId,
    succeededRunId,
    failedRunId,
    pinnedRunbookId: failingId,
    dryRunId,
  };
}
