/**
 * A runbook's triggers as the runbooks list shows them, worked out as the trigger service runs
 * them (triggerSwitches.ts): the settings of the version triggers run, with the draft's webhook
 * on/off and schedule pause, which apply at once. Start steps that do not parse count as none.
 */
import type { ListedTriggers } from '../../../shared/domain/runbook';
import {
  scheduleTriggerSchema,
  webhookTriggerSchema,
  type StartStep,
} from '../../../shared/runbook/stepTypes';
import { withDraftSwitches } from './triggerSwitches';

/** A stored Start step's trigger settings, each only when it parses. */
function triggersOf(stored: unknown): StartStep | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  const { webhook, schedule } = stored as { webhook?: unknown; schedule?: unknown };
  const parsedWebhook = webhookTriggerSchema.safeParse(webhook);
  const parsedSchedule = scheduleTriggerSchema.safeParse(schedule);
  return {
    id: 'start',
    name: 'Start',
    type: 'start',
    ...(webhook !== undefined && parsedWebhook.success ? { webhook: parsedWebhook.data } : {}),
    ...(schedule !== undefined && parsedSchedule.success ? { schedule: parsedSchedule.data } : {}),
  };
}

/**
 * The listed triggers of a runbook from its stored Start steps; null when no published version
 * is available (nothing triggers it). `nextAt` is the schedule's next firing, when it has one.
 */
export function listedTriggersOf(
  stored: { draft: unknown; live: unknown } | undefined,
  nextAt: () => string | null,
): ListedTriggers | null {
  if (stored === undefined || stored.live === undefined) return null;
  const start = withDraftSwitches(triggersOf(stored.live), triggersOf(stored.draft));
  const { webhook, schedule } = start ?? {};
  return {
    webhook: webhook === undefined ? null : { isEnabled: webhook.isEnabled },
    schedule:
      schedule?.isEnabled !== true
        ? null
        : { isPaused: schedule.isPaused, nextAt: schedule.isPaused ? null : nextAt() },
  };
}
