/**
 * Run runbook: runs another runbook with inputs; its variables become this step's outputs, and
 * its record's response names the child run. A pinned step (designer runs, dry runs) runs no
 * child: its pin's outputs stand in for the child's variables, and its status for the child's end.
 */
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import type { ChildRunRecord } from '../../../../shared/runbook/steps/runRunbook';
import type { PinValue } from '../../../../shared/rehearsal/rehearsal';
import type { ExecutionContext, StepOutcome } from '../executionContext';
import type { StepExecutor } from './stepExecutor';

/** A pin's answer: below 400 the child is taken to have succeeded. */
function pinnedOutcome(pin: PinValue): StepOutcome {
  const status = pin.status ?? 200;
  const isSuccess = status < 400;
  return {
    status: isSuccess ? 'succeeded' : 'failed',
    edge: isSuccess ? 'success' : 'failure',
    outputs: pin.outputs,
    ...(isSuccess ? {} : { error: `The pinned result says the runbook failed (status ${String(status)}).` }),
  };
}

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
    ...(child.runId === undefined ? {} : { response: { childRunId: child.runId } satisfies ChildRunRecord }),
    ...(isSuccess ? {} : { error: child.error ?? `The runbook ended ${child.status}.` }),
  };
}

export const runRunbookExecutor: StepExecutor<StepOf<'runRunbook'>> = {
  execute: executeRunRunbook,
  executePinned: (_step, pin) => pinnedOutcome(pin),
};
