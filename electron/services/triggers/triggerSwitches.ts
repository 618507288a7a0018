/**
 * Which of a Start step's trigger settings apply at once. Webhook and schedule run the latest
 * available published version, except for two switches read from the draft as soon as it is
 * saved: the webhook on or off, and the schedule paused or active. Switching a trigger off must
 * not wait for a publish (a paused schedule that kept firing until then was a defect); switching
 * it on again uses the published settings. Everything else (the address's authentication, the
 * mapping, the cron expression, the schedule's own checkbox) applies when published.
 */
import type { StartStep } from '../../../shared/runbook/stepTypes';

/**
 * The published Start step with the draft's switches. A trigger the published version does not
 * have stays absent (there are no settings to run it with); an unreadable draft changes nothing.
 */
export function withDraftSwitches(
  published: StartStep | undefined,
  draft: StartStep | undefined,
): StartStep | undefined {
  if (published === undefined || draft === undefined) return published;
  const { webhook, schedule } = published;
  return {
    ...published,
    ...(webhook === undefined
      ? {}
      : { webhook: { ...webhook, isEnabled: draft.webhook?.isEnabled ?? false } }),
    ...(schedule === undefined
      ? {}
      : { schedule: { ...schedule, isPaused: draft.schedule?.isPaused ?? schedule.isPaused } }),
  };
}
