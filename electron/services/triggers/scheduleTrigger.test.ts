/**
 * Schedule triggers through the whole backend with an injected clock: the latest available
 * published version's schedule decides; runs start when due, a paused schedule fires nothing,
 * nothing fires before a version is published or once none is available, and runs missed while
 * the app was closed are reported, not replayed.
 */
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/api/contract';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { fakeScheduleClock as fakeClock, scheduledDraft as scheduled } from './testSupport/scheduleClock';

type Backend = ReturnType<typeof startBackend>;

/** Saves the draft with this schedule and publishes it, unless told not to. */
async function saveSchedule(
  backend: Backend,
  id: string,
  schedule: Record<string, unknown>,
  { isPublished = true } = {},
): Promise<void> {
  await backend.dispatch('runbooks.update', { id, draft: scheduled(schedule) });
  if (isPublished) await backend.dispatch('runbooks.publish', { id, note: '' });
}

async function createRunbook(
  backend: Backend,
  schedule: Record<string, unknown>,
  options: { isPublished?: boolean } = {},
): Promise<string> {
  const { id } = await inProcessApi(backend).call('runbooks.create', { details: { name: 'Nightly report' } });
  await saveSchedule(backend, id, schedule, options);
  return id;
}

const runsOf = async (backend: Backend, runbookId: string) =>
  await inProcessApi(backend).call('runs.list', { runbookId });

describe('schedule trigger', () => {
  it('starts a run each time the schedule is due and shows the next five times', async () => {
    const { clock, advance } = fakeClock('2026-11-23T09:59:55.000Z');
    const backend = startBackend(undefined, undefined, { scheduleClock: clock });
    await backend.triggersReady;
    const runbookId = await createRunbook(backend, { expression: '*/10 * * * * *' });
    const pushed: EventPayload<'triggers.logged'>[] = [];
    backend.events.onDidEmit((message) => {
      if (message.name === 'triggers.logged') pushed.push(message.payload);
    });
    const status = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(status.schedule.nextTimes).toEqual([
      '2026-11-23T10:00:00.000Z',
      '2026-11-23T10:00:10.000Z',
      '2026-11-23T10:00:20.000Z',
      '2026-11-23T10:00:30.000Z',
      '2026-11-23T10:00:40.000Z',
    ]);
    advance(5_000);
    advance(20_000);
    const runs = await runsOf(backend, runbookId);
    expect(runs.map((run) => run.trigger)).toEqual(['schedule', 'schedule', 'schedule']);
    const after = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(after.schedule.lastFiredAt).toBe('2026-11-23T10:00:20.000Z');
    expect(
      after.events.filter((event) => event.kind === 'schedule' && event.outcome === 'started'),
    ).toHaveLength(3);
    // Each firing reached the windows as it was logged, with the time it moved "Last run" to.
    expect(pushed.map((payload) => [payload.entry.outcome, payload.lastFiredAt])).toEqual([
      ['started', '2026-11-23T10:00:00.000Z'],
      ['started', '2026-11-23T10:00:10.000Z'],
      ['started', '2026-11-23T10:00:20.000Z'],
    ]);
    expect(pushed.map((payload) => payload.entry).reverse()).toEqual(
      after.events.map(({ id: _, ...entry }) => entry),
    );
  });

  it('takes an expression that lists every second and minute (over 200 characters), and refuses one over 1,000 saying so', async () => {
    const { clock } = fakeClock('2026-11-23T09:59:55.000Z');
    const backend = startBackend(undefined, undefined, { scheduleClock: clock });
    await backend.triggersReady;
    const every = (count: number) => Array.from({ length: count }, (_, index) => String(index)).join(',');
    // Every second of minutes 0–59 from 9 to 17 on weekdays: 352 characters, each value written out.
    const expression = `${every(60)} ${every(60)} 9-17 * * 1,2,3,4,5`;
    expect(expression.length).toBeGreaterThan(300);
    const runbookId = await createRunbook(backend, { expression });
    const status = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(status.schedule.nextTimes.slice(0, 2)).toEqual([
      '2026-11-23T09:59:56.000Z',
      '2026-11-23T09:59:57.000Z',
    ]);
    await expect(
      backend.dispatch('runbooks.update', {
        id: runbookId,
        draft: scheduled({ expression: `${expression} `.repeat(3) }),
      }),
    ).rejects.toThrow('A cron expression is at most 1,000 characters.');
    stopBackend(backend);
  });

  it('fires nothing while paused, and goes on when resumed', async () => {
    const { clock, advance } = fakeClock('2026-11-23T10:00:00.000Z');
    const backend = startBackend(undefined, undefined, { scheduleClock: clock });
    await backend.triggersReady;
    const runbookId = await createRunbook(backend, { expression: '* * * * *', isPaused: true });
    advance(5 * 60_000);
    expect(await runsOf(backend, runbookId)).toEqual([]);
    await saveSchedule(backend, runbookId, { expression: '* * * * *' });
    advance(60_000);
    expect(await runsOf(backend, runbookId)).toHaveLength(1);
    await saveSchedule(backend, runbookId, { isEnabled: false });
    advance(5 * 60_000);
    expect(await runsOf(backend, runbookId)).toHaveLength(1);
  });

  it('pauses and resumes at once, without publishing, and replays nothing missed while paused', async () => {
    const { clock, advance } = fakeClock('2026-11-23T10:00:00.000Z');
    const backend = startBackend(undefined, undefined, { scheduleClock: clock });
    await backend.triggersReady;
    const runbookId = await createRunbook(backend, { expression: '* * * * *' });
    advance(60_000);
    expect(await runsOf(backend, runbookId)).toHaveLength(1);

    await saveSchedule(
      backend,
      runbookId,
      { expression: '* * * * *', isPaused: true },
      { isPublished: false },
    );
    const paused = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(paused.schedule.nextTimes).toEqual([]);
    advance(5 * 60_000);
    expect(await runsOf(backend, runbookId)).toHaveLength(1);

    await saveSchedule(backend, runbookId, { expression: '* * * * *' }, { isPublished: false });
    const resumed = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(resumed.schedule.nextTimes[0]).toBe('2026-11-23T10:07:00.000Z');
    advance(60_000);
    expect(await runsOf(backend, runbookId)).toHaveLength(2);
    const versions = await inProcessApi(backend).call('runbooks.versions', { id: runbookId });
    expect(versions).toHaveLength(1);
  });

  it('fires nothing before a version is published, follows the published one, and stops when none is available', async () => {
    const { clock, advance } = fakeClock('2026-11-23T10:00:00.000Z');
    const backend = startBackend(undefined, undefined, { scheduleClock: clock });
    await backend.triggersReady;
    const runbookId = await createRunbook(backend, { expression: '* * * * *' }, { isPublished: false });
    advance(5 * 60_000);
    expect(await runsOf(backend, runbookId)).toEqual([]);
    const status = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
    expect(status.version).toBeNull();
    expect(status.schedule.nextTimes).toEqual([]);

    const first = await inProcessApi(backend).call('runbooks.publish', {
      id: runbookId,
      note: 'Every minute',
    });
    advance(60_000);
    expect((await runsOf(backend, runbookId)).map((run) => run.versionId)).toEqual([first.id]);

    // A draft switched off changes nothing until it is published.
    await saveSchedule(backend, runbookId, { isEnabled: false }, { isPublished: false });
    advance(60_000);
    expect(await runsOf(backend, runbookId)).toHaveLength(2);

    await backend.dispatch('runbooks.setVersionAvailable', {
      id: runbookId,
      versionId: first.id,
      isAvailable: false,
    });
    advance(5 * 60_000);
    expect(await runsOf(backend, runbookId)).toHaveLength(2);
  });

  it('reports runs missed while the app was closed and does not replay them', async () => {
    const dataDirectory = temporaryDirectory();
    const first = fakeClock('2026-11-23T10:00:30.000Z');
    const before = startBackend(dataDirectory, undefined, { scheduleClock: first.clock });
    await before.triggersReady;
    const runbookId = await createRunbook(before, { expression: '0 * * * * *' });
    first.advance(60_000);
    expect(await runsOf(before, runbookId)).toHaveLength(1);
    stopBackend(before);

    // Three hours later the app starts again: 180 runs fell due meanwhile.
    const later = fakeClock('2026-11-23T13:01:10.000Z');
    const after = startBackend(dataDirectory, undefined, { scheduleClock: later.clock });
    await after.triggersReady;
    expect(await runsOf(after, runbookId)).toHaveLength(1);
    const status = await inProcessApi(after).call('runbooks.triggers', { id: runbookId });
    const missed = status.events.find((event) => event.outcome === 'missed');
    expect(missed?.message).toBe(
      '180 scheduled runs were missed while the app was closed or the computer asleep (the last due Mon, 23 Nov 2026, 13:01 UTC).',
    );
    // "Last run" stays the last run: nothing ran when the missed runs were found.
    expect(status.schedule.lastFiredAt).toBe('2026-11-23T10:01:00.000Z');
    later.advance(60_000);
    expect(await runsOf(after, runbookId)).toHaveLength(2);
  });

  it('says when the missed runs were due on the schedule’s own clock, in the log and the trigger log', async () => {
    const dataDirectory = temporaryDirectory();
    const first = fakeClock('2026-12-01T12:00:00.000Z');
    const before = startBackend(dataDirectory, undefined, { scheduleClock: first.clock });
    await before.triggersReady;
    const runbookId = await createRunbook(before, { expression: '0 4 * * *', timeZone: 'Europe/Paris' });
    first.advance(2 * 86_400_000);
    expect(await runsOf(before, runbookId)).toHaveLength(2);
    stopBackend(before);

    // Closed after Thursday's 04:00 run in Paris; started again on Saturday afternoon.
    const lines: string[] = [];
    const later = fakeClock('2026-12-05T14:00:00.000Z');
    const after = startBackend(dataDirectory, undefined, {
      scheduleClock: later.clock,
      log: (line) => void lines.push(line),
    });
    await after.triggersReady;
    const status = await inProcessApi(after).call('runbooks.triggers', { id: runbookId });
    const said =
      '2 scheduled runs were missed while the app was closed or the computer asleep (the last due Sat, 5 Dec 2026, 04:00 Europe/Paris time).';
    expect(status.events.filter((event) => event.outcome === 'missed').map((event) => event.message)).toEqual(
      [said],
    );
    expect(lines).toContain(`schedule of runbook ${runbookId}: ${said}`);
  });

  it('says "at least" when more runs were missed than it counts, not the limit as the count', async () => {
    const dataDirectory = temporaryDirectory();
    const first = fakeClock('2026-11-23T10:00:30.000Z');
    const before = startBackend(dataDirectory, undefined, { scheduleClock: first.clock });
    await before.triggersReady;
    const runbookId = await createRunbook(before, { expression: '* * * * *' });
    first.advance(60_000);
    stopBackend(before);

    // Three days later: 4,320 runs fell due meanwhile.
    const later = fakeClock('2026-11-26T10:01:10.000Z');
    const after = startBackend(dataDirectory, undefined, { scheduleClock: later.clock });
    await after.triggersReady;
    const status = await inProcessApi(after).call('runbooks.triggers', { id: runbookId });
    expect(status.events.filter((event) => event.outcome === 'missed').map((event) => event.message)).toEqual(
      [
        'At least 1,000 scheduled runs were missed while the app was closed or the computer asleep (the last due Thu, 26 Nov 2026, 10:01 UTC).',
      ],
    );
  });

  it('counts as missed at the next start only what fell due while closed, not while paused', async () => {
    const dataDirectory = temporaryDirectory();
    const first = fakeClock('2026-11-23T10:00:30.000Z');
    const before = startBackend(dataDirectory, undefined, { scheduleClock: first.clock });
    await before.triggersReady;
    const runbookId = await createRunbook(before, { expression: '* * * * *' });
    first.advance(60_000);
    const paused = { expression: '* * * * *', isPaused: true };
    await saveSchedule(before, runbookId, paused, { isPublished: false });
    first.advance(5 * 60 * 60_000);
    await saveSchedule(before, runbookId, { expression: '* * * * *' }, { isPublished: false });
    first.advance(10_000);
    stopBackend(before);

    // Closed at 15:01:40 after five hours paused; started again at 15:03:10.
    const later = fakeClock('2026-11-23T15:03:10.000Z');
    const after = startBackend(dataDirectory, undefined, { scheduleClock: later.clock });
    await after.triggersReady;
    const status = await inProcessApi(after).call('runbooks.triggers', { id: runbookId });
    expect(status.events.filter((event) => event.outcome === 'missed').map((event) => event.message)).toEqual(
      [
        '2 scheduled runs were missed while the app was closed or the computer asleep (the last due Mon, 23 Nov 2026, 15:03 UTC).',
      ],
    );
  });
});
