/**
 * Switch: resolves the value and each case, follows the first case the value equals (by the same
 * comparison as a Condition's "equals": numbers as numbers, text as text), else `default`.
 */
import { conditionHolds } from '../../../../shared/runbook/evaluateCondition';
import type { StepOf } from '../../../../shared/runbook/stepTypes';
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

export const switchExecutor: StepExecutor<StepOf<'switch'>> = { execute: executeSwitch };
