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
 *   place back (pub/sub).
 * - An integration without limits asks Redis nothing: a pause reaches every process by pub/sub
 *   and is kept here until it ends (its first request in a process reads a pause set before).
 * - Keys live under `rbd:limits:` and name only integration and configuration ids.
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { hasRateLimits, longestRateLimitPauseMs, type RateLimits } from '../../../shared/domain/rateLimits';
import { NetworkError } from '../http/networkError';
import type { RateLimitedRequest, RateLimiter, RateLimitPlace } from '../http/rateLimiter';
import { closeConnection, watchConnection, type QueueConnection } from './queueAddress';
import { keyPrefix } from './queueMessages';
import { pauseScript, releaseScript, renewScript, takeScript } from './redisRateLimiterScripts';

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

/** The prefix of the limiter's keys, and the channel on which places and pauses are announced. */
export const limitKeyPrefix = `${keyPrefix}:limits:`;
export const limitChannel = `${keyPrefix}:limits`;

interface Gate {
  key: string;
  limits: RateLimits;
}

interface Waiter {
  request: RateLimitedRequest;
  gates: Gate[];
  startedAt: number;
  admit(place: RateLimitPlace): void;
  refuse(error: Error): void;
}

/** One FIFO per set of gates; its head asks Redis. */
interface Line {
  waiters: Waiter[];
  isAsking: boolean;
  wasWoken: boolean;
  timer: NodeJS.Timeout | undefined;
}

interface LimitCommands {
  rbdLimitTake(numberOfKeys: number, ...args: (string | number)[]): Promise<[number, number?, number?]>;
  rbdLimitRelease(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
  rbdLimitRenew(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
  rbdLimitPause(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
}

const freePlace: RateLimitPlace = { waitedMs: 0, release: () => undefined };
const cancelled = () =>
  new NetworkError('ABORTED', 'The run was cancelled while its request waited for the rate limit.', false);
const pauseKeyOf = (integrationId: string) => `${limitKeyPrefix}integration:${integrationId}:pause`;
const setsOf = (gate: Gate) =>
  ['flight', 'second', 'minute'].map((set) => `${limitKeyPrefix}${gate.key}:${set}`);
const count = (limit: number | null) => limit ?? 0;

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const leaseMs = options.leaseMs ?? 30_000;
  const answerTimeoutMs = options.answerTimeoutMs ?? 30_000;
  // Its own bound: the queue's connections wait for Redis as long as it takes (BullMQ needs
  // that), but a request must not. ioredis counts it from the command, queued offline or not.
  const commands = watchConnection(
    new Redis({ ...options.connection, commandTimeout: answerTimeoutMs }),
    'the rate limiter',
    options.log,
  );
  const listener = watchConnection(new Redis(options.connection), 'the rate limiter’s listener', options.log);
  for (const [name, lua] of [
    ['rbdLimitTake', takeScript],
    ['rbdLimitRelease', releaseScript],
    ['rbdLimitRenew', renewScript],
    ['rbdLimitPause', pauseScript],
  ] as const)
    commands.defineCommand(name, { lua });
  const scripts = commands as unknown as LimitCommands;
  const now = () => performance.now();
  const lines = new Map<string, Line>();
  /** Integration id → when its pause ends here (performance.now()). */
  const pausedUntil = new Map<string, number>();
  /** Integrations whose pause in Redis this process has read (a later pause comes by pub/sub). */
  const knownIntegrations = new Map<string, Promise<void>>();
  /** Leases held here, with the flight sets they sit in, renewed while held. */
  const held = new Map<string, string[]>();
  let isDisposed = false;

  const renewal = setInterval(
    () => {
      if (held.size === 0) return;
      const byKeys = new Map<string, string[]>();
      for (const [lease, flights] of held) {
        const key = flights.join(' ');
        byKeys.set(key, [...(byKeys.get(key) ?? []), lease]);
      }
      for (const [key, leases] of byKeys) {
        const flights = key.split(' ');
        scripts
          .rbdLimitRenew(flights.length, ...flights, leaseMs, ...leases)
          .catch((error: unknown) =>
            options.log(`rate limit: a lease was not renewed: ${(error as Error).message}`),
          );
      }
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  renewal.unref();

  listener.on('message', (_channel, message: string) => {
    const [kind, name = '', ms = '0'] = message.split(' ');
    if (kind === 'released') wakeLinesWith(name);
    else if (kind === 'paused') notePause(name, Number(ms));
  });

  function notePause(integrationId: string, forMs: number) {
    if (!(forMs > 0)) return;
    const until = now() + forMs;
    if ((pausedUntil.get(integrationId) ?? 0) < until) pausedUntil.set(integrationId, until);
  }

  function wakeLinesWith(gateKey: string) {
    for (const [key, line] of lines) {
      if (!key.split('|').includes(gateKey)) continue;
      if (line.isAsking) line.wasWoken = true;
      else if (line.timer !== undefined) {
        clearTimeout(line.timer);
        line.timer = undefined;
        void ask(key, line);
      }
    }
  }

  const gatesOf = (request: RateLimitedRequest): Gate[] => {
    const gates: Gate[] = [];
    const configuration = request.configuration;
    if (configuration !== undefined && hasRateLimits(configuration.limits))
      gates.push({ key: `configuration:${configuration.id}`, limits: configuration.limits });
    if (hasRateLimits(request.integrationLimits))
      gates.push({ key: `integration:${request.integrationId}`, limits: request.integrationLimits });
    return gates;
  };

  function placeOf(lease: string, gates: Gate[], waitedMs: number): RateLimitPlace {
    const flights = gates.map((gate) => setsOf(gate)[0] ?? '');
    held.set(lease, flights);
    let isReleased = false;
    return {
      waitedMs,
      release: () => {
        if (isReleased) return;
        isReleased = true;
        held.delete(lease);
        if (isDisposed) return;
        const keys = gates.flatMap(setsOf);
        const args = gates.flatMap((gate) => [
          gate.key,
          gate.limits.requestsPerSecond === null ? 0 : 1,
          gate.limits.requestsPerMinute === null ? 0 : 1,
        ]);
        scripts
          .rbdLimitRelease(keys.length, ...keys, lease, limitChannel, ...args)
          .catch((error: unknown) =>
            options.log(`rate limit: a place was not given back: ${(error as Error).message}`),
          );
        // Asked after the release on the same connection, so Redis sees the place back first.
        for (const gate of gates) wakeLinesWith(gate.key);
      },
    };
  }

  /** The head of the line asks Redis for a place; admitted, the next asks at once. */
  async function ask(key: string, line: Line): Promise<void> {
    const head = line.waiters[0];
    if (head === undefined || line.isAsking || isDisposed) {
      if (line.waiters.length === 0 && !line.isAsking && line.timer === undefined) lines.delete(key);
      return;
    }
    line.isAsking = true;
    line.wasWoken = false;
    const lease = crypto.randomUUID();
    const keys = [pauseKeyOf(head.request.integrationId), ...head.gates.flatMap(setsOf)];
    const args = head.gates.flatMap((gate) => [
      count(gate.limits.concurrentRequests),
      count(gate.limits.requestsPerSecond),
      count(gate.limits.requestsPerMinute),
    ]);
    let answer: [number, number?, number?];
    try {
      answer = await scripts.rbdLimitTake(keys.length, ...keys, lease, leaseMs, ...args);
    } catch (error) {
      line.isAsking = false;
      line.waiters.shift();
      head.refuse(
        new NetworkError(
          'ENETWORK',
          `The request was not sent: the shared rate limit could not be checked in Redis (${(error as Error).message}${(error as Error).message === 'Command timed out' ? `: no answer within ${String(Math.round(answerTimeoutMs / 1000))} s` : ''}).`,
          false,
        ),
      );
      return ask(key, line);
    }
    line.isAsking = false;
    if (answer[0] === 1) {
      const place = placeOf(lease, head.gates, Math.max(0, now() - head.startedAt));
      if (line.waiters[0] === head) {
        line.waiters.shift();
        head.admit(place);
      } else place.release(); // It was cancelled while Redis answered.
      return ask(key, line);
    }
    if (line.wasWoken) return ask(key, line);
    const waitMs = Math.max(1, Math.min(answer[1] ?? leaseMs, leaseMs));
    line.timer = setTimeout(() => {
      line.timer = undefined;
      void ask(key, line);
    }, waitMs);
  }

  function queue(request: RateLimitedRequest, gates: Gate[]): Promise<RateLimitPlace> {
    return new Promise<RateLimitPlace>((resolve, reject) => {
      const signal = request.signal;
      if (signal?.aborted === true) return reject(cancelled());
      const key = gates.map((gate) => gate.key).join('|');
      let line = lines.get(key);
      if (line === undefined) {
        line = { waiters: [], isAsking: false, wasWoken: false, timer: undefined };
        lines.set(key, line);
      }
      const onAbort = () => {
        const waiters = lines.get(key)?.waiters ?? [];
        const index = waiters.indexOf(waiter);
        if (index >= 0) waiters.splice(index, 1);
        reject(cancelled());
      };
      const waiter: Waiter = {
        request,
        gates,
        startedAt: now(),
        admit: (place) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(place);
        },
        refuse: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      line.waiters.push(waiter);
      if (line.waiters.length === 1 && line.timer === undefined) void ask(key, line);
    });
  }

  /** An integration without limits: held only while paused (as this process heard). */
  async function waitOutPause(request: RateLimitedRequest): Promise<RateLimitPlace> {
    const startedAt = now();
    for (let rounds = 0; rounds < 100; rounds += 1) {
      const left = (pausedUntil.get(request.integrationId) ?? 0) - now();
      if (left <= 0) break;
      await new Promise<void>((resolve, reject) => {
        if (request.signal?.aborted === true) return reject(cancelled());
        const onAbort = () => {
          clearTimeout(timer);
          reject(cancelled());
        };
        const timer = setTimeout(() => {
          request.signal?.removeEventListener('abort', onAbort);
          resolve();
        }, Math.ceil(left));
        request.signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    const waitedMs = Math.max(0, now() - startedAt);
    return waitedMs === 0 ? freePlace : { waitedMs, release: () => undefined };
  }

  /** Reads, once per integration, a pause set before this process listened. */
  function learnPause(integrationId: string): Promise<void> {
    let known = knownIntegrations.get(integrationId);
    if (known === undefined) {
      known = commands
        .pttl(pauseKeyOf(integrationId))
        .then((left) => notePause(integrationId, left))
        .catch((error: unknown) => options.log(`rate limit: ${(error as Error).message}`));
      knownIntegrations.set(integrationId, known);
    }
    return known;
  }

  const ready = Promise.all([listener.subscribe(limitChannel), commands.ping()]).then(() => undefined);
  ready.catch((error: unknown) => options.log(`rate limit: ${(error as Error).message}`));

  return {
    ready,
    take: (request) => {
      const gates = gatesOf(request);
      if (gates.length > 0) return queue(request, gates);
      if (!knownIntegrations.has(request.integrationId))
        return learnPause(request.integrationId).then(() => waitOutPause(request));
      if ((pausedUntil.get(request.integrationId) ?? 0) <= now()) return freePlace;
      return waitOutPause(request);
    },
    pause: (integrationId, forMs) => {
      if (!(forMs > 0) || isDisposed) return;
      const capped = Math.ceil(Math.min(forMs, longestRateLimitPauseMs));
      notePause(integrationId, capped);
      scripts
        .rbdLimitPause(1, pauseKeyOf(integrationId), capped, limitChannel, integrationId)
        .catch((error: unknown) =>
          options.log(`rate limit: a pause was not shared: ${(error as Error).message}`),
        );
    },
    dispose: async () => {
      isDisposed = true;
      clearInterval(renewal);
      for (const line of lines.values()) {
        clearTimeout(line.timer);
        for (const waiter of line.waiters.splice(0))
          waiter.refuse(new NetworkError('ABORTED', 'The app is closing.', false));
      }
      lines.clear();
      listener.disconnect();
      await closeConnection(commands);
    },
  };
}
