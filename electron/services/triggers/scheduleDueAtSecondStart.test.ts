/**
 * A schedule due at the very moment a second process opens its data folder (the app open, `serve`
 * starting): the open process is about to fire that time — its timer ends a moment late, as
 * timers do — so the starting one must not report it missed, and the run happens once. And the
 * opposite: when the open process closes just then, without firing, the run still happens. Two
 * backends on one temp folder stand for the two processes, sharing a clock whose wall time the
 * test moves on past a fire time before the open process's timer ends.
 */
import { describe, expect, it } from 'vitest';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { publishedEveryMinute, suspendableClock } from './testSupport/scheduleClock';

type Backend = ReturnType<typeof startBackend>;

/** The app open with a schedule every minute, fired at 10:01, at 10:02:00.5 with its timer for 10:02 not yet ended. */
async function appLateForTenOhTwo() {
  const { clock, advance, suspend } = suspendableClock('2026-11-23T10:00:30.000Z');
  const dataDirectory = temporaryDirectory();
  const app = startBackend(dataDirectory, undefined, { scheduleClock: clock });
  await app.triggersReady;
  const runbookId = await publishedEveryMinute(app);
  advance(60_000); // 10:01:30, fired 10:01
  advance(29_000); // 10:01:59, the timer for 10:02 ends in a second
  suspend(1_500); // the wall clock reaches 10:02:00.5 before that timer ends
  return { app, runbookId, advance, dataDirectory, clock };
}

/** The trigger log, oldest first, once every process has written its records. */
async function logOf(backends: Backend[], runbookId: string) {
  for (const backend of backends) await inProcessApi(backend).call('runs.list', { runbookId });
  const status = await inProcessApi(backends[0] as Backend).call('runbooks.triggers', { id: runbookId });
  return status.events.map((event) => `${event.outcome} ${event.message}`).reverse();
}

async function runsOf(backends: Backend[], runbookId: string) {
  for (const backend of backends) await inProcessApi(backend).call('runs.list', { runbookId });
  return await inProcessApi(backends[0] as Backend).call('runs.list', { runbookId });
}

describe('a schedule due just as a second process opens its data folder', () => {
  it('runs that time once and does not report it missed', async () => {
    const { app, runbookId, advance, dataDirectory, clock } = await appLateForTenOhTwo();
    const serve = startBackend(dataDirectory, undefined, { scheduleClock: clock });
    await serve.triggersReady;
    advance(1_000); // the app's timer ends: 10:02:01.5
    expect(await logOf([app, serve], runbookId)).toEqual(['started Run started.', 'started Run started.']);
    const runs = await runsOf([app, serve], runbookId);
    expect(runs.map((run) => run.trigger)).toEqual(['schedule', 'schedule']);
  });

  it('runs that time once when the open process closes before firing it', async () => {
    const { app, runbookId, advance, dataDirectory, clock } = await appLateForTenOhTwo();
    const serve = startBackend(dataDirectory, undefined, { scheduleClock: clock });
    await serve.triggersReady;
    stopBackend(app);
    advance(1_000);
    expect(await logOf([serve], runbookId)).toEqual(['started Run started.', 'started Run started.']);
    expect(await runsOf([serve], runbookId)).toHaveLength(2);
  });
});
