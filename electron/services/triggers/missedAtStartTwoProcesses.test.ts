/**
 * Runs missed while the app was closed, with two processes starting on the data folder at the
 * same moment (the app and `serve`, or two `serve`s): each finds the same missed runs, and the
 * trigger log says them once. Two backends on one temp folder stand for the two processes.
 */
import { describe, expect, it } from 'vitest';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { fakeScheduleClock, publishedEveryMinute } from './testSupport/scheduleClock';

describe('runs missed while closed, two processes starting together on the folder', () => {
  it('are logged once, not once per process', async () => {
    const dataDirectory = temporaryDirectory();
    const first = fakeScheduleClock('2026-11-23T10:00:30.000Z');
    const before = startBackend(dataDirectory, undefined, { scheduleClock: first.clock });
    await before.triggersReady;
    const runbookId = await publishedEveryMinute(before);
    first.advance(60_000);
    stopBackend(before);

    // Three hours later the app and `serve` start at once: 180 runs fell due meanwhile.
    const later = fakeScheduleClock('2026-11-23T13:01:10.000Z');
    const app = startBackend(dataDirectory, undefined, { scheduleClock: later.clock });
    const serve = startBackend(dataDirectory, undefined, { scheduleClock: later.clock });
    await Promise.all([app.triggersReady, serve.triggersReady]);
    for (const backend of [app, serve])
      await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    const status = await inProcessApi(app).call('runbooks.triggers', { id: runbookId });
    const missed = status.events.filter((event) => event.outcome === 'missed');
    expect(missed.map((event) => event.message)).toHaveLength(1);
    expect(missed[0]?.message).toMatch(/^180 scheduled runs were missed/);
  });
});
