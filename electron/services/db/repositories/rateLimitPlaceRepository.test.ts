/** The places every process on a data folder holds, on a real database, each time given as `now`. */
import { describe, expect, it } from 'vitest';
import { noRateLimits, type RateLimits } from '../../../../shared/domain/rateLimits';
import { temporaryDatabase } from '../../testSupport/temporaryDatabase';
import { createRateLimitPlaceRepository, type FolderTakeInput } from './rateLimitPlaceRepository';

const limits = (set: Partial<RateLimits>): RateLimits => ({ ...noRateLimits, ...set });
const t0 = 1_800_000_000_000;

/** A take by `holder` through the integration's gate, every other holder living unless `gone` names it. */
const by = (holder: string, gateLimits: RateLimits, gone: string[] = []): FolderTakeInput => ({
  holder,
  integrationId: 'crm',
  gates: [{ key: 'integration:crm', limits: gateLimits }],
  leaseMs: 30_000,
  isGone: (name) => gone.includes(name),
});

describe('the rate limit places of a data folder', () => {
  it('gives the last place at once to one process only; the other waits for it to be given back', () => {
    const places = createRateLimitPlaceRepository(temporaryDatabase());
    const one = limits({ concurrentRequests: 1 });
    const taken = places.tryTake(by('app', one), t0);
    expect(taken).toMatchObject({ ids: [expect.any(Number)] });
    expect(places.tryTake(by('serve', one), t0)).toEqual({ waitMs: Number.POSITIVE_INFINITY });
    places.release(
      [{ id: (taken as { ids: number[] }).ids[0] ?? 0, countsSecond: false, countsMinute: false }],
      t0 + 5,
    );
    expect(places.tryTake(by('serve', one), t0 + 5)).toMatchObject({ ids: [expect.any(Number)] });
  });

  it('counts a place in the second from its start until one second after its answer, whoever held it', () => {
    const places = createRateLimitPlaceRepository(temporaryDatabase());
    const two = limits({ requestsPerSecond: 2 });
    const first = places.tryTake(by('app', two), t0) as { ids: number[] };
    places.tryTake(by('serve', two), t0);
    places.release([{ id: first.ids[0] ?? 0, countsSecond: true, countsMinute: false }], t0 + 100);
    expect(places.tryTake(by('serve', two), t0 + 200)).toEqual({ waitMs: 900 });
    expect(places.tryTake(by('serve', two), t0 + 1100)).toMatchObject({ ids: [expect.any(Number)] });
  });

  it('frees the places of a process gone at once, counted in the windows as answered then', () => {
    const places = createRateLimitPlaceRepository(temporaryDatabase());
    const one = limits({ concurrentRequests: 1, requestsPerMinute: 2 });
    places.tryTake(by('killed', one), t0);
    expect(places.tryTake(by('serve', one), t0 + 10)).toEqual({ waitMs: Number.POSITIVE_INFINITY });
    expect(places.tryTake(by('serve', one, ['killed']), t0 + 20)).toMatchObject({
      ids: [expect.any(Number)],
    });
    // Its request left: it still counts in the minute (2 a minute: this one and the killed one's).
    expect(places.tryTake(by('app', limits({ requestsPerMinute: 2 }), ['killed']), t0 + 30)).toEqual({
      waitMs: 60_000 - 10,
    });
  });

  it('frees a place whose lease lapsed unrenewed, and keeps one renewed', () => {
    const places = createRateLimitPlaceRepository(temporaryDatabase());
    const one = limits({ concurrentRequests: 1 });
    places.tryTake(by('frozen', one), t0);
    places.renew('frozen', t0 + 40_000);
    expect(places.tryTake(by('serve', one), t0 + 35_000)).toEqual({ waitMs: Number.POSITIVE_INFINITY });
    expect(places.tryTake(by('serve', one), t0 + 40_000)).toMatchObject({ ids: [expect.any(Number)] });
  });

  it('holds every process’s requests to a paused integration until the pause ends', () => {
    const places = createRateLimitPlaceRepository(temporaryDatabase());
    places.pause('crm', t0 + 2_000);
    places.pause('crm', t0 + 1_000);
    expect(places.tryTake(by('serve', limits({ requestsPerSecond: 10 })), t0)).toEqual({ waitMs: 2_000 });
    expect(places.tryTake(by('serve', limits({ requestsPerSecond: 10 })), t0 + 2_000)).toMatchObject({
      ids: [expect.any(Number)],
    });
  });
});
