import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../../../shared/api/contract';
import { latestTriggerEventsShown, type TriggerStatus } from '../../../../../shared/domain/runbook';
import { applyLoggedTrigger } from './applyLoggedTrigger';

const status = (events: TriggerStatus['events'] = []): TriggerStatus => ({
  version: { number: 1, publishedAt: '2026-11-23T09:00:00.000Z' },
  webhook: { url: 'http://127.0.0.1:4789/webhooks/rb-1', hasSecret: true, error: null },
  schedule: {
    nextTimes: [],
    lastFiredAt: '2026-11-23T09:30:00.000Z',
    error: null,
    missedNoteDismissedAt: null,
  },
  events,
});

const logged = (
  entry: Partial<EventPayload<'triggers.logged'>['entry']> = {},
  lastFiredAt: string | null = null,
): EventPayload<'triggers.logged'> => ({
  runbookId: 'rb-1',
  entry: {
    kind: 'webhook',
    outcome: 'started',
    at: '2026-11-23T10:00:00.000Z',
    status: 202,
    message: 'Run started.',
    runId: 'run-1',
    ...entry,
  },
  lastFiredAt,
});

describe('applyLoggedTrigger', () => {
  it('puts a logged delivery first in the log and leaves the schedule alone', () => {
    const before = status([{ id: 7, ...logged({ at: '2026-11-23T09:59:00.000Z', runId: 'run-0' }).entry }]);
    const after = applyLoggedTrigger(before, logged());
    expect(after.events.map((event) => event.runId)).toEqual(['run-1', 'run-0']);
    expect(after.schedule).toBe(before.schedule);
  });

  it('moves "Last run" to the firing a schedule entry reports', () => {
    const after = applyLoggedTrigger(
      status(),
      logged({ kind: 'schedule', status: null }, '2026-11-23T10:00:00.000Z'),
    );
    expect(after.schedule.lastFiredAt).toBe('2026-11-23T10:00:00.000Z');
    expect(after.events).toHaveLength(1);
  });

  it('keeps the latest entries only, as the backend lists them', () => {
    const full = status(
      Array.from({ length: latestTriggerEventsShown }, (_, index) => ({
        id: index + 1,
        ...logged({
          at: `2026-11-23T08:${String(index).padStart(2, '0')}:00.000Z`,
          runId: `old-${String(index)}`,
        }).entry,
      })),
    );
    const after = applyLoggedTrigger(full, logged());
    expect(after.events).toHaveLength(latestTriggerEventsShown);
    expect(after.events[0]?.runId).toBe('run-1');
  });

  it('ignores an entry the status already lists (fetched before its event arrived)', () => {
    const before = status([{ id: 9, ...logged().entry }]);
    expect(applyLoggedTrigger(before, logged())).toBe(before);
  });

  it('gives entries it adds distinct ids', () => {
    const once = applyLoggedTrigger(status(), logged({ runId: 'run-a' }));
    const twice = applyLoggedTrigger(once, logged({ runId: 'run-b' }));
    expect(new Set(twice.events.map((event) => event.id)).size).toBe(2);
  });
});
