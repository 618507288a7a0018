/** Start, Set variables, Delay and End: steps that only move values or time. */
import { renderValue } from '../../../../shared/expressions/template';
import type { Step } from '../../../../shared/runbook/stepTypes';
import type { ExecutionContext, StepOutcome } from '../executionContext';

type Of<T extends Step['type']> = Extract<Step, { type: T }>;

export function executeStart(): Promise<StepOutcome> {
  return Promise.resolve({ status: 'succeeded', edge: 'next' });
}

export function executeSetVariables(
  step: Of<'setVariables'>,
  context: ExecutionContext,
): Promise<StepOutcome> {
  const outputs: Record<string, unknown> = {};
  for (const assignment of step.assignments) {
    const value = context.resolve(assignment.value);
    context.scope.vars[assignment.name] = value;
    outputs[assignment.name] = value;
  }
  return Promise.resolve({ status: 'succeeded', edge: 'next', outputs });
}

export async function executeDelay(step: Of<'delay'>, context: ExecutionContext): Promise<StepOutcome> {
  const given = context.resolve(step.seconds);
  const seconds = Number(given);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    // No failure exit: the run stops here rather than go on as if it had waited.
    return {
      status: 'failed',
      edge: null,
      error: `The delay must be 0 to 86400 seconds, not ${JSON.stringify(given) ?? String(given)}.`,
    };
  }
  await context.capabilities.sleep(seconds * 1000, context.signal);
  return { status: 'succeeded', edge: 'next', outputs: { seconds } };
}

export function executeEnd(step: Of<'end'>, context: ExecutionContext): Promise<StepOutcome> {
  // A lone placeholder gives its own value; an object reads as JSON, as in any other text.
  const message = renderValue(context.resolve(step.message));
  return Promise.resolve({
    status: step.outcome === 'failed' ? 'failed' : 'succeeded',
    edge: null,
    end: { outcome: step.outcome, message },
  });
}
