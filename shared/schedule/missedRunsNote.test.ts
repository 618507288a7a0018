import { describe, expect, it } from 'vitest';
import type { TriggerStatus } from '../domain/runbook';
import { missedRunsNoteOf } from './missedRunsNote';

type Entry = TriggerStatus['events'][number];

const entry = (
  id: number,
  outcome: Entry['outcome'],
  at: string,
  kind: Entry['kind'] = 'schedule',
): Entry => ({
  id,
  kind,
  outcome,
  at,
  status: null,
  message: `${outcome} ${String(id)}`,
  runId: null,
});

/** The log newest first, as the status lists it. */
const statusWith = (
  events: Entry[],
  lastFiredAt: string | null,
  missedNoteDismissedAt: string | null = null,
): Pick<TriggerStatus, 'schedule' | 'events'> => ({
  schedule: { nextTimes: [], lastFiredAt, error: null, missedNoteDismissedAt },
  events,
});

const reportedAtStart = entry(2, 'missed', '2026-11-23T13:01:10.000Z');
const beforeClose = entry(1, 'started', '2026-11-23T10:01:00.100Z');

describe('the missed-runs note of the Start step', () => {
  it('shows the newest missed-runs entry while no run due after it has fired', () => {
    const status = statusWith([reportedAtStart, beforeClose], '2026-11-23T10:01:00.000Z');
    expect(missedRunsNoteOf(status)).toBe(reportedAtStart);
  });

  it('goes once a run due after it has fired', () => {
    const started = entry(3, 'started', '2026-11-23T13:02:00.100Z');
    const status = statusWith([started, reportedAtStart, beforeClose], '2026-11-23T13:02:00.000Z');
    expect(missedRunsNoteOf(status)).toBeUndefined();
  });

  it('goes also when that run could not start (it fired, the log says why)', () => {
    const refused = entry(3, 'refused', '2026-11-23T13:02:00.100Z');
    expect(
      missedRunsNoteOf(statusWith([refused, reportedAtStart], '2026-11-23T13:02:00.000Z')),
    ).toBeUndefined();
  });

  it('stays beside the run that woke late with it, due before it was written', () => {
    const woke = entry(3, 'started', '2026-11-23T10:07:30.000Z');
    const asleep = entry(2, 'missed', '2026-11-23T10:07:30.000Z');
    expect(missedRunsNoteOf(statusWith([woke, asleep], '2026-11-23T10:07:00.000Z'))).toBe(asleep);
  });

  it('goes once dismissed, and a newer one shows again', () => {
    expect(missedRunsNoteOf(statusWith([reportedAtStart], null, reportedAtStart.at))).toBeUndefined();
    const newer = entry(5, 'missed', '2026-11-24T08:00:05.000Z');
    expect(missedRunsNoteOf(statusWith([newer, reportedAtStart], null, reportedAtStart.at))).toBe(newer);
  });

  it('is none without a missed-runs entry, whatever the webhook logged', () => {
    const webhook = entry(4, 'refused', '2026-11-23T13:05:00.000Z', 'webhook');
    expect(missedRunsNoteOf(statusWith([webhook, beforeClose], null))).toBeUndefined();
  });
});
