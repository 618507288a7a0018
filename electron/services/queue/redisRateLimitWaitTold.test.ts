/**
 * Queue mode's limiter, on a real redis-server on 127.0.0.1, tells a request why it waits as the
 * in-process one does: the limits of the gate that holds it, or until when the integration's
 * Retry-After pause holds; and tells nothing to a request that goes at once.
 */
import { describe, expect, it } from 'vitest';
import { noRateLimits, type RateLimits } from '../../../shared/domain/rateLimits';
import type { RateLimitWait } from '../../../shared/domain/rateLimitWait';
import { useRedisLimiters } from './testSupport/redisLimiters';

const { limiter } = useRedisLimiters();

const oneAMinute: RateLimits = { ...noRateLimits, requestsPerMinute: 1 };

/** Waits until `isThere` holds, at most 10 s. */
async function eventually(isThere: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !isThere(); attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (!isThere()) throw new Error('not within 10 s');
}

describe('why a request waits in the Redis-backed limiter', () => {
  it('names the limits that hold it, told nothing when it went at once; Cancel ends its wait', async () => {
    const on = await limiter();
    const told: RateLimitWait[] = [];
    const request = {
      integrationId: 'told-limit',
      integrationLimits: oneAMinute,
      onWait: (wait: RateLimitWait | null) => (wait === null ? undefined : told.push(wait)),
    };
    (await on.take(request)).release();
    expect(told).toEqual([]);

    const controller = new AbortController();
    const waiting = Promise.resolve(on.take({ ...request, signal: controller.signal }));
    await eventually(() => told.length > 0);
    expect(told).toEqual([
      { kind: 'limit', integrationId: 'told-limit', configurationId: null, limits: oneAMinute },
    ]);
    controller.abort();
    await expect(waiting).rejects.toThrow('Cancelled while the request waited for the rate limit');
  }, 30_000);

  it('tells a Retry-After pause of an integration without limits by when it ends', async () => {
    const on = await limiter();
    const told: RateLimitWait[] = [];
    on.pause('told-pause', 60_000);
    const before = Date.now();
    const controller = new AbortController();
    const waiting = Promise.resolve(
      on.take({
        integrationId: 'told-pause',
        integrationLimits: undefined,
        signal: controller.signal,
        onWait: (wait) => (wait === null ? undefined : told.push(wait)),
      }),
    );
    await eventually(() => told.length > 0);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: 'pause', integrationId: 'told-pause' });
    // About a minute from when it was asked (the clocks' own reading, not how long anything took).
    const until = told[0]?.kind === 'pause' ? told[0].until : 0;
    expect(until).toBeGreaterThan(before + 50_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 60_000);
    controller.abort();
    await expect(waiting).rejects.toThrow('Cancelled');
  }, 30_000);
});
