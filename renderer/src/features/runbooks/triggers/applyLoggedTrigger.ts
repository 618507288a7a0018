/**
 * Applies a `triggers.logged` event to the Start step panel's trigger status: the new entry goes
 * first in the log (which shows the latest few), and a schedule's "Last run" moves when the entry
 * says so. Pure, so the panel needs no second request to show a delivery.
 */
import type { EventPayload } from '../../../../../shared/api/contract';
import { latestTriggerEventsShown, type TriggerStatus } from '../../../../../shared/domain/runbook';

type Logged = EventPayload<'triggers.logged'>;
type Entry = TriggerStatus['events'][number];

/** Entries pushed before their row exists get ids below zero, unique in this window. */
let lastLocalId = 0;

/** Whether the status already lists this entry (a reload may have fetched it before the event came). */
function isListed(events: readonly Entry[], entry: Logged['entry']): boolean {
  return events.some(
    (event) =>
      event.at === entry.at &&
      event.kind === entry.kind &&
      event.outcome === entry.outcome &&
      event.runId === entry.runId &&
      event.message === entry.message,
  );
}

/** The status with the logged entry applied; the same object when the entry is already listed. */
export function applyLoggedTrigger(status: TriggerStatus, logged: Logged): TriggerStatus {
  if (isListed(status.events, logged.entry)) return status;
  lastLocalId -= 1;
  const events = [{ id: lastLocalId, ...logged.entry }, ...status.events].slice(0, latestTriggerEventsShown);
  const schedule =
    logged.lastFiredAt === null ? status.schedule : { ...status.schedule, lastFiredAt: logged.lastFiredAt };
  return { ...status, schedule, events };
}
