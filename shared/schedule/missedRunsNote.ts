/**
 * Whether the Start step still shows the schedule's "N scheduled runs were missed …" note. The
 * note is news about the last time the app was closed (or the computer asleep): it showed as long
 * as its log entry was kept, even after the schedule had run fine many times since. So it shows
 * only until a run due after it was written fires (the firing that woke late with it was due
 * before, and leaves it), and until the user dismisses it (kept with the schedule's state).
 */
import type { TriggerStatus } from '../domain/runbook';

type Entry = TriggerStatus['events'][number];

/** The missed-runs entry the Start step shows, or undefined when there is none to show. */
export function missedRunsNoteOf(status: Pick<TriggerStatus, 'schedule' | 'events'>): Entry | undefined {
  const missed = status.events.find((event) => event.kind === 'schedule' && event.outcome === 'missed');
  if (missed === undefined) return undefined;
  const { lastFiredAt, missedNoteDismissedAt } = status.schedule;
  const at = Date.parse(missed.at);
  if (lastFiredAt !== null && Date.parse(lastFiredAt) > at) return undefined;
  if (missedNoteDismissedAt !== null && Date.parse(missedNoteDismissedAt) >= at) return undefined;
  return missed;
}
