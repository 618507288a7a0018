/**
 * Why a request waits before it leaves (PRODUCT.md §9): for a place under its integration's (or
 * configuration's) shared rate limit, or for a Retry-After pause the integration asked for. The
 * limiter tells it as the wait begins (`RateLimitWait`, by ids); the window is told it by name
 * (`RateLimitWaitNote`) and words it with the time in the user's own clock (`rateLimitWaitNoteText`).
 */
import { z } from 'zod';
import { countText } from './countText';
import { rateLimitsSchema, type RateLimits } from './rateLimits';

/** What the limiter tells as a request starts waiting (the pause's end in ms since the epoch). */
export type RateLimitWait =
  | { kind: 'limit'; integrationId: string; configurationId: string | null; limits: RateLimits }
  | { kind: 'pause'; integrationId: string; until: number };

/**
 * Told when a request starts waiting, and with null once the wait is over (the request left, or
 * gave up its place). Only called when there is a wait: a request that goes at once calls nothing.
 */
export type RateLimitWaitListener = (wait: RateLimitWait | null) => void;

/**
 * Where the request that waits is, when it is not the step's own: a Run runbook step's child run
 * (or a run that one started) waits at its step `stepName` of the runbook `runbookName`.
 */
const inChild = z.object({ runbookName: z.string(), stepName: z.string() }).optional();

/** A wait as a window shows it: whose limits (by name), or until when the integration asked to wait. */
export const rateLimitWaitNoteSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('limit'),
    inChild,
    integrationName: z.string(),
    /** The configuration whose own limits hold the request, or null: the integration's. */
    configurationName: z.string().nullable(),
    limits: rateLimitsSchema,
  }),
  z.object({
    kind: z.literal('pause'),
    inChild,
    integrationName: z.string(),
    /** When the pause ends, ISO 8601. */
    until: z.string(),
  }),
]);
export type RateLimitWaitNote = z.infer<typeof rateLimitWaitNoteSchema>;

/** "5 requests a minute", "1 request a second, 2 at a time". */
export function rateLimitsText(limits: RateLimits): string {
  const count = (n: number) => `${countText(n)} ${n === 1 ? 'request' : 'requests'}`;
  const parts: string[] = [];
  if (limits.requestsPerSecond !== null) parts.push(`${count(limits.requestsPerSecond)} a second`);
  if (limits.requestsPerMinute !== null) parts.push(`${count(limits.requestsPerMinute)} a minute`);
  if (limits.concurrentRequests !== null) parts.push(`${countText(limits.concurrentRequests)} at a time`);
  return parts.join(', ');
}

/**
 * The note in words: "Waiting for the rate limit of Acme PSA (5 requests a minute)", or "Acme PSA
 * asked to wait until 14:32:10 (Retry-After)"; `timeOf` writes an ISO time in the reader's clock.
 * A child run's wait says where it is: '…, at step "Ping" of runbook "Check Acme"'.
 */
export function rateLimitWaitNoteText(note: RateLimitWaitNote, timeOf: (iso: string) => string): string {
  const where =
    note.inChild === undefined
      ? ''
      : `, at step "${note.inChild.stepName}" of runbook "${note.inChild.runbookName}"`;
  return `${ownWaitText(note, timeOf)}${where}`;
}

/** What holds the request, in a word or two, where there is no room for the note: "rate limit". */
export function rateLimitWaitLabel(note: RateLimitWaitNote): string {
  return note.kind === 'pause' ? 'Retry-After' : 'rate limit';
}

/** The wait in words, wherever the request is. */
function ownWaitText(note: RateLimitWaitNote, timeOf: (iso: string) => string): string {
  if (note.kind === 'pause')
    return `${note.integrationName} asked to wait until ${timeOf(note.until)} (Retry-After)`;
  const whose =
    note.configurationName === null
      ? note.integrationName
      : `${note.integrationName}, configuration ${note.configurationName}`;
  const limits = rateLimitsText(note.limits);
  return `Waiting for the rate limit of ${whose}${limits === '' ? '' : ` (${limits})`}`;
}
