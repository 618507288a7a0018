/** The one list of step executors: a step type is its module plus one line here. */
import type { Step } from '../../../../shared/runbook/stepTypes';
import type { ExecutionContext, StepOutcome } from '../executionContext';
import { executeCondition } from './conditionExecutor';
import { executeForEach } from './forEachExecutor';
import { executeMethod } from './methodExecutor';
import { executeRunRunbook } from './runRunbookExecutor';
import { executeDelay, executeEnd, executeSetVariables, executeStart } from './simpleExecutors';

export function executeStep(step: Step, context: ExecutionContext): Promise<StepOutcome> {
  switch (step.type) {
    case 'start':
      return executeStart();
    case 'method':
      return executeMethod(step, context);
    case 'condition':
      return executeCondition(step, context);
    case 'setVariables':
      return executeSetVariables(step, context);
    case 'delay':
      return executeDelay(step, context);
    case 'forEach':
      return executeForEach(step, context);
    case 'runRunbook':
      return executeRunRunbook(step, context);
    case 'end':
      return executeEnd(step, context);
  }
}
