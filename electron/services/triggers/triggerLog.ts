/** The runbook's trigger log as the webhook and the scheduler write it: stored, then pushed to the windows, in one place so both write it alike. */
import type { EventBus } from '../events/eventBus';
import { maxTriggerMessageChars, type TriggerRepository } from '../db/repositories/triggerRepository';
import type { TriggerLogWriter } from './scheduleHost';

/**
 * Writes an entry to the runbook's trigger log and pushes it to the windows, so a Start step
 * that is open shows it without asking again (its message cut as the log keeps it). `lastFiredAt`
 * is the schedule's last firing when this entry moved it.
 */
export function triggerLogOf(deps: {
  triggers: Pick<TriggerRepository, 'addEvent'>;
  events: Pick<EventBus, 'emit'>;
}): TriggerLogWriter {
  return (event, lastFiredAt = null) => {
    deps.triggers.addEvent(event);
    const { runbookId, kind, outcome, at, status, message, runId } = event;
    deps.events.emit({
      name: 'triggers.logged',
      payload: {
        runbookId,
        entry: { kind, outcome, at, status, message: message.slice(0, maxTriggerMessageChars), runId },
        lastFiredAt,
      },
    });
  };
}
