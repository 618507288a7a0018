/**
 * What a request waits for before it leaves, live (a run's step, a method's Test): "Waiting for
 * the rate limit of Acme PSA (5 requests a minute)", or "Acme PSA asked to wait until 14:32:10
 * (Retry-After)", the time in the user's own clock.
 */
import type { ReactElement } from 'react';
import type { RateLimitWaitNote as Note } from '../../../shared/domain/rateLimitWait';
import { rateLimitWaitWords } from './rateLimitWaitWords';

/** `isOneLine`: cut to one line (the whole text as its tooltip), where a bar has no room to wrap. */
export function RateLimitWaitNote({
  wait,
  isOneLine = false,
}: {
  wait: Note;
  isOneLine?: boolean;
}): ReactElement {
  const text = rateLimitWaitWords(wait);
  return (
    <span
      className={isOneLine ? 'rate-limit-wait-note one-line' : 'rate-limit-wait-note'}
      role="status"
      title={isOneLine ? text : undefined}
    >
      {text}
    </span>
  );
}
