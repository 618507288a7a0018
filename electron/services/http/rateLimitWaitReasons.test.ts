/** The rate limiter on a fake clock tells a request why it waits, only when it does. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { noRateLimits, type RateLimits } from '../../../shared/domain/rateLimits';
import type { RateLimitWait } from '../../../shared/domain/rateLimitWait';
import { createRateLimiter, type RateLimitedRequest } from './rateLimiter';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-03-01T14:32:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const limits = (set: Partial<RateLimits>): RateLimits => ({ ...noRateLimits, ...set });

/** A request to "crm" whose waits are kept in `told`. */
function request(
  integrationLimits: RateLimits,
  told: (RateLimitWait | null)[],
  more: Partial<RateLimitedRequest> = {},
) {
  return {
    integrationId: 'crm',
    integrationLimits,
    onWait: (wait: RateLimitWait | null) => told.push(wait),
    ...more,
  };
}

describe('why a request waits', () => {
  it('tells nothing to a request that goes at once', () => {
    const told: (RateLimitWait | null)[] = [];
    const taken = createRateLimiter().take(request(limits({ requestsPerMinute: 5 }), told));
    expect(taken).not.toBeInstanceOf(Promise);
    expect(told).toEqual([]);
  });

  it('names the limits of the gate it waits at, the configuration’s when those hold it', async () => {
    const limiter = createRateLimiter({ now: () => Date.now() });
    const own = { id: 'globex', limits: limits({ requestsPerSecond: 1 }) };
    const first = limiter.take(request(limits({ requestsPerMinute: 5 }), [], { configuration: own }));
    if (first instanceof Promise) throw new Error('the first goes at once');
    first.release();
    const told: (RateLimitWait | null)[] = [];
    const waiting = limiter.take(request(limits({ requestsPerMinute: 5 }), told, { configuration: own }));
    expect(told).toEqual([
      { kind: 'limit', integrationId: 'crm', configurationId: 'globex', limits: own.limits },
    ]);
    await vi.advanceTimersByTimeAsync(1_000);
    (await waiting).release();
  });

  it('tells a pause by when it ends, and a pause that begins while it waits', async () => {
    const limiter = createRateLimiter({ now: () => Date.now() });
    const told: (RateLimitWait | null)[] = [];
    const first = limiter.take(request(limits({ requestsPerMinute: 1 }), []));
    if (first instanceof Promise) throw new Error('the first goes at once');
    first.release();
    const waiting = limiter.take(request(limits({ requestsPerMinute: 1 }), told));
    // A 429 with Retry-After: 120 met meanwhile outlasts the minute it waits for.
    limiter.pause('crm', 120_000);
    expect(told).toEqual([
      {
        kind: 'limit',
        integrationId: 'crm',
        configurationId: null,
        limits: limits({ requestsPerMinute: 1 }),
      },
      { kind: 'pause', integrationId: 'crm', until: Date.parse('2026-03-01T14:34:00Z') },
    ]);
    await vi.advanceTimersByTimeAsync(120_000);
    (await waiting).release();
  });
});
