/**
 * A real redis-server on 127.0.0.1 for the file, and Redis rate limiters on it, each with its own
 * connections as separate processes have: registers the file's set-up and clean-up hooks.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { queueConnectionOf } from '../queueAddress';
import { createRedisRateLimiter, type RedisRateLimiter } from '../redisRateLimiter';
import { startRedisServer, type RedisServer } from './redisServer';

export interface RedisLimiters {
  /** The server (started before the file's first test). */
  readonly redis: RedisServer;
  /** A new limiter, ready; disposed after the test. */
  limiter(options?: { leaseMs?: number; answerTimeoutMs?: number }): Promise<RedisRateLimiter>;
}

export function useRedisLimiters(): RedisLimiters {
  let redis: RedisServer | undefined;
  const limiters: RedisRateLimiter[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  }, 30_000);

  afterEach(async () => {
    await Promise.all(limiters.splice(0).map((limiter) => limiter.dispose()));
  });

  afterAll(async () => {
    await redis?.stop();
  });

  const started = (): RedisServer => {
    if (redis === undefined) throw new Error('redis-server is started in beforeAll');
    return redis;
  };

  return {
    get redis() {
      return started();
    },
    async limiter(options = {}) {
      const created = createRedisRateLimiter({
        connection: queueConnectionOf(started().url),
        log: () => undefined,
        ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
        ...(options.answerTimeoutMs === undefined ? {} : { answerTimeoutMs: options.answerTimeoutMs }),
      });
      limiters.push(created);
      await created.ready;
      return created;
    },
  };
}
