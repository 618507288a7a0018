/** A request's wait for the rate limit in words, as this window writes a time of day. */
import { rateLimitWaitNoteText, type RateLimitWaitNote } from '../../../shared/domain/rateLimitWait';

/** An ISO time as this window's clock and language write a time of day. */
const localTime = (iso: string) => new Date(iso).toLocaleTimeString();

/** The wait in words, its times in this window's clock. */
export const rateLimitWaitWords = (wait: RateLimitWaitNote): string => rateLimitWaitNoteText(wait, localTime);
