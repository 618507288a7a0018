/**
 * Shared rate limits through a real backend against a local API that timestamps every request
 * on its own clock: what the API sees is what is asserted, never how long anything took here.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend';
import { limitedPingRunbook, limits, mostInAnySecond, useLimitedApis } from '../testSupport/limitedApi';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';

const localApi = useLimitedApis();

/** An integration with one GET method and a runbook that calls it once. */
async function setUp(backend: Backend, definition: Record<string, unknown>) {
  const { api, integrationId, method, methodDefinition, runbookId } = await limitedPingRunbook(
    backend,
    definition,
  );
  const startRuns = (count: number, client = '') =>
    Promise.all(
      Array.from({ length: count }, () => api.call('runs.start', { runbookId, inputs: {}, client })),
    );
  const statusesOf = (runs: { runId: string }[]) =>
    Promise.all(runs.map(async ({ runId }) => (await waitForRun(backend, runId, 120)).status));
  return { api, integrationId, method, methodDefinition, runbookId, startRuns, statusesOf };
}

describe('shared rate limits', () => {
  it('sends 200 runs started at once to an API limited to 20 a second at no more than 20 in any second', async () => {
    const target = await localApi();
    const backend = startBackend();
    const { api, integrationId, startRuns, statusesOf } = await setUp(backend, {
      baseUrl: target.url,
      behaviour: { rateLimits: limits({ requestsPerSecond: 20 }) },
    });
    const runs = await startRuns(200);
    expect(new Set(await statusesOf(runs))).toEqual(new Set(['succeeded']));

    expect(target.arrivals).toHaveLength(200);
    const most = mostInAnySecond(target.arrivals);
    expect(most).toBeLessThanOrEqual(20);
    const times = target.arrivals.map((arrival) => arrival.at);
    const spanSeconds = (Math.max(...times) - Math.min(...times)) / 1000;
    process.stdout.write(
      `rate limit 20/s, 200 runs: at most ${String(most)} requests in any second; ` +
        `first to last request ${spanSeconds.toFixed(2)} s at the API\n`,
    );
    // The waits are in the call log, and in the runs' step records with the integration's name.
    const log = await api.call('integrations.callLog', { id: integrationId, limit: 500 });
    expect(log.calls.filter((call) => call.rateLimitWaitMs > 0).length).toBeGreaterThan(0);
    const waited = log.calls.find((call) => call.rateLimitWaitMs > 0);
    const run = await api.call('runs.get', { id: waited?.runId ?? '' });
    expect(run.steps.find((step) => step.stepId === 'ping')?.request).toMatchObject({
      rateLimitWait: { integrationName: 'Limited API' },
    });
  }, 240_000);

  it('never has more requests in flight at the API than the concurrent limit', async () => {
    const target = await localApi((_, __, response) => {
      setTimeout(() => response.end('{}'), 50);
    });
    const backend = startBackend();
    const { startRuns, statusesOf } = await setUp(backend, {
      baseUrl: target.url,
      behaviour: { rateLimits: limits({ concurrentRequests: 3 }) },
    });
    const runs = await startRuns(24);
    expect(new Set(await statusesOf(runs))).toEqual(new Set(['succeeded']));
    expect(target.arrivals).toHaveLength(24);
    expect(target.state.maxInFlight).toBeLessThanOrEqual(3);
  }, 120_000);

  it('holds back every run’s requests while a 429 with Retry-After: 2 lasts, a Test’s 429 included', async () => {
    const target = await localApi((_, index, response) => {
      if (index === 0) response.writeHead(429, { 'retry-after': '2' });
      response.end('{}');
    });
    const backend = startBackend();
    // The Test's own request is not retried (2 s is beyond its 1 s of waiting): it ends at once.
    const { api, integrationId, method, methodDefinition, startRuns, statusesOf } = await setUp(backend, {
      baseUrl: target.url,
      behaviour: { throttle: { isEnabled: true, maxTotalWaitMs: 1000 } },
    });
    const tested = await api.call('methods.test', {
      integrationId,
      methodId: method.id,
      definition: methodDefinition,
      variables: {},
    });
    expect(tested.response?.status).toBe(429);
    const runs = await startRuns(5);
    expect(new Set(await statusesOf(runs))).toEqual(new Set(['succeeded']));
    const [turnedAway, ...others] = target.arrivals;
    expect(others).toHaveLength(5);
    for (const other of others) expect(other.at - (turnedAway?.at ?? 0)).toBeGreaterThanOrEqual(2000);
  }, 120_000);

  it('stops a cancelled run waiting for its place at once', async () => {
    const target = await localApi();
    const backend = startBackend();
    const { api, startRuns, statusesOf } = await setUp(backend, {
      baseUrl: target.url,
      behaviour: { rateLimits: limits({ requestsPerMinute: 1 }) },
    });
    // The runs whose ping step has begun (it then waits for its place), told by their events.
    const pinging = new Set<string>();
    let onPing: () => void = () => undefined;
    backend.events.onDidEmit((message) => {
      if (message.name !== 'runs.stepChanged' || message.payload.step.stepId !== 'ping') return;
      pinging.add(message.payload.runId);
      onPing();
    });
    const [first] = await startRuns(1);
    expect(await statusesOf([first ?? { runId: '' }])).toEqual(['succeeded']);
    const [waiting] = await startRuns(1);
    const waitingId = waiting?.runId ?? '';
    await new Promise<void>((resolve) => {
      onPing = () => {
        if (pinging.has(waitingId)) resolve();
      };
      onPing();
    });
    expect((await api.call('runs.cancel', { id: waitingId })).wasRunning).toBe(true);
    expect((await waitForRun(backend, waitingId, 30)).status).toBe('cancelled');
    expect(target.arrivals).toHaveLength(1);
  }, 120_000);

  it('applies a client configuration’s own limits together with the integration’s', async () => {
    const target = await localApi((_, __, response) => {
      setTimeout(() => response.end('{}'), 50);
    });
    const backend = startBackend();
    const { api, integrationId, startRuns, statusesOf } = await setUp(backend, {
      baseUrlMode: 'per_configuration',
      isClientMode: true,
      behaviour: { rateLimits: limits({ concurrentRequests: 4 }) },
    });
    await api.call('configurations.create', {
      integrationId,
      name: 'Acme',
      clientName: 'acme',
      baseUrl: `${target.url}/acme`,
      rateLimits: limits({ concurrentRequests: 1 }),
    });
    await api.call('configurations.create', {
      integrationId,
      name: 'Globex',
      clientName: 'globex',
      baseUrl: `${target.url}/globex`,
    });
    const listed = await api.call('configurations.list', { integrationId });
    expect(listed.find((configuration) => configuration.name === 'Acme')?.rateLimits).toEqual(
      limits({ concurrentRequests: 1 }),
    );
    const runs = [...(await startRuns(8, 'acme')), ...(await startRuns(8, 'globex'))];
    expect(new Set(await statusesOf(runs))).toEqual(new Set(['succeeded']));
    expect(target.arrivals).toHaveLength(16);
    expect(target.state.maxInFlightByPath.get('acme')).toBe(1);
    expect(target.state.maxInFlight).toBeLessThanOrEqual(4);
  }, 120_000);
});
