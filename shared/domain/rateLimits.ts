/**
 * Rate limits of an integration (and optionally of one of its configurations): how many requests
 * may start per second and per minute, and how many may be in flight at once. Each is optional
 * (null: no such limit). An integration's limits and its configuration's own limits both apply.
 */
import { z } from 'zod';
import { countText } from './countText';

/** Upper bounds that catch a typo (an extra zero or three) without hindering any real API. */
export const rateLimitMaxima = {
  requestsPerSecond: 10_000,
  requestsPerMinute: 600_000,
  concurrentRequests: 1_000,
} as const;

const limit = (max: number, what: string) =>
  z
    .number({ message: `${what} is a whole number` })
    .int({ message: `${what} is a whole number` })
    .min(1, { message: `${what} is at least 1 (leave it empty for no limit)` })
    .max(max, { message: `${what} is at most ${countText(max)}` })
    .nullable()
    .default(null);

export const rateLimitsSchema = z.object({
  requestsPerSecond: limit(rateLimitMaxima.requestsPerSecond, 'Requests per second'),
  requestsPerMinute: limit(rateLimitMaxima.requestsPerMinute, 'Requests per minute'),
  concurrentRequests: limit(rateLimitMaxima.concurrentRequests, 'Concurrent requests'),
});
export type RateLimits = z.infer<typeof rateLimitsSchema>;

export const noRateLimits: RateLimits = {
  requestsPerSecond: null,
  requestsPerMinute: null,
  concurrentRequests: null,
};

/** Whether any limit is set. */
export function hasRateLimits(limits: RateLimits | null | undefined): limits is RateLimits {
  return (
    limits != null &&
    (limits.requestsPerSecond !== null ||
      limits.requestsPerMinute !== null ||
      limits.concurrentRequests !== null)
  );
}

/** The longest a Retry-After may pause an integration, whatever the API says (10 minutes). */
export const longestRateLimitPauseMs = 600_000;
