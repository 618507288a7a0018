/**
 * The engine's step registry: each step type's executor, under the same keys as the shared
 * registry (shared/runbook/steps/stepRegistry.ts). A step type is its module here plus one line.
 */
import type { Step, StepOf, StepType } from '../../../../shared/runbook/stepTypes';
import type { ExecutionContext, RunScope, StepOutcome } from '../executionContext';
import { approvalExecutor } from './approval';
import { conditionExecutor } from './condition';
import { delayExecutor } from './delay';
import { endExecutor } from './end';
import { forEachExecutor } from './forEach';
import { methodExecutor } from './method';
import { runRunbookExecutor } from './runRunbook';
import { setVariablesExecutor } from './setVariables';
import { startExecutor } from './start';
import { switchExecutor } from './switch';
import type { StepExecutor } from './stepExecutor';

export const stepExecutors: { readonly [T in StepType]: StepExecutor<StepOf<T>> } = {
  start: startExecutor,
  method: methodExecutor,
  condition: conditionExecutor,
  switch: switchExecutor,
  setVariables: setVariablesExecutor,
  delay: delayExecutor,
  forEach: forEachExecutor,
  runRunbook: runRunbookExecutor,
  approval: approvalExecutor,
  end: endExecutor,
};

/** The executor of a step's own type, ready to take that step. */
function executorOf(type: StepType): StepExecutor<Step> {
  // Each key holds its own type's executor; TypeScript cannot follow that pairing from
  // `step.type` to the executor's parameter, so it is asserted once, here.
  return stepExecutors[type] as StepExecutor<Step>;
}

export function executeStep(step: Step, context: ExecutionContext): Promise<StepOutcome> {
  return executorOf(step.type).execute(step, context);
}

/** Puts back what an earlier run's record of a step added to the scope (see restoreReused). */
export function restoreReusedStep(stepType: string, outputs: Record<string, unknown>, scope: RunScope): void {
  if (Object.hasOwn(stepExecutors, stepType))
    executorOf(stepType as StepType).restoreReused?.(outputs, scope);
}
