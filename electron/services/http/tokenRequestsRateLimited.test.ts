/**
 * OAuth 2.0 token requests take places from the integration's limiter like its other requests,
 * against a local server on 127.0.0.1 that serves both the token endpoint and the API and notes
 * when each request arrived: together they never pass the limit in any second; a 429 with
 * Retry-After from the token endpoint pauses the integration and the grant is sent again after
 * it; a 503 pauses it but the grant is not sent again.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../shared/domain/method';
import { createHttpCore, type SendInput } from './httpCore';
import { createHttpTransport } from './httpTransport';
import { createRateLimiter, type RateLimiter } from './rateLimiter';
import { configurationOf } from './testSupport/fakeConfiguration';
import { listen } from './testSupport/localServers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * POST /token answers with the status `tokenStatusOf` gives for the grant's number (1-based;
 * 429 and 503 with Retry-After: 1), else a token good for 1 s, which the core never reuses (it
 * renews 30 s before expiry): every send makes a grant. Any other path is the API (200).
 */
async function authorizationServerAndApi(tokenStatusOf: (grant: number) => number = () => 200) {
  const arrivals: { at: number; path: string }[] = [];
  let grants = 0;
  const server = http.createServer((request, response) => {
    arrivals.push({ at: performance.now(), path: request.url ?? '' });
    request.resume();
    request.on('end', () => {
      if (request.url !== '/token') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end('{"ok":true}');
      }
      grants += 1;
      const status = tokenStatusOf(grants);
      response.writeHead(status, { 'content-type': 'application/json', 'retry-after': '1' });
      response.end(
        status === 200
          ? JSON.stringify({ access_token: `token-${String(grants)}`, expires_in: 1 })
          : '{"error":"slow_down"}',
      );
    });
  });
  const local = await listen(server);
  cleanups.push(() => local.close());
  /** The most requests that arrived within any one second. */
  const mostInOneSecond = () =>
    Math.max(
      0,
      ...arrivals.map(({ at }) => arrivals.filter((other) => other.at >= at && other.at < at + 1_000).length),
    );
  return { url: local.url, arrivals, mostInOneSecond };
}

function core(rateLimiter: RateLimiter) {
  const transport = createHttpTransport();
  cleanups.push(() => transport.dispose());
  return createHttpCore({
    transport,
    rateLimiter,
    recordCall: () => undefined,
    openBrowser: () => Promise.resolve(),
    // The core's own wait before a retry is skipped: the limiter's pause is what holds it.
    sleep: () => Promise.resolve(),
  });
}

function input(baseUrl: string, rateLimits = {}): SendInput {
  return {
    integrationId: 'i1',
    methodId: 'm1',
    integration: integrationDefinitionSchema.parse({
      baseUrl,
      auth: { type: 'oauth2', grantType: 'client_credentials', tokenUrl: `${baseUrl}/token` },
      behaviour: { rateLimits, retry: { isEnabled: false } },
    }),
    method: methodDefinitionSchema.parse({ name: 'm', httpMethod: 'GET', path: '/tickets' }),
    configuration: configurationOf({ clientId: 'runbook', clientSecret: 'client-secret-1' }),
    variables: {},
  };
}

const isHeldBack = (limiter: RateLimiter) => {
  const taken = limiter.take({ integrationId: 'i1', integrationLimits: undefined });
  if (taken instanceof Promise) return true;
  taken.release();
  return false;
};

describe('token requests and the rate limit', () => {
  it('counts token requests with the API’s: grants and calls together never pass 4 in any second', async () => {
    const server = await authorizationServerAndApi();
    const send = core(createRateLimiter());
    const request = input(server.url, { requestsPerSecond: 4 });
    for (let sent = 0; sent < 4; sent += 1) {
      const result = await send.send(request);
      expect(result.error).toBeNull();
    }
    expect(server.arrivals.map(({ path }) => path)).toEqual(
      Array.from({ length: 4 }, () => ['/token', '/tickets']).flat(),
    );
    expect(server.mostInOneSecond()).toBeLessThanOrEqual(4);
  });

  it('pauses the integration on a 429 from the token endpoint and sends the grant again after it', async () => {
    const server = await authorizationServerAndApi((grant) => (grant === 1 ? 429 : 200));
    const send = core(createRateLimiter());
    const result = await send.send(input(server.url));
    expect(result).toMatchObject({ error: null, response: { status: 200 } });
    expect(server.arrivals.map(({ path }) => path)).toEqual(['/token', '/token', '/tickets']);
    // The grant sent again waited for the pause the 429 set, and the send says so.
    expect(result.rateLimitWaitMs).toBeGreaterThan(500);
  });

  it('pauses the integration on a 503 from the token endpoint without sending the grant again', async () => {
    const server = await authorizationServerAndApi(() => 503);
    const limiter = createRateLimiter();
    const result = await core(limiter).send(input(server.url));
    expect(result.error?.message).toMatch(/token endpoint .* refused the request \(HTTP 503\)/);
    expect(server.arrivals.map(({ path }) => path)).toEqual(['/token']);
    expect(isHeldBack(limiter)).toBe(true);
  });
});
