/**
 * Run runbook: runs another runbook with inputs; its variables become this step's outputs, and
 * its record's response names the child run.
 */
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import type { ExecutionContext, StepOutcome } from '../executionContext';
import type { StepExecutor } from './stepExecutor';

async function executeRunRunbook(
  step: StepOf<'runRunbook'>,
  context: ExecutionContext,
): Promise<StepOutcome> {
  const inputs = Object.fromEntries(
    Object.entries(step.inputs).map(([name, text]) => [name, context.resolve(text)]),
  );
  const child = await context.capabilities.runChild(step.runbookId, inputs, context.signal);
  const isSuccess = child.status === 'succeeded';
  return {
    status: isSuccess ? 'succeeded' : 'failed',
    edge: isSuccess ? 'success' : 'failure',
    outputs: child.vars,
    // Names the child run, so its records can be found from this one (a test case keeps them too).
    ...(child.runId === undefined ? {} : { response: { childRunId: child.runId } }),
    ...(isSuccess ? {} : { error: child.error ?? `The runbook ended ${child.status}.` }),
  };
}

export const runRunbookExecutor: StepExecutor<StepOf<'runRunbook'>> = { execute: executeRunRunbook };
