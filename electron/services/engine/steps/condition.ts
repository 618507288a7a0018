/** Condition: resolves both sides of every rule and exits true or false. */
import { conditionHolds } from '../../../../shared/runbook/evaluateCondition';
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import type { ExecutionContext, StepOutcome } from '../executionContext';
import { boundedPatternTest } from './boundedPatternTest';
import type { StepExecutor } from './stepExecutor';

function executeCondition(step: StepOf<'condition'>, context: ExecutionContext): Promise<StepOutcome> {
  const resolved = step.rules.map((rule) => ({
    left: context.resolve(rule.left),
    operator: rule.operator,
    right: context.resolve(rule.right),
  }));
  const holds = conditionHolds(step.combine, resolved, boundedPatternTest);
  return Promise.resolve({ status: 'succeeded', edge: holds ? 'true' : 'false', outputs: { result: holds } });
}

export const conditionExecutor: StepExecutor<StepOf<'condition'>> = {
  execute: executeCondition,
  // The rules are not resolved: the pinned exit is the way on.
  executePinned: (_step, pin) => ({
    status: 'succeeded',
    edge: pin.exit === 'false' ? 'false' : 'true',
    outputs: { result: pin.exit !== 'false', ...pin.outputs },
  }),
};
