/**
 * A run that goes on from earlier steps it does not run again: one taken up again after a restart
 * (`continued`: its steps so far and open loops put back into its scope) or a re-run from a step
 * (`resume`: the steps before it recorded as "skipped", their earlier outputs kept for the later
 * steps to read).
 */
import { descriptorNamed } from '../../../shared/runbook/steps/stepRegistry';
import type { StartRunInput } from './engineTypes';
import type { ExecutionContext, RunScope } from './executionContext';
import type { RunHooks } from './runHooks';
import { restoreOpenLoops } from './steps/forEach';
import { setVariables } from './variableAssignment';

/** Puts back the {{vars}} an earlier record of a step set (see `variablesOfRecord`). */
function restoreVariables(stepType: string, outputs: Record<string, unknown>, scope: RunScope): void {
  setVariables(scope.vars, descriptorNamed(stepType)?.variablesOfRecord?.(outputs));
}

/** Puts the earlier steps back; returns the number of the run's first step to run. */
export function restoreEarlierSteps(
  runId: string,
  input: Pick<StartRunInput, 'continued' | 'resume'>,
  context: ExecutionContext,
  scope: RunScope,
  hooks: Pick<RunHooks, 'stepStarted' | 'stepFinished'>,
  now: () => Date,
): number {
  let firstSeq = input.continued?.atSeq ?? 1;
  for (const earlier of input.continued?.earlier ?? []) {
    scope.steps[earlier.stepId] = { status: earlier.status, outputs: earlier.outputs };
    restoreVariables(earlier.stepType, earlier.outputs, scope);
  }
  restoreOpenLoops(context, input.continued?.loops ?? []);
  for (const reused of input.resume?.reused ?? []) {
    // Recorded as "skipped" (not run again), with the earlier outputs the later steps read.
    const at = now().toISOString();
    const started = {
      runId,
      seq: firstSeq,
      stepId: reused.stepId,
      stepType: reused.stepType,
      startedAt: at,
    };
    hooks.stepStarted(started);
    hooks.stepFinished({
      ...started,
      status: 'skipped',
      request: reused.request,
      response: reused.response,
      outputs: reused.outputs,
      error: null,
      finishedAt: at,
      durationMs: 0,
    });
    scope.steps[reused.stepId] = { status: reused.status, outputs: reused.outputs };
    restoreVariables(reused.stepType, reused.outputs, scope);
    firstSeq += 1;
  }
  return firstSeq;
}
