/** The Start step triggers follow — the published one with the draft's switches — and the schedule it gives: pure, so each is tested alone. */
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { isStartStep, type StartStep } from '../../../shared/runbook/stepTypes';
import type { RunbookRow } from '../db/repositories/runbookRepository';
import { graphOf } from '../runbooks/runbookService';
import type { ScheduleEntry } from './scheduler';
import { withDraftSwitches } from './triggerSwitches';

export const startStepOf = (graph: RunbookGraph): StartStep | undefined => graph.steps.find(isStartStep);

/** The scheduler's entry for a runbook, or undefined when it has no schedule. */
export function scheduleEntryOf(runbookId: string, start: StartStep | undefined): ScheduleEntry | undefined {
  const schedule = start?.schedule;
  if (schedule?.isEnabled !== true) return undefined;
  return {
    runbookId,
    expression: schedule.expression,
    timeZone: schedule.timeZone,
    isActive: !schedule.isPaused,
  };
}

/** The draft's Start step; undefined when the runbook is gone or its draft cannot be read. */
function draftStartOf(row: RunbookRow | undefined): StartStep | undefined {
  if (row === undefined) return undefined;
  try {
    return startStepOf(graphOf(row));
  } catch {
    return undefined;
  }
}

/** The published Start step with the draft's switches (webhook on/off, schedule paused). */
export const triggeredStartOf = (
  published: RunbookGraph,
  draft: RunbookRow | undefined,
): StartStep | undefined => withDraftSwitches(startStepOf(published), draftStartOf(draft));
