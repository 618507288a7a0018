/** End: ends the run with its outcome and its message (resolved). */
import { renderValue } from '../../../../shared/expressions/template';
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import type { StepExecutor } from './stepExecutor';

export const endExecutor: StepExecutor<StepOf<'end'>> = {
  execute: (step, context) => {
    // A lone placeholder gives its own value; an object reads as JSON, as in any other text.
    const message = renderValue(context.resolve(step.message));
    return Promise.resolve({
      status: step.outcome === 'failed' ? 'failed' : 'succeeded',
      edge: null,
      end: { outcome: step.outcome, message },
    });
  },
  // The pin's outcome and message, where it gives them, instead of the step's own.
  executePinned: (step, pin, context) => {
    const outcome = pin.outcome ?? step.outcome;
    const message = pin.message ?? renderValue(context.resolve(step.message));
    return {
      status: outcome === 'failed' ? 'failed' : 'succeeded',
      edge: null,
      outputs: pin.outputs,
      end: { outcome, message },
    };
  },
};
