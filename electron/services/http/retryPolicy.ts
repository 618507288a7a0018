/**
 * The integration proxy's retry and throttle decisions (PRODUCT.md §1 Behaviour), as a pure
 * function of what happened: the HTTP core asks after every attempt whether and how long to wait.
 *
 * 1. A 429 or 503 is throttling: wait as Retry-After says (seconds or HTTP date), else back off.
 *    With throttle handling off a 429 is the answer, and a 503 is a failure like any 5xx.
 * 2. A network error, a 5xx or a 408 is a failure: back off exponentially with full jitter.
 * 3. POST and PATCH are not idempotent: after a response, or when the request may have reached
 *    the server, they are retried only when the method says it is safe, or after a 429, which
 *    says the request was turned away unprocessed (a 503 proves nothing: never, unless safe).
 * 4. Never more than maxAttempts, never more than maxTotalWaitMs of waiting in all.
 */
import type { Behaviour } from '../../../shared/domain/integrationDefinition';

export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfter?: string | undefined }
  /** wasSent: the request may have reached the server (false for refused or DNS failures). */
  | { kind: 'networkError'; wasSent: boolean };

export interface RetryInput {
  outcome: AttemptOutcome;
  /** 1 for the first attempt. */
  attempt: number;
  httpMethod: string;
  isRetrySafe: boolean;
  behaviour: Behaviour;
  /** Waited so far for this request, in ms. */
  waitedMs: number;
  nowMs: number;
  /** 0 ≤ random < 1, injected for tests. */
  random: number;
}

export type RetryDecision =
  { retry: false; reason: string } | { retry: true; delayMs: number; reason: string };

const nonIdempotent = new Set(['POST', 'PATCH']);

/** The reason of a retry whose wait Retry-After set. */
export const asRetryAfterSays = 'as Retry-After says';

export function decideRetry(input: RetryInput): RetryDecision {
  const { outcome, behaviour } = input;
  // With throttle handling off, a 503 is the 5xx it is: retried (or not) as retry says, Retry-After unread.
  const isThrottled =
    outcome.kind === 'response' &&
    (outcome.status === 429 || (outcome.status === 503 && behaviour.throttle.isEnabled));
  const isFailure =
    outcome.kind === 'networkError' ||
    (outcome.kind === 'response' && (outcome.status >= 500 || outcome.status === 408));
  if (!isThrottled && !isFailure) return { retry: false, reason: 'final answer' };
  if (isThrottled ? !behaviour.throttle.isEnabled : !behaviour.retry.isEnabled) {
    return { retry: false, reason: isThrottled ? 'throttle handling is off' : 'retry is off' };
  }
  if (input.attempt >= behaviour.retry.maxAttempts) return { retry: false, reason: 'no attempts left' };
  const mayHaveReached = outcome.kind === 'response' || outcome.wasSent;
  // A 429 turns the request away before doing it (RFC 6585): sending it again repeats nothing.
  const wasTurnedAway = outcome.kind === 'response' && outcome.status === 429;
  if (
    nonIdempotent.has(input.httpMethod.toUpperCase()) &&
    mayHaveReached &&
    !input.isRetrySafe &&
    !wasTurnedAway
  ) {
    return { retry: false, reason: `${input.httpMethod} is not retried once it may have reached the server` };
  }
  const backoff = backoffDelay(input.attempt, behaviour, input.random);
  const hinted =
    isThrottled && outcome.kind === 'response' ? parseRetryAfter(outcome.retryAfter, input.nowMs) : undefined;
  const delayMs = hinted ?? backoff;
  const budget = behaviour.throttle.maxTotalWaitMs - input.waitedMs;
  if (delayMs > budget) {
    return { retry: false, reason: `waiting ${String(delayMs)} ms would pass the total wait limit` };
  }
  return { retry: true, delayMs, reason: hinted === undefined ? 'backing off' : asRetryAfterSays };
}

/** Exponential backoff with full jitter: random in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelay(attempt: number, behaviour: Behaviour, random: number): number {
  const ceiling = Math.min(behaviour.retry.maxDelayMs, behaviour.retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random);
}

/**
 * The three forms of an HTTP date (RFC 9110 §5.6.7): IMF-fixdate, the obsolete RFC 850 form and
 * asctime's, which names no zone (it is GMT). Date.parse alone reads far more: V8 takes almost any
 * word and number for a date ("soon, 2099" is the year 2099, "later 2" February 2001), which
 * paused an integration for ten minutes, or retried at once, on a header that says nothing.
 */
const httpDateForms: readonly { form: RegExp; zone: string }[] = [
  { form: /^[a-z]{3}, \d{2} [a-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/i, zone: '' },
  { form: /^[a-z]{6,9}, \d{2}-[a-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/i, zone: '' },
  { form: /^[a-z]{3} [a-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/i, zone: ' GMT' },
];

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const dated = httpDateForms.find(({ form }) => form.test(trimmed));
  if (dated === undefined) return undefined;
  const date = Date.parse(trimmed + dated.zone);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
