/**
 * Switch: resolves the value and each case, follows the first case the value equals (by the same
 * comparison as a Condition's "equals": numbers as numbers, text as text), else `default`.
 */
import { conditionHolds } from '../../../../shared/runbook/evaluateCondition';
import { exitsOfStep, type StepOf } from '../../../../shared/runbook/stepTypes';
import { caseExit } from '../../../../shared/runbook/steps/switch';
import type { ExecutionContext, StepOutcome } from '../executionContext';
import type { StepExecutor } from './stepExecutor';

function executeSwitch(step: StepOf<'switch'>, context: ExecutionContext): Promise<StepOutcome> {
  const value = context.resolve(step.value);
  for (const switchCase of step.cases) {
    const equals = context.resolve(switchCase.equals);
    if (conditionHolds('all', [{ left: value, operator: 'equals', right: equals }]))
      return Promise.resolve({
        status: 'succeeded',
        edge: caseExit(switchCase),
        outputs: { value, case: switchCase.equals },
      });
  }
  return Promise.resolve({ status: 'succeeded', edge: 'default', outputs: { value, case: 'default' } });
}

/** The case a pinned exit names, as the step's `case` output says it. */
function caseNamed(step: StepOf<'switch'>, exit: string): string {
  return step.cases.find((switchCase) => caseExit(switchCase) === exit)?.equals ?? 'default';
}

export const switchExecutor: StepExecutor<StepOf<'switch'>> = {
  execute: executeSwitch,
  // The value is not resolved: the pinned exit (checked to be one of the step's) is the way on.
  executePinned: (step, pin) => {
    const exit = pin.exit ?? 'default';
    return {
      status: 'succeeded',
      edge: exitsOfStep(step).find((kind) => kind === exit) ?? 'default',
      outputs: { case: caseNamed(step, exit), ...pin.outputs },
    };
  },
};
