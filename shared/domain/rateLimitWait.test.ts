import { describe, expect, it } from 'vitest';
import { noRateLimits } from './rateLimits';
import { rateLimitWaitNoteText, type RateLimitWaitNote } from './rateLimitWait';

const limit = (
  limits: Partial<typeof noRateLimits>,
  configurationName: string | null = null,
): RateLimitWaitNote => ({
  kind: 'limit',
  integrationName: 'Acme PSA',
  configurationName,
  limits: { ...noRateLimits, ...limits },
});

describe('a wait for the rate limit in words', () => {
  it.each([
    [limit({ requestsPerMinute: 5 }), 'Waiting for the rate limit of Acme PSA (5 requests a minute)'],
    [limit({ requestsPerMinute: 1 }), 'Waiting for the rate limit of Acme PSA (1 request a minute)'],
    [
      limit({ requestsPerSecond: 1, requestsPerMinute: 10_000, concurrentRequests: 2 }),
      'Waiting for the rate limit of Acme PSA (1 request a second, 10,000 requests a minute, 2 at a time)',
    ],
    [
      limit({ concurrentRequests: 1 }, 'Globex'),
      'Waiting for the rate limit of Acme PSA, configuration Globex (1 at a time)',
    ],
    [limit({}), 'Waiting for the rate limit of Acme PSA'],
  ])('%j reads "%s"', (note, text) => {
    expect(rateLimitWaitNoteText(note, () => '')).toBe(text);
  });

  it('says until when a Retry-After pause holds, in the reader’s clock', () => {
    const note: RateLimitWaitNote = {
      kind: 'pause',
      integrationName: 'Acme PSA',
      until: '2026-03-01T14:32:10.000Z',
    };
    expect(rateLimitWaitNoteText(note, (iso) => (iso === note.until ? '15:32:10' : '?'))).toBe(
      'Acme PSA asked to wait until 15:32:10 (Retry-After)',
    );
  });

  it('says where a child run waits, after the same words', () => {
    const inChild = { runbookName: 'Check Acme', stepName: 'Ping' };
    expect(rateLimitWaitNoteText({ ...limit({ requestsPerMinute: 1 }), inChild }, () => '')).toBe(
      'Waiting for the rate limit of Acme PSA (1 request a minute), at step "Ping" of runbook "Check Acme"',
    );
    const pause: RateLimitWaitNote = {
      kind: 'pause',
      integrationName: 'Acme PSA',
      until: '2026-03-01T14:32:10.000Z',
      inChild,
    };
    expect(rateLimitWaitNoteText(pause, () => '15:32:10')).toBe(
      'Acme PSA asked to wait until 15:32:10 (Retry-After), at step "Ping" of runbook "Check Acme"',
    );
  });
});
