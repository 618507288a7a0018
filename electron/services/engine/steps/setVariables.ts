/** Set variables: resolves each value and sets it as {{vars.<name>}} for the steps after it. */
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import { setVariable, setVariables } from '../variableAssignment';
import type { StepExecutor } from './stepExecutor';

export const setVariablesExecutor: StepExecutor<StepOf<'setVariables'>> = {
  execute: (step, context) => {
    const outputs: Record<string, unknown> = {};
    for (const assignment of step.assignments) {
      const value = context.resolve(assignment.value);
      setVariable(context.scope.vars, assignment.name, value);
      setVariable(outputs, assignment.name, value);
    }
    return Promise.resolve({ status: 'succeeded', edge: 'next', outputs });
  },
  // The values are not worked out: the pin's outputs are the variables.
  executePinned: (_step, pin, context) => {
    setVariables(context.scope.vars, pin.outputs);
    return { status: 'succeeded', edge: 'next', outputs: pin.outputs };
  },
};
