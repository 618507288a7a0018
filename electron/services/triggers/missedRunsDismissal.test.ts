/**
 * The missed-runs note dismissed on the Start step: kept with the schedule's state on disk, so it
 * holds in the next process on the folder; only a missed-runs entry the log keeps can be dismissed,
 * so a made-up time cannot silence the notes to come.
 */
import { describe, expect, it } from 'vitest';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { fakeScheduleClock, publishedEveryMinute } from './testSupport/scheduleClock';

/** A schedule every minute closed three hours, and the backend started after: one missed-runs entry. */
async function missedWhileClosed() {
  const dataDirectory = temporaryDirectory();
  const first = fakeScheduleClock('2026-11-23T10:00:30.000Z');
  const before = startBackend(dataDirectory, undefined, { scheduleClock: first.clock });
  await before.triggersReady;
  const runbookId = await publishedEveryMinute(before);
  stopBackend(before);
  const backend = startBackend(dataDirectory, undefined, {
    scheduleClock: fakeScheduleClock('2026-11-23T13:01:10.000Z').clock,
  });
  await backend.triggersReady;
  const status = await inProcessApi(backend).call('runbooks.triggers', { id: runbookId });
  const missed = status.events.find((event) => event.outcome === 'missed');
  if (missed === undefined) throw new Error('No missed-runs entry was logged.');
  return { backend, runbookId, missed, dataDirectory };
}

describe('the missed-runs note, dismissed', () => {
  it('stays dismissed in the next process on the folder', async () => {
    const { backend, runbookId, missed, dataDirectory } = await missedWhileClosed();
    const api = inProcessApi(backend);
    expect(
      (await api.call('runbooks.triggers', { id: runbookId })).schedule.missedNoteDismissedAt,
    ).toBeNull();
    await api.call('runbooks.dismissMissedRuns', { id: runbookId, at: missed.at });
    stopBackend(backend);
    const next = startBackend(dataDirectory, undefined, {
      scheduleClock: fakeScheduleClock('2026-11-23T13:01:20.000Z').clock,
    });
    await next.triggersReady;
    const status = await inProcessApi(next).call('runbooks.triggers', { id: runbookId });
    expect(status.schedule.missedNoteDismissedAt).toBe(missed.at);
  });

  it('is refused for a time the log has no missed-runs entry at, saying why', async () => {
    const { backend, runbookId } = await missedWhileClosed();
    const api = inProcessApi(backend);
    await expect(
      api.call('runbooks.dismissMissedRuns', { id: runbookId, at: '2099-01-01T00:00:00.000Z' }),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/^This missed-runs note is no longer in the trigger log/),
    });
    expect(
      (await api.call('runbooks.triggers', { id: runbookId })).schedule.missedNoteDismissedAt,
    ).toBeNull();
  });

  it('is refused for a runbook that no longer exists', async () => {
    const { backend, runbookId, missed } = await missedWhileClosed();
    const api = inProcessApi(backend);
    await api.call('runbooks.delete', { id: runbookId });
    await expect(
      api.call('runbooks.dismissMissedRuns', { id: runbookId, at: missed.at }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
