/** Run runbook: runs another runbook with inputs; its variables become this step's outputs. */
import type { Step } from '../../../../shared/runbook/stepTypes';
import type { ExecutionContext, StepOutcome } from '../executionContext';

export async function executeRunRunbook(
  step: Extract<Step, { type: 'runRunbook' }>,
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
    ...(isSuccess ? {} : { error: child.error ?? `The runbook ended ${child.status}.` }),
  };
}
