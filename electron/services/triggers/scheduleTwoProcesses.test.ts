/**
 * Schedules with two processes open on one data folder (the app and `serve`, each running the
 * triggers): a schedule fires once per due time, not once per process, and a pause saved in one
 * process holds in the other at once. Two backends on one temp folder stand for the two processes,
 * with one clock whose timers fire when the test moves time on.
 */
import { describe, expect, it } from 'vitest';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { fakeScheduleClock as sharedClock, scheduledDraft as scheduled } from './testSupport/scheduleClock';

type Backend = ReturnType<typeof startBackend>;

/** Two processes on one folder, the second started once the first has published the schedule. */
async function twoProcessesWithSchedule(schedule: Record<string, unknown>) {
  const { clock, advance } = sharedClock('2026-11-23T10:00:30.000Z');
  const dataDirectory = temporaryDirectory();
  const app = startBackend(dataDirectory, undefined, { scheduleClock: clock });
  await app.triggersReady;
  const { id: runbookId } = await inProcessApi(app).call('runbooks.create', {
    details: { name: 'Nightly report' },
  });
  await app.dispatch('runbooks.update', { id: runbookId, draft: scheduled(schedule) });
  await app.dispatch('runbooks.publish', { id: runbookId, note: '' });
  const serve = startBackend(dataDirectory, undefined, { scheduleClock: clock });
  await serve.triggersReady;
  return { app, serve, runbookId, advance, dataDirectory };
}

/** The schedule's next times as the process shows them, once it shows some (at most 5 s of looks). */
async function nextTimesShownBy(backend: Backend, runbookId: string): Promise<string[]> {
  let nextTimes: string[] = [];
  for (let look = 0; look < 100 && nextTimes.length === 0; look += 1) {
    if (look > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    ({ nextTimes } = (await inProcessApi(backend).call('runbooks.triggers', { id: runbookId })).schedule);
  }
  return nextTimes;
}

/** The runbook's runs on disk: each process writes its records a moment later, so both are asked first. */
async function runsOf(backends: Backend[], runbookId: string) {
  for (const backend of backends) await inProcessApi(backend).call('runs.list', { runbookId });
  return await inProcessApi(backends[0] as Backend).call('runs.list', { runbookId });
}

describe('a schedule with two processes open on its data folder', () => {
  it('fires once each time it is due, not once per process', async () => {
    const { app, serve, runbookId, advance } = await twoProcessesWithSchedule({ expression: '* * * * *' });
    advance(3 * 60_000);
    const runs = await runsOf([app, serve], runbookId);
    expect(runs.map((run) => run.trigger)).toEqual(['schedule', 'schedule', 'schedule']);
    const status = await inProcessApi(app).call('runbooks.triggers', { id: runbookId });
    expect(status.events.filter((event) => event.outcome === 'started')).toHaveLength(3);
  });

  it('stops firing in the other process as soon as it is paused in one', async () => {
    const { app, serve, runbookId, advance } = await twoProcessesWithSchedule({ expression: '* * * * *' });
    advance(60_000);
    expect(await runsOf([app, serve], runbookId)).toHaveLength(1);
    await app.dispatch('runbooks.update', {
      id: runbookId,
      draft: scheduled({ expression: '* * * * *', isPaused: true }),
    });
    advance(5 * 60_000);
    expect(await runsOf([app, serve], runbookId)).toHaveLength(1);
  });

  it('fires in the other process a schedule resumed in one, also once that one has closed', async () => {
    const { app, serve, runbookId, advance } = await twoProcessesWithSchedule({
      expression: '* * * * *',
      isPaused: true,
    });
    await app.dispatch('runbooks.update', { id: runbookId, draft: scheduled({ expression: '* * * * *' }) });
    expect(await nextTimesShownBy(serve, runbookId)).toHaveLength(5);
    stopBackend(app);
    advance(3 * 60_000);
    expect(await runsOf([serve], runbookId)).toHaveLength(3);
  });

  it('fires in the other process a schedule first published in one', async () => {
    const { clock, advance } = sharedClock('2026-11-23T10:00:30.000Z');
    const dataDirectory = temporaryDirectory();
    const serve = startBackend(dataDirectory, undefined, { scheduleClock: clock });
    const app = startBackend(dataDirectory, undefined, { scheduleClock: clock });
    await Promise.all([serve.triggersReady, app.triggersReady]);
    const { id: runbookId } = await inProcessApi(app).call('runbooks.create', {
      details: { name: 'Nightly report' },
    });
    await app.dispatch('runbooks.update', { id: runbookId, draft: scheduled({ expression: '* * * * *' }) });
    await app.dispatch('runbooks.publish', { id: runbookId, note: '' });
    expect(await nextTimesShownBy(serve, runbookId)).toHaveLength(5);
    stopBackend(app);
    advance(2 * 60_000);
    expect(await runsOf([serve], runbookId)).toHaveLength(2);
  });

  it('is told a schedule resumed by a one-off command on the folder (`run`), which fires nothing', async () => {
    const { app, serve, runbookId, advance, dataDirectory } = await twoProcessesWithSchedule({
      expression: '* * * * *',
      isPaused: true,
    });
    stopBackend(app);
    const run = startBackend(dataDirectory, undefined, { startTriggers: false });
    await run.dispatch('runbooks.update', { id: runbookId, draft: scheduled({ expression: '* * * * *' }) });
    expect(await nextTimesShownBy(serve, runbookId)).toHaveLength(5);
    advance(2 * 60_000);
    expect(await runsOf([serve], runbookId)).toHaveLength(2);
  });
});
