/**
 * Retry-After as hostile or broken APIs send it, through the HTTP core against a local API: a
 * value that is no HTTP date is not read as one (V8's Date.parse reads "soon, 2099" as the year
 * 2099 and "later 2" as February 2001), a huge one never makes a request sleep past the total
 * wait, and one repeated on every answer stops at the attempts allowed.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../shared/domain/method';
import { createHttpCore, type SendInput } from './httpCore';
import { createHttpTransport } from './httpTransport';
import { createRateLimiter } from './rateLimiter';
import { listen } from './testSupport/localServers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A local API answering its first `throttled` requests `status` (429) with `retryAfter`, then 200. */
async function api(retryAfter: string, throttled = Number.POSITIVE_INFINITY, status = 429) {
  let count = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      count += 1;
      if (count <= throttled) response.writeHead(status, { 'retry-after': retryAfter });
      else response.writeHead(200);
      response.end('{}');
    });
  });
  const local = await listen(server);
  cleanups.push(() => local.close());
  return { url: local.url, requests: () => count };
}

/** The core with a limiter, recording each wait before a retry instead of sleeping it. */
function core() {
  const transport = createHttpTransport();
  cleanups.push(() => transport.dispose());
  const rateLimiter = createRateLimiter();
  const slept: number[] = [];
  const instance = createHttpCore({
    transport,
    rateLimiter,
    recordCall: () => undefined,
    openBrowser: () => Promise.resolve(),
    random: () => 0.5,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
  });
  return { instance, rateLimiter, slept };
}

const input = (baseUrl: string, behaviour: Record<string, unknown> = {}): SendInput => ({
  integrationId: 'i1',
  methodId: 'm1',
  integration: integrationDefinitionSchema.parse({ baseUrl, behaviour }),
  method: methodDefinitionSchema.parse({ name: 'm', httpMethod: 'GET' }),
  configuration: null,
  variables: {},
});

/** Whether a request to the integration would wait now (it is paused). */
const isHeldBack = (limiter: ReturnType<typeof createRateLimiter>) => {
  const taken = limiter.take({ integrationId: 'i1', integrationLimits: undefined });
  if (taken instanceof Promise) return true;
  taken.release();
  return false;
};

describe('Retry-After as APIs send it', () => {
  it.each(['soon, 2099', 'after Dec 31 2099', 'later 2', 'Sat 1', '+5'])(
    'reads %j as no Retry-After: backs off and retries, pausing nothing',
    async (value) => {
      const target = await api(value, 1);
      const { instance, rateLimiter, slept } = core();
      const result = await instance.send(input(target.url));
      expect(result).toMatchObject({ attempts: 2, response: { status: 200 } });
      // The connection's backoff (500 ms base, random 0.5), not "now" or "in 2099".
      expect(slept).toEqual([250]);
      expect(isHeldBack(rateLimiter)).toBe(false);
    },
  );

  it('reads the three HTTP date forms of RFC 9110', async () => {
    for (const form of [
      'Sun, 06 Nov 1994 08:49:37 GMT',
      'Sunday, 06-Nov-94 08:49:37 GMT',
      'Sun Nov  6 08:49:37 1994',
    ]) {
      const target = await api(form, 1);
      const { instance, slept } = core();
      const result = await instance.send(input(target.url));
      expect(result).toMatchObject({ attempts: 2, response: { status: 200 } });
      // A date in the past: come back now.
      expect(slept).toEqual([0]);
    }
  });

  it('answers with the 429 of a Retry-After of ten years rather than sleep, and pauses the integration', async () => {
    const target = await api(String(10 * 365 * 24 * 3600));
    const { instance, rateLimiter, slept } = core();
    const result = await instance.send(input(target.url));
    expect(result).toMatchObject({ attempts: 1, response: { status: 429 } });
    expect(slept).toEqual([]);
    expect(target.requests()).toBe(1);
    expect(isHeldBack(rateLimiter)).toBe(true);
  });

  it.each(['-5', '1.5', '1e3', '0x10', ''])(
    'backs off on %j, which is no delay in seconds',
    async (value) => {
      const target = await api(value, 1);
      const { instance, slept } = core();
      const result = await instance.send(input(target.url));
      expect(result).toMatchObject({ attempts: 2, response: { status: 200 } });
      expect(slept).toEqual([250]);
    },
  );

  it('retries a GET answered 503 as any 5xx when only Retry-After handling is off, pausing nothing', async () => {
    const target = await api('3600', 1, 503);
    const { instance, rateLimiter, slept } = core();
    const result = await instance.send(input(target.url, { throttle: { isEnabled: false } }));
    expect(result).toMatchObject({ attempts: 2, response: { status: 200 } });
    // The retry's backoff, not the hour Retry-After asks for.
    expect(slept).toEqual([250]);
    expect(isHeldBack(rateLimiter)).toBe(false);
  });

  it('leaves a 429 alone when Retry-After handling is off', async () => {
    const target = await api('1', 1);
    const { instance, slept } = core();
    const result = await instance.send(input(target.url, { throttle: { isEnabled: false } }));
    expect(result).toMatchObject({ attempts: 1, response: { status: 429 } });
    expect(slept).toEqual([]);
  });

  it('stops at the attempts allowed when every answer says to come back now', async () => {
    const target = await api('0');
    const { instance } = core();
    const result = await instance.send(input(target.url));
    expect(result).toMatchObject({ attempts: 4, response: { status: 429 } });
    expect(target.requests()).toBe(4);
  });
});
