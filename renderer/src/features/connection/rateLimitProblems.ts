/** The rate limits section's fields, and what the schema says of the values typed into them. */
import { rateLimitsSchema, type RateLimits } from '../../../../shared/domain/rateLimits';

/** The three limits as the section shows them. */
export const rateLimitFields = [
  {
    name: 'requestsPerSecond',
    label: 'Requests per second',
    hint: 'At most this many requests start in any one second. Empty: no limit.',
  },
  {
    name: 'requestsPerMinute',
    label: 'Requests per minute',
    hint: 'At most this many requests start in any one minute. Empty: no limit.',
  },
  {
    name: 'concurrentRequests',
    label: 'Concurrent requests',
    hint: 'At most this many requests wait for their answer at once. Empty: no limit.',
  },
] as const satisfies readonly { name: keyof RateLimits; label: string; hint: string }[];

/** What the schema says of each limit, by field name; empty when all are acceptable. */
export function rateLimitProblems(limits: RateLimits): Partial<Record<keyof RateLimits, string>> {
  const problems: Partial<Record<keyof RateLimits, string>> = {};
  for (const field of rateLimitFields) {
    const parsed = rateLimitsSchema.shape[field.name].safeParse(limits[field.name]);
    if (!parsed.success) problems[field.name] = parsed.error.issues[0]?.message ?? 'Not a valid limit';
  }
  return problems;
}
