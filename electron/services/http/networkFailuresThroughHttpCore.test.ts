/**
 * A request whose connection fails is not always sent again (a POST that may have reached the
 * server, or no retry left in the wait budget): through the real HTTP core and transport, the
 * result then says what failed and how many attempts were made, as when retries ran out.
 */
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { integrationDefinitionSchema } from '../../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../../shared/domain/method';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import { createHttpCore } from './httpCore';
import { createHttpTransport } from './httpTransport';
import { listen, type LocalServer } from './testSupport/localServers';

/** Closes the connection of every request it reads, without an answer. */
let dropper: LocalServer;
let received = 0;
const calls: ApiCallRecord[] = [];
const transport = createHttpTransport();
const core = createHttpCore({
  transport,
  recordCall: (call) => calls.push(call),
  openBrowser: () => Promise.resolve(),
  random: () => 0.5,
  sleep: () => Promise.resolve(),
});

beforeAll(async () => {
  dropper = await listen(
    http.createServer((request) => {
      received += 1;
      request.resume();
      request.on('end', () => request.socket.destroy());
    }),
  );
});
beforeEach(() => {
  received = 0;
  calls.length = 0;
});
afterAll(async () => {
  transport.dispose();
  await dropper.close();
});

const send = (httpMethod: string, behaviour: Record<string, unknown>) =>
  core.send({
    integrationId: 'i1',
    methodId: 'm1',
    integration: integrationDefinitionSchema.parse({ baseUrl: dropper.url, behaviour }),
    method: methodDefinitionSchema.parse({ name: 'm', httpMethod, path: '/orders' }),
    configuration: null,
    variables: {},
  });

describe('a connection closed without an answer', () => {
  it('is named as the reason a POST is not sent again', async () => {
    const result = await send('POST', { retry: { maxAttempts: 3 } });
    expect(received).toBe(1);
    expect(result.attempts).toBe(1);
    expect(result.error?.message).toBe(`POST ${dropper.url} failed: the server closed the connection`);
    expect(calls.map((call) => call.error)).toEqual([result.error?.message]);
  });

  it('is named, with the attempts made, when the next wait would pass the wait limit', async () => {
    // Backoff with jitter 0.5: 500 ms after the first attempt, 1000 ms after the second.
    const result = await send('GET', {
      retry: { maxAttempts: 5, baseDelayMs: 1000 },
      throttle: { maxTotalWaitMs: 1200 },
    });
    expect(received).toBe(2);
    expect(result.attempts).toBe(2);
    expect(result.error?.message).toBe(`GET ${dropper.url} failed: the server closed the connection`);
  });

  it('is named when retries are switched off', async () => {
    const result = await send('GET', { retry: { isEnabled: false, maxAttempts: 3 } });
    expect(received).toBe(1);
    expect(result.error?.message).toBe(`GET ${dropper.url} failed: the server closed the connection`);
  });
});
