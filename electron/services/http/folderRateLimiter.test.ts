/** The limiter shared by the processes on one data folder: two of them on one real database. */
import { describe, expect, it } from 'vitest';
import { noRateLimits, type RateLimits } from '../../../shared/domain/rateLimits';
import { createRateLimitPlaceRepository } from '../db/repositories/rateLimitPlaceRepository';
import { temporaryDatabase } from '../testSupport/temporaryDatabase';
import { createFolderRateLimiter } from './folderRateLimiter';
import { createRateLimiter, type RateLimitedRequest, type RateLimitPlace } from './rateLimiter';

const limits = (set: Partial<RateLimits>): RateLimits => ({ ...noRateLimits, ...set });
const to = (integrationLimits: RateLimits, signal?: AbortSignal): RateLimitedRequest => ({
  integrationId: 'crm',
  integrationLimits,
  signal,
});

/** A process's limiter on the database, every other holder living. */
const processOn = (db: ReturnType<typeof temporaryDatabase>, holder: string) =>
  createFolderRateLimiter({
    inner: createRateLimiter(),
    places: createRateLimitPlaceRepository(db),
    holder,
    isOpenBy: () => true,
    log: () => undefined,
  });

describe('the rate limiter of a data folder', () => {
  it('asks the database nothing for a request without limits', () => {
    const db = temporaryDatabase();
    const limiter = processOn(db, 'app');
    db.close(); // Any statement would now throw.
    const taken = limiter.take(to(noRateLimits));
    expect(taken).not.toBeInstanceOf(Promise);
    expect((taken as RateLimitPlace).waitedMs).toBe(0);
  });

  it('gives a place free in every process at once, without a promise', () => {
    const limiter = processOn(temporaryDatabase(), 'app');
    const taken = limiter.take(to(limits({ concurrentRequests: 1 })));
    expect(taken).not.toBeInstanceOf(Promise);
    limiter.dispose();
  });

  it('holds a request while another process holds the place, and lets it go once given back', async () => {
    const db = temporaryDatabase();
    const [app, serve] = [processOn(db, 'app'), processOn(db, 'serve')];
    const one = limits({ concurrentRequests: 1 });
    const held = app.take(to(one)) as RateLimitPlace;
    const waiting = serve.take(to(one));
    expect(waiting).toBeInstanceOf(Promise);
    let place: RateLimitPlace | undefined;
    void (waiting as Promise<RateLimitPlace>).then((taken) => (place = taken));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(place).toBeUndefined();
    held.release();
    expect((await waiting).waitedMs).toBeGreaterThan(0);
    app.dispose();
    serve.dispose();
  });

  it('ends a cancelled wait at once and gives back its place in its own process', async () => {
    const db = temporaryDatabase();
    const [app, serve] = [processOn(db, 'app'), processOn(db, 'serve')];
    const one = limits({ concurrentRequests: 1 });
    const held = app.take(to(one)) as RateLimitPlace;
    const cancel = new AbortController();
    const waiting = serve.take(to(one, cancel.signal));
    cancel.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'ABORTED' });
    held.release();
    // Its place in the process was given back: the next request of that process goes at once.
    expect(serve.take(to(one))).not.toBeInstanceOf(Promise);
    app.dispose();
    serve.dispose();
  });

  it('counts no place in its own process’s window for a request cancelled in the folder’s line', async () => {
    const db = temporaryDatabase();
    const inner = createRateLimiter();
    const app = processOn(db, 'app');
    const serve = createFolderRateLimiter({
      inner,
      places: createRateLimitPlaceRepository(db),
      holder: 'serve',
      isOpenBy: () => true,
      log: () => undefined,
    });
    const perMinute = limits({ requestsPerMinute: 1 });
    app.take(to(perMinute));
    // serve's request takes its place in serve, then waits for the app's in the folder; cancelled.
    const cancel = new AbortController();
    const waiting = serve.take(to(perMinute, cancel.signal));
    expect(waiting).toBeInstanceOf(Promise);
    cancel.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'ABORTED' });
    // It never left: serve's own gate has its minute unused, and frees as soon as the folder does.
    const next = inner.take(to(perMinute));
    expect(next).not.toBeInstanceOf(Promise);
    app.dispose();
    serve.dispose();
  });

  it('gives back, as it closes, the places it holds', () => {
    const db = temporaryDatabase();
    const [app, serve] = [processOn(db, 'app'), processOn(db, 'serve')];
    const one = limits({ concurrentRequests: 1 });
    app.take(to(one));
    app.dispose();
    expect(serve.take(to(one))).not.toBeInstanceOf(Promise);
    serve.dispose();
  });
});
