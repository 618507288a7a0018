/**
 * A request that waits before it leaves says why, live: a run's step (runs.stepWaiting, and
 * runs.get while it waits) and a method's Test (methods.testWaiting), before the request leaves;
 * Cancel during the wait ends the run cancelled, or the Test, with nothing sent.
 */
import { describe, expect, it } from 'vitest';
import type { ApiEventMessage } from '../../../shared/api/contract';
import { limitedPingRunbook, limits, useLimitedApis } from '../testSupport/limitedApi';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';

const localApi = useLimitedApis();

/** Waits until `isThere` holds, at most 10 s. */
async function eventually(isThere: () => boolean | Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await isThere()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('not within 10 s');
}

/** An integration "Limited API" allowing one request a minute, its Ping method and a runbook calling it. */
async function oneAMinute() {
  const target = await localApi();
  const backend = startBackend();
  /** Each event told, with how many requests the API had seen then. */
  const told: { message: ApiEventMessage; seen: number }[] = [];
  backend.events.onDidEmit((message) => told.push({ message, seen: target.arrivals.length }));
  const stepWaits = (runId: string) =>
    told.flatMap(({ message, seen }) =>
      message.name === 'runs.stepWaiting' && message.payload.runId === runId
        ? [{ ...message.payload, seen }]
        : [],
    );
  const testWaits = (testId: string) =>
    told.flatMap(({ message, seen }) =>
      message.name === 'methods.testWaiting' && message.payload.testId === testId
        ? [{ ...message.payload, seen }]
        : [],
    );
  const made = await limitedPingRunbook(backend, {
    baseUrl: target.url,
    behaviour: { rateLimits: limits({ requestsPerMinute: 1 }) },
  });
  return { target, backend, told, stepWaits, testWaits, ...made };
}

describe('a run whose step waits for the rate limit', () => {
  it('is told why before the request leaves, shows it when read, and Cancel ends it with nothing sent', async () => {
    const { target, backend, stepWaits, api, runbookId } = await oneAMinute();
    const first = await api.call('runs.start', { runbookId, inputs: {} });
    expect((await waitForRun(backend, first.runId)).status).toBe('succeeded');

    const waiting = await api.call('runs.start', { runbookId, inputs: {} });
    await eventually(() => stepWaits(waiting.runId).length > 0);
    expect(stepWaits(waiting.runId)[0]).toMatchObject({
      runbookId,
      seq: 2, // Ping, after Start
      wait: {
        kind: 'limit',
        integrationName: 'Limited API',
        configurationName: null,
        limits: { requestsPerMinute: 1, requestsPerSecond: null, concurrentRequests: null },
      },
      // Told while only the first run's request had reached the API.
      seen: 1,
    });

    // A window opened during the wait reads it with the run.
    const read = await api.call('runs.get', { id: waiting.runId });
    expect(read.steps.find((step) => step.stepId === 'ping')).toMatchObject({
      status: 'running',
      rateLimitWait: { kind: 'limit', integrationName: 'Limited API' },
    });

    expect(await api.call('runs.cancel', { id: waiting.runId })).toEqual({ wasRunning: true });
    const cancelled = await waitForRun(backend, waiting.runId);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.steps.find((step) => step.stepId === 'ping')?.rateLimitWait).toBeUndefined();
    expect(target.arrivals).toHaveLength(1);
    // The wait is over: told, after the one that began it.
    expect(stepWaits(waiting.runId).map(({ wait }) => wait?.kind ?? null)).toEqual(['limit', null]);
  }, 30_000);

  it('tells nothing of a step whose request goes at once', async () => {
    const { backend, told, api, runbookId } = await oneAMinute();
    const run = await api.call('runs.start', { runbookId, inputs: {} });
    expect((await waitForRun(backend, run.runId)).status).toBe('succeeded');
    expect(told.filter(({ message }) => message.name === 'runs.stepWaiting')).toEqual([]);
  }, 30_000);
});

describe("a method's Test waiting for the rate limit", () => {
  it('is told by its id before the request leaves, and Cancel gives up its place with nothing sent', async () => {
    const { target, testWaits, api, integrationId, method, methodDefinition } = await oneAMinute();
    const test = (testId: string) =>
      api.call('methods.test', { integrationId, methodId: method.id, definition: methodDefinition, testId });
    expect((await test('first')).response?.status).toBe(200);

    const waiting = test('second');
    await eventually(() => testWaits('second').length > 0);
    expect(testWaits('second')[0]).toMatchObject({
      wait: { kind: 'limit', integrationName: 'Limited API' },
      seen: 1,
    });

    expect(await api.call('methods.cancelTest', { testId: 'second' })).toEqual({ wasGoing: true });
    const result = await waiting;
    expect(result.response).toBeNull();
    expect(result.isNeverSent).toBe(true);
    expect(result.error?.message).toBe(
      'Cancelled while the request waited for the rate limit: it was not sent.',
    );
    expect(target.arrivals).toHaveLength(1);
    expect(await api.call('methods.cancelTest', { testId: 'second' })).toEqual({ wasGoing: false });
    // The wait is over with the Test: told, after the one that began it.
    expect(testWaits('second').map(({ wait }) => wait?.kind ?? null)).toEqual(['limit', null]);
  }, 30_000);
});
