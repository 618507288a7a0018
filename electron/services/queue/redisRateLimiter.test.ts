/**
 * The Redis-backed limiter with a real redis-server on 127.0.0.1: several limiters, each with its
 * own connections as separate processes have, share one gate per integration — requests per
 * second, concurrent requests (with leases that lapse when a process dies) and Retry-After pauses.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { noRateLimits, type RateLimits } from '../../../shared/domain/rateLimits';
import type { RateLimitPlace } from '../http/rateLimiter';
import type { RedisRateLimiter } from './redisRateLimiter';
import { useRedisLimiters } from './testSupport/redisLimiters';

const redisLimiters = useRedisLimiters();
const limiter = (leaseMs?: number, answerTimeoutMs?: number) =>
  redisLimiters.limiter({
    ...(leaseMs === undefined ? {} : { leaseMs }),
    ...(answerTimeoutMs === undefined ? {} : { answerTimeoutMs }),
  });

const limits = (change: Partial<RateLimits>): RateLimits => ({ ...noRateLimits, ...change });
const take = (on: RedisRateLimiter, integrationId: string, integrationLimits: RateLimits | undefined) =>
  Promise.resolve(on.take({ integrationId, integrationLimits }));
const settledWithin = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

/** The most starts that fall in any window of `windowMs` (times ascending). */
function mostInAnyWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last += 1) {
    while ((times[last] ?? 0) - (times[first] ?? 0) >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('the Redis-backed rate limiter', () => {
  it('lets no more than the limit start in any second across three processes', async () => {
    const processes = await Promise.all([limiter(), limiter(), limiter()]);
    const perSecond = limits({ requestsPerSecond: 5 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 18 }, async (_, index) => {
        const place = await take(processes[index % 3] as RedisRateLimiter, 'per-second', perSecond);
        starts.push(performance.timeOrigin + performance.now());
        await new Promise((resolve) => setTimeout(resolve, 20));
        place.release();
      }),
    );
    starts.sort((a, b) => a - b);
    expect(starts).toHaveLength(18);
    // Redis counts in whole ms on its own clock: 2 ms spare for the two clocks' rounding.
    expect(mostInAnyWindow(starts, 998)).toBeLessThanOrEqual(5);
  }, 30_000);

  it('holds concurrent requests to the limit across processes', async () => {
    const processes = await Promise.all([limiter(), limiter(), limiter()]);
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 24 }, async (_, index) => {
        const place = await take(
          processes[index % 3] as RedisRateLimiter,
          'concurrent',
          limits({ concurrentRequests: 2 }),
        );
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10 + (index % 4) * 5));
        inFlight -= 1;
        place.release();
      }),
    );
    expect(most).toBe(2);
  }, 30_000);

  it('frees the place of a process that died holding it once its lease lapses', async () => {
    const dying = await limiter(600);
    const living = await limiter(600);
    const one = limits({ concurrentRequests: 1 });
    await take(dying, 'lease', one); // Never given back.
    await dying.dispose();
    const next = take(living, 'lease', one);
    expect(await settledWithin(next, 100)).toBe(false);
    const place = await next;
    expect(place.waitedMs).toBeGreaterThan(0);
    place.release();
  }, 30_000);

  it('gives a place given back in one process to a request waiting in another at once', async () => {
    const [first, second] = await Promise.all([limiter(), limiter()]);
    const one = limits({ concurrentRequests: 1 });
    const held = await take(first as RedisRateLimiter, 'handover', one);
    const next = take(second as RedisRateLimiter, 'handover', one);
    expect(await settledWithin(next, 200)).toBe(false);
    held.release();
    expect(await settledWithin(next, 5_000)).toBe(true);
    (await next).release();
  }, 30_000);

  it('pauses every process’s requests to an integration when one of them gets a Retry-After', async () => {
    const [got429, other] = await Promise.all([limiter(), limiter()]);
    // The other process knows both integrations before the pause: it hears of it by pub/sub.
    for (const id of ['paused-limited', 'paused-unlimited'])
      (
        await take(
          other as RedisRateLimiter,
          id,
          id === 'paused-limited' ? limits({ requestsPerSecond: 100 }) : undefined,
        )
      ).release();
    const pausedAt = performance.now();
    got429?.pause('paused-limited', 1_200);
    got429?.pause('paused-unlimited', 1_200);
    // A process started during the pause reads it before its first request.
    const late = await limiter();
    const places: [RateLimitPlace, number][] = await Promise.all(
      [
        take(other as RedisRateLimiter, 'paused-limited', limits({ requestsPerSecond: 100 })),
        take(other as RedisRateLimiter, 'paused-unlimited', undefined),
        take(late, 'paused-unlimited', undefined),
      ].map(async (taken) => [await taken, performance.now()] as [RateLimitPlace, number]),
    );
    for (const [place, at] of places) {
      expect(place.waitedMs).toBeGreaterThan(0);
      // Redis counts in whole ms on its own clock: 10 ms spare for the two clocks' rounding.
      expect(at - pausedAt).toBeGreaterThanOrEqual(1_190);
      place.release();
    }
  }, 30_000);

  it('keeps only ids and times in Redis, under rbd:limits:', async () => {
    const one = await limiter();
    (await take(one, 'integration-id-1', limits({ requestsPerSecond: 3, concurrentRequests: 1 }))).release();
    const keys = execFileSync('redis-cli', [
      '-p',
      String(redisLimiters.redis.port),
      '--scan',
      '--pattern',
      'rbd:limits:*',
    ])
      .toString()
      .split('\n')
      .filter((key) => key !== '');
    expect(keys).toContain('rbd:limits:integration:integration-id-1:second');
    const everyKey = execFileSync('redis-cli', ['-p', String(redisLimiters.redis.port), '--scan']).toString();
    for (const key of everyKey.split('\n').filter((each) => each.includes('integration-id-1')))
      expect(key.startsWith('rbd:limits:')).toBe(true);
  }, 30_000);
  it('refuses a request with the reason while Redis does not answer, instead of waiting for the outage to end', async () => {
    const on = await limiter(undefined, 1_000);
    (await take(on, 'integration-down', limits({ requestsPerSecond: 5 }))).release();
    await redisLimiters.redis.kill();
    try {
      const refused = take(on, 'integration-down', limits({ requestsPerSecond: 5 }));
      await expect(refused).rejects.toMatchObject({
        message: expect.stringContaining(
          'The request was not sent: the shared rate limit could not be checked in Redis',
        ) as unknown,
      });
      await expect(refused).rejects.toMatchObject({
        message: expect.stringContaining('no answer within 1 s') as unknown,
      });
    } finally {
      await redisLimiters.redis.restart();
    }
    (await take(on, 'integration-down', limits({ requestsPerSecond: 5 }))).release();
  }, 30_000);
});
