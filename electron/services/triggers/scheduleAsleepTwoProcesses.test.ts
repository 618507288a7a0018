/**
 * A schedule with two processes open on its data folder (the app and `serve`) when the computer
 * wakes from a sleep over several fire times: the latest runs once, and the trigger log says once
 * how many runs were missed, not once per process. Two backends on one temp folder stand for the
 * two processes, sharing one clock whose timers, like setTimeout's, do not count while suspended.
 */
import { describe, expect, it } from 'vitest';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { publishedEveryMinute, suspendableClock } from './testSupport/scheduleClock';

describe('a schedule with two processes open on its data folder, the computer asleep', () => {
  it('runs the latest time once on waking and logs the missed runs once', async () => {
    const { clock, advance, suspend } = suspendableClock('2026-11-23T10:00:30.000Z');
    const dataDirectory = temporaryDirectory();
    const app = startBackend(dataDirectory, undefined, { scheduleClock: clock });
    await app.triggersReady;
    const runbookId = await publishedEveryMinute(app);
    const serve = startBackend(dataDirectory, undefined, { scheduleClock: clock });
    await serve.triggersReady;

    advance(60_000); // 10:01:30, fired 10:01
    suspend(5 * 60_000); // asleep until 10:06:30: 10:02 to 10:06 pass unseen
    advance(60_000); // the timers end: 10:07:30

    for (const backend of [app, serve]) await inProcessApi(backend).call('runs.list', { runbookId });
    const status = await inProcessApi(app).call('runbooks.triggers', { id: runbookId });
    const outcomes = status.events.map((event) => `${event.outcome} ${event.message}`).reverse();
    expect(outcomes).toEqual([
      'started Run started.',
      'missed 5 scheduled runs were missed while the app was closed or the computer asleep (the last due Mon, 23 Nov 2026, 10:06 UTC).',
      'started Run started.',
    ]);
    const runs = await inProcessApi(app).call('runs.list', { runbookId });
    expect(runs.map((run) => run.trigger)).toEqual(['schedule', 'schedule']);
  });
});
