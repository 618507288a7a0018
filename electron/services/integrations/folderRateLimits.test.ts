/**
 * Rate limits held across the processes on one data folder without `--queue`: two backends on
 * one temp folder stand for the app and `serve` (each keeps its own process file), sending through
 * one limited integration to a local API that counts on its own clock the requests in flight and
 * those of each second. What the API saw is asserted, never how long anything took here.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimits } from '../../../shared/domain/rateLimits';
import type { Backend } from '../backend';
import { listen, type LocalServer } from '../http/testSupport/localServers';
import { oneStepDraft } from '../testSupport/drafts';
import { waitForRun } from '../testSupport/runs';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';

const servers: LocalServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** A local API answering each request after `holdMs`, counting as it goes. */
async function countingApi(holdMs: number) {
  const arrivals: number[] = [];
  const state = { inFlight: 0, maxInFlight: 0 };
  const server = http.createServer((_request, response) => {
    arrivals.push(performance.now());
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    response.on('close', () => (state.inFlight -= 1));
    response.setHeader('content-type', 'application/json');
    setTimeout(() => response.end('{}'), holdMs);
  });
  const local = await listen(server);
  servers.push(local);
  return { url: local.url, arrivals, state };
}

/** The most requests the API saw within any one second (every window starting at a request). */
function mostInAnySecond(arrivals: number[]): number {
  const times = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; start < times.length; start += 1) {
    while (end < times.length && (times[end] ?? 0) < (times[start] ?? 0) + 1000) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}

const limits = (set: Partial<RateLimits>): RateLimits => ({
  requestsPerSecond: null,
  requestsPerMinute: null,
  concurrentRequests: null,
  ...set,
});

/** Two backends on one folder, and a runbook calling the API once through an integration so limited. */
async function twoProcesses(url: string, rateLimits: RateLimits) {
  const dataDirectory = temporaryDirectory();
  const first = startBackend(dataDirectory);
  const api = inProcessApi(first);
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Limited API', category: 'Other' },
  });
  await api.call('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: url, behaviour: { rateLimits } } as never,
  });
  const definition = { name: 'Ping', httpMethod: 'GET' as const, path: '/ping' };
  const method = await api.call('methods.create', { integrationId, definition });
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Ping' } });
  await api.call('runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({ id: 'ping', name: 'Ping', type: 'method', methodId: method.id }),
  });
  const second = startBackend(dataDirectory);
  const startRuns = (backend: Backend, count: number) =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const { runId } = await inProcessApi(backend).call('runs.start', { runbookId, inputs: {} });
        return { backend, runId };
      }),
    );
  const statusesOf = (runs: { backend: Backend; runId: string }[]) =>
    Promise.all(runs.map(async ({ backend, runId }) => (await waitForRun(backend, runId, 120)).status));
  return { first, second, startRuns, statusesOf };
}

describe('rate limits on one data folder, without --queue', () => {
  it('keeps one request in flight at the API for two processes limited to 1 at once', async () => {
    const target = await countingApi(100);
    const { first, second, startRuns, statusesOf } = await twoProcesses(
      target.url,
      limits({ concurrentRequests: 1 }),
    );
    const runs = [...(await startRuns(first, 4)), ...(await startRuns(second, 4))];
    expect(new Set(await statusesOf(runs))).toEqual(new Set(['succeeded']));
    expect(target.arrivals).toHaveLength(8);
    expect(target.state.maxInFlight).toBe(1);
  }, 120_000);

  it('sends no more than 5 in any second for two processes limited to 5 a second', async () => {
    const target = await countingApi(0);
    const { first, second, startRuns, statusesOf } = await twoProcesses(
      target.url,
      limits({ requestsPerSecond: 5 }),
    );
    const runs = [...(await startRuns(first, 10)), ...(await startRuns(second, 10))];
    expect(new Set(await statusesOf(runs))).toEqual(new Set(['succeeded']));
    expect(target.arrivals).toHaveLength(20);
    expect(mostInAnySecond(target.arrivals)).toBeLessThanOrEqual(5);
  }, 120_000);
});
