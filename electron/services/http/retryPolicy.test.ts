import { describe, expect, it } from 'vitest';
import { behaviourSchema } from '../../../shared/domain/integrationDefinition';
import { decideRetry, parseRetryAfter, type RetryInput } from './retryPolicy';

const behaviour = behaviourSchema.parse({});
const now = Date.parse('2026-11-23T10:00:00Z');

function input(overrides: Partial<RetryInput>): RetryInput {
  return {
    outcome: { kind: 'response', status: 500 },
    attempt: 1,
    httpMethod: 'GET',
    isRetrySafe: false,
    behaviour,
    waitedMs: 0,
    nowMs: now,
    random: 0.5,
    ...overrides,
  };
}

describe('decideRetry', () => {
  it.each([200, 201, 204, 301, 400, 401, 403, 404, 422])('does not retry a %i', (status) => {
    expect(decideRetry(input({ outcome: { kind: 'response', status } })).retry).toBe(false);
  });

  it.each([500, 502, 504, 408])('retries a GET answered %i with jittered backoff', (status) => {
    expect(decideRetry(input({ outcome: { kind: 'response', status } }))).toMatchObject({
      retry: true,
      delayMs: 250,
    });
  });

  it('doubles the backoff ceiling each attempt up to the maximum', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => {
      const decision = decideRetry(
        input({
          attempt,
          random: 0.999999,
          behaviour: { ...behaviour, retry: { ...behaviour.retry, maxAttempts: 10 } },
        }),
      );
      return decision.retry ? decision.delayMs : -1;
    });
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('honours Retry-After in seconds on a 429', () => {
    expect(decideRetry(input({ outcome: { kind: 'response', status: 429, retryAfter: '3' } }))).toMatchObject(
      {
        retry: true,
        delayMs: 3000,
      },
    );
  });

  it('honours Retry-After as an HTTP date on a 503', () => {
    const retryAfter = new Date(now + 7000).toUTCString();
    expect(decideRetry(input({ outcome: { kind: 'response', status: 503, retryAfter } }))).toMatchObject({
      retry: true,
      delayMs: 7000,
    });
  });

  it('backs off on a 429 without Retry-After', () => {
    expect(decideRetry(input({ outcome: { kind: 'response', status: 429 } }))).toMatchObject({
      retry: true,
      delayMs: 250,
    });
  });

  it('gives up when Retry-After would pass the total wait limit', () => {
    const decision = decideRetry(input({ outcome: { kind: 'response', status: 429, retryAfter: '120' } }));
    expect(decision).toMatchObject({ retry: false });
  });

  it('counts what was already waited against the total wait limit', () => {
    const decision = decideRetry(
      input({ outcome: { kind: 'response', status: 429, retryAfter: '10' }, waitedMs: 55_000 }),
    );
    expect(decision.retry).toBe(false);
  });

  it('stops after the last attempt', () => {
    expect(decideRetry(input({ attempt: 4 })).retry).toBe(false);
  });

  it('retries a POST refused before it was sent', () => {
    expect(
      decideRetry(input({ httpMethod: 'POST', outcome: { kind: 'networkError', wasSent: false } })).retry,
    ).toBe(true);
  });

  it('does not retry a POST whose connection dropped after sending', () => {
    expect(
      decideRetry(input({ httpMethod: 'POST', outcome: { kind: 'networkError', wasSent: true } })).retry,
    ).toBe(false);
  });

  it('does not retry a PATCH answered 503 unless the method says it is safe', () => {
    const outcome = { kind: 'response', status: 503 } as const;
    expect(decideRetry(input({ httpMethod: 'PATCH', outcome })).retry).toBe(false);
    expect(decideRetry(input({ httpMethod: 'PATCH', outcome, isRetrySafe: true })).retry).toBe(true);
  });

  it('retries a POST answered 429, which was turned away unprocessed, but never one answered 503', () => {
    const turnedAway = { kind: 'response', status: 429, retryAfter: '1' } as const;
    const unavailable = { kind: 'response', status: 503, retryAfter: '1' } as const;
    expect(decideRetry(input({ httpMethod: 'POST', outcome: turnedAway }))).toMatchObject({
      retry: true,
      delayMs: 1000,
    });
    expect(decideRetry(input({ httpMethod: 'POST', outcome: unavailable })).retry).toBe(false);
  });

  it('retries a PUT or DELETE, which are idempotent', () => {
    expect(decideRetry(input({ httpMethod: 'PUT' })).retry).toBe(true);
    expect(decideRetry(input({ httpMethod: 'DELETE' })).retry).toBe(true);
  });

  it('leaves 5xx alone when retry is switched off', () => {
    const off = { ...behaviour, retry: { ...behaviour.retry, isEnabled: false } };
    expect(decideRetry(input({ behaviour: off })).retry).toBe(false);
  });

  it('retries a 503 as a 5xx, with backoff, when only throttle handling is switched off', () => {
    const off = { ...behaviour, throttle: { ...behaviour.throttle, isEnabled: false } };
    const answered503 = { kind: 'response', status: 503, retryAfter: '3600' } as const;
    expect(decideRetry(input({ behaviour: off, outcome: answered503 }))).toMatchObject({
      retry: true,
      delayMs: 250,
      reason: 'backing off',
    });
    const neither = { ...off, retry: { ...off.retry, isEnabled: false } };
    expect(decideRetry(input({ behaviour: neither, outcome: answered503 })).retry).toBe(false);
  });

  it('leaves 429 alone when throttle handling is switched off', () => {
    const off = { ...behaviour, throttle: { ...behaviour.throttle, isEnabled: false } };
    expect(
      decideRetry(input({ behaviour: off, outcome: { kind: 'response', status: 429, retryAfter: '1' } }))
        .retry,
    ).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['5', 5000],
    [' 12 ', 12000],
    ['soon', undefined],
    ['-3', undefined],
    [undefined, undefined],
  ])('reads %j as %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([
    ['Mon, 23 Nov 2026 10:00:05 GMT', 5000],
    ['Monday, 23-Nov-26 10:00:05 GMT', 5000],
    // asctime names no zone: it is GMT, whatever the machine's zone.
    ['Mon Nov 23 10:00:05 2026', 5000],
    ['soon, 2099', undefined],
    ['later 2', undefined],
    ['Mon, 23 Nov 2026 10:00:05', undefined],
  ])('reads the HTTP date %j as %j ms, and nothing else as a date', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it('reads a date in the past as no wait', () => {
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
  });
});
