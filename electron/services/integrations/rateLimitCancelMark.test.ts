/**
 * A request that changes another system is marked "may have been sent" before it goes out; one
 * cancelled while it still waited for its rate-limit place never left, and its record says so.
 */
import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { limitedPingRunbook, limits, useLimitedApis } from '../testSupport/limitedApi';
import { waitForRun } from '../testSupport/runs';
import { startBackend } from '../testSupport/temporaryBackend';

const localApi = useLimitedApis();

/** Polls `read` until it gives something, at most 10 s. */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('not within 10 s');
}

describe('a POST cancelled while it waits for its rate-limit place', () => {
  it('leaves its step without the "may have been sent" mark, and the API never sees it', async () => {
    const held: http.ServerResponse[] = [];
    const target = await localApi((_, __, response) => held.push(response));
    const backend = startBackend();
    const { api, method, methodDefinition, runbookId } = await limitedPingRunbook(backend, {
      baseUrl: target.url,
      behaviour: { rateLimits: limits({ concurrentRequests: 1 }) },
    });
    await api.call('methods.update', {
      id: method.id,
      definition: { ...methodDefinition, httpMethod: 'POST' },
    });

    const holding = await api.call('runs.start', { runbookId, inputs: {} });
    await eventually(async () => (target.arrivals.length === 1 ? true : undefined));
    const waiting = await api.call('runs.start', { runbookId, inputs: {} });
    // Marked before it asked for its place, as every request that changes another system is.
    await eventually(async () => {
      const run = await api.call('runs.get', { id: waiting.runId });
      return run.steps.find((step) => step.stepId === 'ping' && step.mayHaveBeenSent);
    });

    await api.call('runs.cancel', { id: waiting.runId });
    const cancelled = await waitForRun(backend, waiting.runId);
    held.splice(0).forEach((response) => response.end('{}'));
    expect((await waitForRun(backend, holding.runId)).status).toBe('succeeded');

    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.steps.find((step) => step.stepId === 'ping')).toMatchObject({
      status: 'cancelled',
      mayHaveBeenSent: false,
    });
    expect(target.arrivals).toHaveLength(1);
  }, 30_000);
});
