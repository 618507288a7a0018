/**
 * A request whose connection fails is not always sent again (a POST that may have reached the
 * server, or no retry left in the wait budget): through the real HTTP core and transport, the
 * result then says what failed and how many attempts were made, as when retries ran out.
 */
import type http from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { coreTestBed, localServer, sendInput } from './testSupport/coreTestBed';

let received = 0;
/** Closes the connection of every request it reads, without an answer. */
const dropConnection: http.RequestListener = (request) => {
  received += 1;
  request.resume();
  request.on('end', () => request.socket.destroy());
};
const { core, calls, server } = coreTestBed(localServer(dropConnection), {
  random: () => 0.5,
  sleep: () => Promise.resolve(),
});
beforeEach(() => {
  received = 0;
  calls.length = 0;
});

const send = (httpMethod: string, behaviour: Record<string, unknown>) =>
  core.send(sendInput({ baseUrl: server().url, behaviour }, { name: 'm', httpMethod, path: '/orders' }));

describe('a connection closed without an answer', () => {
  it('is named as the reason a POST is not sent again', async () => {
    const result = await send('POST', { retry: { maxAttempts: 3 } });
    expect(received).toBe(1);
    expect(result.attempts).toBe(1);
    expect(result.error?.message).toBe(`POST ${server().url} failed: the server closed the connection`);
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
    expect(result.error?.message).toBe(`GET ${server().url} failed: the server closed the connection`);
  });

  it('is named when retries are switched off', async () => {
    const result = await send('GET', { retry: { isEnabled: false, maxAttempts: 3 } });
    expect(received).toBe(1);
    expect(result.error?.message).toBe(`GET ${server().url} failed: the server closed the connection`);
  });
});
