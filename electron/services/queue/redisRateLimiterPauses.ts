/** The Retry-After pauses this process knows of, by integration: what holds a request to an integration without limits. */
import type { Redis } from 'ioredis';
import type { RateLimitedRequest, RateLimitPlace } from '../http/rateLimiter';
import { cancelled, freePlace } from '../http/rateLimiter';
import { pauseKeyOf } from './redisRateLimiterGates';

export interface PauseBookDependencies {
  /** Reads a pause set in Redis before this process listened. */
  commands: Pick<Redis, 'pttl'>;
  log(line: string): void;
  now(): number;
}

export interface PauseBook {
  /** A pause heard of (set here, or announced by another process): a longer one already noted stays. */
  note(integrationId: string, forMs: number): void;
  /** Whether the integration's pause in Redis has been read (or is being read) here. */
  isKnown(integrationId: string): boolean;
  /** Reads, once per integration, a pause set before this process listened. */
  learn(integrationId: string): Promise<void>;
  /** Whether the integration is paused now, as this process heard. */
  isPaused(integrationId: string): boolean;
  /** When the integration's pause ends (ms since the epoch), as this process heard; 0 when not paused. */
  pausedUntil(integrationId: string): number;
  /** Holds the request while its integration is paused, as this process heard. */
  waitOut(request: RateLimitedRequest): Promise<RateLimitPlace>;
}

export function createPauseBook(deps: PauseBookDependencies): PauseBook {
  const { now } = deps;
  /** Integration id → when its pause ends here (performance.now()). */
  const pausedUntil = new Map<string, number>();
  /** Integrations whose pause in Redis this process has read (a later pause comes by pub/sub). */
  const knownIntegrations = new Map<string, Promise<void>>();

  const note = (integrationId: string, forMs: number) => {
    if (!(forMs > 0)) return;
    const until = now() + forMs;
    if ((pausedUntil.get(integrationId) ?? 0) < until) pausedUntil.set(integrationId, until);
  };

  /** An integration without limits: held only while paused (as this process heard). */
  async function waitOut(request: RateLimitedRequest): Promise<RateLimitPlace> {
    const startedAt = now();
    for (let rounds = 0; rounds < 100; rounds += 1) {
      const left = (pausedUntil.get(request.integrationId) ?? 0) - now();
      if (left <= 0) break;
      if (rounds === 0)
        request.onWait?.({ kind: 'pause', integrationId: request.integrationId, until: Date.now() + left });
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

  return {
    note,
    isKnown: (integrationId) => knownIntegrations.has(integrationId),
    learn: (integrationId) => {
      let known = knownIntegrations.get(integrationId);
      if (known === undefined) {
        known = deps.commands
          .pttl(pauseKeyOf(integrationId))
          .then((left) => note(integrationId, left))
          .catch((error: unknown) => deps.log(`rate limit: ${(error as Error).message}`));
        knownIntegrations.set(integrationId, known);
      }
      return known;
    },
    isPaused: (integrationId) => (pausedUntil.get(integrationId) ?? 0) > now(),
    pausedUntil: (integrationId) => {
      const left = (pausedUntil.get(integrationId) ?? 0) - now();
      return left > 0 ? Date.now() + left : 0;
    },
    waitOut,
  };
}
