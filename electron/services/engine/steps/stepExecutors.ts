/**
 * The engine's step registry: each step type's executor, under the same keys as the shared
 * registry (shared/runbook/steps/stepRegistry.ts). A step type is its module here plus one line.
 */
import { pinProblemOf } from '../../../../shared/rehearsal/stepPins';
import type { Step, StepOf, StepType } from '../../../../shared/runbook/stepTypes';
import type { ExecutionContext, StepOutcome } from '../executionContext';
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

/** A pinned step's outcome, its record saying it was answered by its pin (as a pinned request's does). */
function markedPinned(outcome: StepOutcome): StepOutcome {
  const response = typeof outcome.response === 'object' && outcome.response !== null ? outcome.response : {};
  return { ...outcome, response: { ...response, rehearsal: { source: 'pin', wouldHaveSent: false } } };
}

/**
 * Runs the step — or, when the run's response source holds a pin for it and its type takes pins
 * itself, gives the pinned outcome. A pin that no longer fits the step (an exit since removed)
 * fails the step saying so rather than guess a way on.
 */
export function executeStep(step: Step, context: ExecutionContext): Promise<StepOutcome> {
  const executor = executorOf(step.type);
  const executePinned = executor.executePinned;
  const pin = executePinned === undefined ? undefined : context.responses.pinOf?.(step.id);
  if (pin === undefined || executePinned === undefined) return executor.execute(step, context);
  const problem = pinProblemOf(step, pin);
  if (problem !== null) return Promise.resolve({ status: 'failed', edge: null, error: problem });
  return Promise.resolve(markedPinned(executePinned(step, pin, context)));
}
