/**
 * Limits saved while requests wait in the Redis-backed limiter, with a real redis-server on
 * 127.0.0.1: the waiting requests go by the limits saved, not by those they brought when they
 * began to wait (as the in-process limiter does, integrations/rateLimitChange.test.ts). The first
 * request's place is held throughout, so only the change can let the second in before the
 * first's lease lapses (30 s).
 */
import { describe, expect, it } from 'vitest';
import { noRateLimits, type RateLimits } from '../../../shared/domain/rateLimits';
import type { LimitOwner } from '../http/rateLimiter';
import { useRedisLimiters } from './testSupport/redisLimiters';

const { limiter } = useRedisLimiters();

const oneAtATime: RateLimits = { ...noRateLimits, concurrentRequests: 1 };
/** Far below the first's lease of 30 s, far above what Redis takes to answer. */
const boundMs = 10_000;
const settledWithin = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

describe('limits saved while requests wait in the Redis-backed limiter', () => {
  it('lets a waiting request go as soon as its integration’s limit is raised', async () => {
    const on = await limiter();
    const request = { integrationId: 'raised', integrationLimits: oneAtATime };
    const first = await on.take(request);
    const second = Promise.resolve(on.take(request));

    const saved = { limits: { ...oneAtATime, concurrentRequests: 2 } };
    on.limitsChanged?.((owner: LimitOwner) => (owner.kind === 'integration' ? saved : undefined));

    expect(await settledWithin(second, boundMs)).toBe(true);
    (await second).release();
    first.release();
  }, 30_000);

  it('lets a waiting request go as soon as its configuration’s own limit is removed', async () => {
    const on = await limiter();
    const request = {
      integrationId: 'unlimited',
      integrationLimits: undefined,
      configuration: { id: 'client-a', limits: oneAtATime },
    };
    const first = await on.take(request);
    const second = Promise.resolve(on.take(request));

    on.limitsChanged?.((owner: LimitOwner) =>
      owner.kind === 'configuration' ? { limits: null } : { limits: undefined },
    );

    expect(await settledWithin(second, boundMs)).toBe(true);
    (await second).release();
    first.release();
  }, 30_000);
});
