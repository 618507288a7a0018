/**
 * Queue mode's rate limiter: the same `RateLimiter` the HTTP core takes (http/rateLimiter.ts),
 * held in Redis so that the main and every worker share one gate per integration (and per
 * configuration with its own limits) — requests per second and minute, concurrent requests, and
 * a Retry-After pause that holds every process's requests.
 *
 * - Each decision is one atomic Lua script (redisRateLimiterScripts.ts) on Redis's clock.
 * - A place in flight is a lease renewed while the request runs; a process that dies gives none
 *   back, so its leases lapse (30 s by default) and free their places.
 * - Within a process, requests for the same gates wait in order (FIFO); only the first asks
 *   Redis, and asks again when the script says (a window frees up) or when any process gives a
 *   place back (pub/sub). Limits saved in this process reach the requests waiting in its lines.
 * - An integration without limits asks Redis nothing: a pause reaches every process by pub/sub
 *   and is kept here until it ends (its first request in a process reads a pause set before).
 * - Keys live under `rbd:limits:` and name only integration and configuration ids.
 *
 * The lines and leases are redisRateLimiterLines.ts, the pauses redisRateLimiterPauses.ts, the keys
 * and script arguments redisRateLimiterGates.ts; this module holds the connections and wires them.
 */
import { ioredisLibrary } from './redisLibraries';
import { longestRateLimitPauseMs } from '../../../shared/domain/rateLimits';
import { freePlace, limitedGatesOf, type RateLimiter } from '../http/rateLimiter';
import { closeConnection, watchConnection, type QueueConnection } from './queueAddress';
import { limitChannel, limitMessageOf, pauseKeyOf } from './redisRateLimiterGates';
import { createLimitLines } from './redisRateLimiterLines';
import { createPauseBook } from './redisRateLimiterPauses';
import { defineLimitCommands } from './redisRateLimiterScripts';

export { limitChannel, limitKeyPrefix } from './redisRateLimiterGates';

export interface RedisRateLimiter extends RateLimiter {
  /** Settles once both connections are up and listening. */
  ready: Promise<void>;
  dispose(): Promise<void>;
}

export interface RedisRateLimiterOptions {
  connection: QueueConnection;
  log(line: string): void;
  /** How long a place in flight is held without being renewed (default 30 s); tests shorten it. */
  leaseMs?: number;
  /**
   * How long a request waits for Redis to answer before it is refused (default 30 s): while Redis
   * is down, a request to a limited integration — a method's Test in the window too — ends with
   * a message saying so instead of waiting for as long as the outage lasts. Tests shorten it.
   */
  answerTimeoutMs?: number;
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const leaseMs = options.leaseMs ?? 30_000;
  const answerTimeoutMs = options.answerTimeoutMs ?? 30_000;
  // Its own bound: the queue's connections wait for Redis as long as it takes (BullMQ needs
  // that), but a request must not. ioredis counts it from the command, queued offline or not.
  const commands = watchConnection(
    new (ioredisLibrary().Redis)({ ...options.connection, commandTimeout: answerTimeoutMs }),
    'the rate limiter',
    options.log,
  );
  const listener = watchConnection(
    new (ioredisLibrary().Redis)(options.connection),
    'the rate limiter’s listener',
    options.log,
  );
  const scripts = defineLimitCommands(commands);
  const now = () => performance.now();
  const pauses = createPauseBook({ commands, log: options.log, now });
  const lines = createLimitLines({
    scripts,
    leaseMs,
    answerTimeoutMs,
    log: options.log,
    now,
    // The integration's pause as this process heard it, else the limits of its first gate.
    tellWhy: ({ integrationId, onWait }, gates) => {
      const until = pauses.pausedUntil(integrationId);
      if (until > 0) return onWait?.({ kind: 'pause', integrationId, until });
      const gate = gates[0];
      if (gate === undefined) return;
      const configurationId = gate.key.startsWith('configuration:')
        ? gate.key.slice('configuration:'.length)
        : null;
      onWait?.({ kind: 'limit', integrationId, configurationId, limits: gate.limits });
    },
  });
  let isDisposed = false;

  listener.on('message', (_channel, message: string) => {
    const announced = limitMessageOf(message);
    if (announced?.kind === 'released') lines.wakeLinesWith(announced.gateKey);
    else if (announced?.kind === 'paused') pauses.note(announced.integrationId, announced.forMs);
  });

  const ready = Promise.all([listener.subscribe(limitChannel), commands.ping()]).then(() => undefined);
  ready.catch((error: unknown) => options.log(`rate limit: ${(error as Error).message}`));

  return {
    ready,
    take: (request) => {
      const gates = limitedGatesOf(request);
      if (gates.length > 0) return lines.queue(request, gates);
      if (!pauses.isKnown(request.integrationId))
        return pauses.learn(request.integrationId).then(() => pauses.waitOut(request));
      if (!pauses.isPaused(request.integrationId)) return freePlace;
      return pauses.waitOut(request);
    },
    limitsChanged: (current) => lines.limitsChanged(current),
    pause: (integrationId, forMs) => {
      if (!(forMs > 0) || isDisposed) return;
      const capped = Math.ceil(Math.min(forMs, longestRateLimitPauseMs));
      pauses.note(integrationId, capped);
      scripts
        .rbdLimitPause(1, pauseKeyOf(integrationId), capped, limitChannel, integrationId)
        .catch((error: unknown) =>
          options.log(`rate limit: a pause was not shared: ${(error as Error).message}`),
        );
    },
    dispose: async () => {
      isDisposed = true;
      lines.dispose();
      listener.disconnect();
      await closeConnection(commands);
    },
  };
}
