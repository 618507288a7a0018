/**
 * A graph written over a runbook's draft (a restored version, an imported file) keeps the draft's
 * trigger switches: the webhook on or off and the schedule paused apply as soon as the draft is
 * saved (triggers/triggerSwitches.ts), so taking the new graph's would switch a webhook back on or
 * un-pause a schedule at once.
 */
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { isStartStep, type StartStep } from '../../../shared/runbook/stepTypes';

/** A Start step with the draft's trigger switches (triggers' withDraftSwitches, passed in by the wiring). */
export type WithDraftSwitches = (start: StartStep, draft: StartStep | undefined) => StartStep | undefined;

/** The replacing graph whose Start step takes the switches of the draft it replaces (none read: its own). */
export function withSwitchesOf(
  draft: RunbookGraph | undefined,
  replacing: RunbookGraph,
  withDraftSwitches: WithDraftSwitches,
): RunbookGraph {
  const draftStart = draft?.steps.find(isStartStep);
  return {
    ...replacing,
    steps: replacing.steps.map((step) =>
      isStartStep(step) ? (withDraftSwitches(step, draftStart) ?? step) : step,
    ),
  };
}
