/**
 * The HTTP core's two touch points with the shared rate limiter, kept apart so the request path
 * holds only two calls: take a place before an attempt leaves, and pause the integration when an
 * answer asks for it (a 429 or 503 with Retry-After, when the integration honours throttling).
 */
import type { RateLimits } from '../../../shared/domain/rateLimits';
import type { RateLimitWaitListener } from '../../../shared/domain/rateLimitWait';
import type { RateLimiter, RateLimitPlace } from './rateLimiter';
import type { AttemptOutcome } from './retryPolicy';
import { parseRetryAfter } from './retryPolicy';

/** What of a send the limiter reads (a structural part of the HTTP core's SendInput). */
export interface RateLimitedSend {
  integrationId: string;
  integration: {
    behaviour: { rateLimits?: RateLimits | undefined; throttle: { isEnabled: boolean } };
  };
  configuration: { rateLimits?: { configurationId: string; limits: RateLimits | null } | undefined } | null;
  signal?: AbortSignal | undefined;
  /** Told why the request waits, only when it does (see RateLimitWaitListener). */
  onRateLimitWait?: RateLimitWaitListener | undefined;
}

const noLimiterPlace: RateLimitPlace = { waitedMs: 0, release: () => undefined };

/** A place for the next attempt: at once (no promise) without limits or a pause. */
export function takePlace(
  limiter: RateLimiter | undefined,
  send: RateLimitedSend,
): RateLimitPlace | Promise<RateLimitPlace> {
  if (limiter === undefined) return noLimiterPlace;
  const own = send.configuration?.rateLimits;
  return limiter.take({
    integrationId: send.integrationId,
    integrationLimits: send.integration.behaviour.rateLimits,
    configuration: own === undefined ? undefined : { id: own.configurationId, limits: own.limits },
    signal: send.signal,
    onWait: send.onRateLimitWait,
  });
}

/**
 * The place a request waits for (the slow path only): once it has it, or gave it up, whoever was
 * told of the wait is told it is over.
 */
export async function placeAfterWait(
  waiting: Promise<RateLimitPlace>,
  send: RateLimitedSend,
): Promise<RateLimitPlace> {
  try {
    return await waiting;
  } finally {
    send.onRateLimitWait?.(null);
  }
}

/**
 * A 429 or 503 that says when to come back pauses every request to the integration until then
 * (capped by the limiter at ten minutes), not only the one that got it.
 */
export function pauseAsAsked(
  limiter: RateLimiter | undefined,
  send: RateLimitedSend,
  outcome: AttemptOutcome,
  nowMs: number,
): void {
  if (limiter === undefined || outcome.kind !== 'response') return;
  if (outcome.status !== 429 && outcome.status !== 503) return;
  if (!send.integration.behaviour.throttle.isEnabled) return;
  const delayMs = parseRetryAfter(outcome.retryAfter, nowMs);
  if (delayMs !== undefined && delayMs > 0) limiter.pause(send.integrationId, delayMs);
}
