import { describe, expect, it } from 'vitest';
import { runbookRow, temporaryDatabase } from '../../testSupport/temporaryDatabase';
import { createRunbookRepository } from './runbookRepository';
import { createTriggerRepository } from './triggerRepository';

function setUp() {
  const db = temporaryDatabase();
  createRunbookRepository(db).insert(runbookRow({ id: 'r1', name: 'r1' }));
  return createTriggerRepository(db);
}

describe("a schedule's due times, claimed by the processes on one data folder", () => {
  it('are fired once: a second claim of the same time is refused', () => {
    const triggers = setUp();
    expect(triggers.claimFiring('r1', '2026-11-23T10:02:00.000Z')).toBe(true);
    expect(triggers.claimFiring('r1', '2026-11-23T10:02:00.000Z')).toBe(false);
  });

  it('are not fired once reported missed', () => {
    const triggers = setUp();
    expect(triggers.claimFiring('r1', '2026-11-23T10:01:00.000Z')).toBe(true);
    expect(triggers.claimMissed('r1', '2026-11-23T10:03:00.000Z')).toBe(true);
    expect(triggers.claimFiring('r1', '2026-11-23T10:02:00.000Z')).toBe(false);
    expect(triggers.claimFiring('r1', '2026-11-23T10:03:00.000Z')).toBe(false);
    expect(triggers.claimFiring('r1', '2026-11-23T10:04:00.000Z')).toBe(true);
  });

  it('are not reported missed once fired', () => {
    const triggers = setUp();
    expect(triggers.claimFiring('r1', '2026-11-23T10:02:00.000Z')).toBe(true);
    expect(triggers.claimMissed('r1', '2026-11-23T10:02:00.000Z')).toBe(false);
  });
});

describe('the processes noted as watching the schedules', () => {
  it('are listed earliest first until each ends', () => {
    const triggers = setUp();
    triggers.beginWatching('serve', '2026-11-23T10:05:00.000Z');
    triggers.beginWatching('app', '2026-11-23T10:00:00.000Z');
    expect(triggers.watchers().map((watcher) => watcher.process)).toEqual(['app', 'serve']);
    triggers.endWatching('app');
    expect(triggers.watchers()).toEqual([{ process: 'serve', since: '2026-11-23T10:05:00.000Z' }]);
  });
});
