import { describe, expect, it, vi } from 'vitest';
import { runbookRow, temporaryDatabase, timestamp } from '../testSupport/temporaryDatabase';
import { createRunbookRepository } from '../db/repositories/runbookRepository';
import { createRunbookVersionRepository } from '../db/repositories/runbookVersionRepository';
import { createRunRepository } from '../db/repositories/runRepository';
import { createStartStepQuery } from '../db/repositories/startStepQuery';
import { listedTriggersOf } from '../triggers/listedTriggers';
import { createRunbookListing } from './runbookListing';

const webhook = (isEnabled: boolean) => ({ isEnabled, authentication: 'none' });
const schedule = (isPaused: boolean) => ({
  isEnabled: true,
  expression: '0 9 * * *',
  timeZone: 'UTC',
  isPaused,
});
/** A graph whose Start step has these triggers (Start is not the first step, as after edits). */
const graph = (triggers: Record<string, unknown>) => ({
  steps: [
    { id: 'end', name: 'End', type: 'end' },
    { id: 'start', name: 'Start', type: 'start', ...triggers },
  ],
  edges: [{ from: 'start', kind: 'next', to: 'end' }],
});

function setUp() {
  const db = temporaryDatabase();
  const runbooks = createRunbookRepository(db);
  const versions = createRunbookVersionRepository(db);
  const add = (id: string, draft: unknown) => runbooks.insert(runbookRow({ id, name: id, draft }));
  const publish = (runbookId: string, id: string, published: unknown) =>
    versions.publish({ id, runbookId, note: '', graph: published, publishedAt: timestamp });
  const startSteps = vi.fn(createStartStepQuery(db));
  // As the trigger service lists them, with a scheduler whose next time names the runbook.
  const listing = createRunbookListing({
    runbooks,
    runs: createRunRepository(db),
    versions,
    triggers: (runbookIds) => {
      const stored = startSteps(runbookIds);
      return new Map(runbookIds.map((id) => [id, listedTriggersOf(stored.get(id), () => `next of ${id}`)]));
    },
  });
  const triggersOf = (id: string) => listing.list('', '').items.find((item) => item.id === id)?.triggers;
  return { add, publish, versions, startSteps, listing, triggersOf };
}

describe('the runbooks list’s triggers', () => {
  it('lists none for a runbook with no published version, whatever its draft says', () => {
    const { add, triggersOf } = setUp();
    add('draft-only', graph({ webhook: webhook(true), schedule: schedule(false) }));
    expect(triggersOf('draft-only')).toBeNull();
  });

  it('lists the published webhook as the draft switches it, at once', () => {
    const { add, publish, triggersOf } = setUp();
    add('switched-off', graph({ webhook: webhook(false) }));
    publish('switched-off', 'v1', graph({ webhook: webhook(true) }));
    add('on', graph({ webhook: webhook(true) }));
    publish('on', 'v2', graph({ webhook: webhook(true) }));
    expect(triggersOf('switched-off')).toEqual({ webhook: { isEnabled: false }, schedule: null });
    expect(triggersOf('on')).toEqual({ webhook: { isEnabled: true }, schedule: null });
  });

  it('lists an active schedule with its next time, and a paused one (paused in the draft) without', () => {
    const { add, publish, triggersOf } = setUp();
    add('active', graph({ schedule: schedule(false) }));
    publish('active', 'v1', graph({ schedule: schedule(false) }));
    add('paused', graph({ schedule: schedule(true) }));
    publish('paused', 'v2', graph({ schedule: schedule(false) }));
    expect(triggersOf('active')).toEqual({
      webhook: null,
      schedule: { isPaused: false, nextAt: 'next of active' },
    });
    expect(triggersOf('paused')).toEqual({ webhook: null, schedule: { isPaused: true, nextAt: null } });
  });

  it('follows the latest available version, not a newer one made unavailable', () => {
    const { add, publish, versions, triggersOf } = setUp();
    add('rolled-back', graph({ webhook: webhook(true) }));
    publish('rolled-back', 'v1', graph({ webhook: webhook(true) }));
    publish('rolled-back', 'v2', graph({}));
    versions.setAvailable('v2', false);
    expect(triggersOf('rolled-back')).toEqual({ webhook: { isEnabled: true }, schedule: null });
    versions.setAvailable('v1', false);
    expect(triggersOf('rolled-back')).toBeNull();
  });

  it('reads the Start steps of every listed runbook in one query', () => {
    const { add, publish, startSteps, listing } = setUp();
    for (const id of ['a', 'b', 'c']) {
      add(id, graph({ webhook: webhook(true) }));
      publish(id, `v-${id}`, graph({ webhook: webhook(true) }));
    }
    const { items } = listing.list('', '');
    expect(items.map((item) => item.triggers?.webhook)).toEqual([
      { isEnabled: true },
      { isEnabled: true },
      { isEnabled: true },
    ]);
    expect(startSteps).toHaveBeenCalledTimes(1);
    expect(startSteps).toHaveBeenCalledWith(['a', 'b', 'c']);
  });

  it('counts a draft without a Start step as switching nothing', () => {
    const { add, publish, triggersOf } = setUp();
    add('no-start', {});
    publish('no-start', 'v1', graph({ webhook: webhook(true), schedule: schedule(false) }));
    expect(triggersOf('no-start')).toEqual({
      webhook: { isEnabled: true },
      schedule: { isPaused: false, nextAt: 'next of no-start' },
    });
  });
});
