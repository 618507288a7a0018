/**
 * A request answered 429 with Retry-After waits before it is sent again: the HTTP core tells its
 * listener so, as the integration's pause, by when it ends, and that the wait is over.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../shared/domain/method';
import type { RateLimitWait } from '../../../shared/domain/rateLimitWait';
import { createHttpCore } from './httpCore';
import { createHttpTransport } from './httpTransport';
import { createRateLimiter } from './rateLimiter';
import { listen } from './testSupport/localServers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a request asked to wait by Retry-After', () => {
  it('is told the pause by its end before it is sent again, and that the wait is over', async () => {
    let seen = 0;
    const server = http.createServer((request, response) => {
      request.resume();
      seen += 1;
      response.writeHead(seen === 1 ? 429 : 200, seen === 1 ? { 'retry-after': '1' } : {});
      response.end('{}');
    });
    const local = await listen(server);
    cleanups.push(() => local.close());
    const transport = createHttpTransport();
    cleanups.push(() => transport.dispose());
    const core = createHttpCore({
      transport,
      rateLimiter: createRateLimiter(),
      recordCall: () => undefined,
      openBrowser: () => Promise.resolve(),
      // The app's clock stands still: the pause's end is exactly one second after it.
      now: () => 1_700_000_000_000,
    });
    const told: { wait: RateLimitWait | null; seen: number }[] = [];
    const result = await core.send({
      integrationId: 'acme',
      methodId: 'm1',
      integration: integrationDefinitionSchema.parse({ baseUrl: local.url }),
      method: methodDefinitionSchema.parse({ name: 'Ping', httpMethod: 'GET' }),
      configuration: null,
      variables: {},
      onRateLimitWait: (wait) => told.push({ wait, seen }),
    });

    expect(result.response?.status).toBe(200);
    expect(seen).toBe(2);
    expect(told[0]).toEqual({
      wait: { kind: 'pause', integrationId: 'acme', until: 1_700_000_001_000 },
      seen: 1,
    });
    // Every wait told is the pause, each followed by its end, the last before the second request.
    expect(told.map(({ wait }) => wait?.kind ?? null)).toEqual(
      told.map((_, index) => (index % 2 === 0 ? 'pause' : null)),
    );
    expect(told.at(-1)).toEqual({ wait: null, seen: 1 });
  });
});
