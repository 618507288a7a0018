/**
 * The HTTP core's hook into the shared rate limiter, against a local API: which answers pause the
 * integration, which requests are sent again after the pause, the wait on the result and the call
 * record, and places given back whatever happens to the request.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../shared/domain/method';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import { createHttpCore, type SendInput } from './httpCore';
import { createHttpTransport } from './httpTransport';
import { createRateLimiter } from './rateLimiter';
import { listen } from './testSupport/localServers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A local API answering each request with the status `statusOf` gives for its number (1-based). */
async function api(statusOf: (count: number) => number) {
  let count = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      count += 1;
      const status = statusOf(count);
      response.writeHead(status, status === 200 ? {} : { 'retry-after': '1' });
      response.end('{}');
    });
  });
  const local = await listen(server);
  cleanups.push(() => local.close());
  return { url: local.url, requests: () => count };
}

function core() {
  const transport = createHttpTransport();
  cleanups.push(() => transport.dispose());
  const calls: ApiCallRecord[] = [];
  const rateLimiter = createRateLimiter();
  const instance = createHttpCore({
    transport,
    rateLimiter,
    recordCall: (record) => calls.push(record),
    openBrowser: () => Promise.resolve(),
    // The core's own wait before a retry is skipped: the limiter's pause is what holds it.
    sleep: () => Promise.resolve(),
  });
  return { instance, calls, rateLimiter };
}

function input(baseUrl: string, httpMethod: 'GET' | 'POST', rateLimits = {}): SendInput {
  return {
    integrationId: 'i1',
    methodId: 'm1',
    integration: integrationDefinitionSchema.parse({ baseUrl, behaviour: { rateLimits } }),
    method: methodDefinitionSchema.parse({ name: 'm', httpMethod }),
    configuration: null,
    variables: {},
  };
}

const isHeldBack = (limiter: ReturnType<typeof createRateLimiter>) => {
  const taken = limiter.take({ integrationId: 'i1', integrationLimits: undefined });
  if (taken instanceof Promise) return true;
  taken.release();
  return false;
};

describe('the rate limiter through the HTTP core', () => {
  it('sends a POST answered 429 again once the pause is over, and records that it waited', async () => {
    const target = await api((count) => (count === 1 ? 429 : 200));
    const { instance, calls } = core();
    const result = await instance.send(input(target.url, 'POST'));
    expect(result).toMatchObject({ attempts: 2, response: { status: 200 } });
    expect(result.rateLimitWaitMs).toBeGreaterThan(0);
    expect(calls[0]?.rateLimitWaitMs).toBeGreaterThan(0);
  });

  it('never sends a POST answered 503 again, yet pauses the integration for the others', async () => {
    const target = await api(() => 503);
    const { instance, rateLimiter } = core();
    const result = await instance.send(input(target.url, 'POST'));
    expect(result).toMatchObject({ attempts: 1, response: { status: 503 } });
    expect(target.requests()).toBe(1);
    expect(isHeldBack(rateLimiter)).toBe(true);
  });

  it('gives the place back when the request fails, and adds nothing to a result that did not wait', async () => {
    const { instance, rateLimiter } = core();
    // Nothing listens on port 9 of 127.0.0.1 here: the connection is refused.
    const send = input('http://127.0.0.1:9', 'GET', { concurrentRequests: 1 });
    const result = await instance.send({
      ...send,
      integration: {
        ...send.integration,
        behaviour: {
          ...send.integration.behaviour,
          retry: { ...send.integration.behaviour.retry, isEnabled: false },
        },
      },
    });
    expect(result.error).not.toBeNull();
    expect(result).not.toHaveProperty('rateLimitWaitMs');
    const next = rateLimiter.take({
      integrationId: 'i1',
      integrationLimits: { requestsPerSecond: null, requestsPerMinute: null, concurrentRequests: 1 },
    });
    expect(next).not.toBeInstanceOf(Promise);
  });
});
