/** Start, Set variables, Delay and End: steps that only move values or time. */
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
  const seconds = Number(context.resolve(step.seconds));
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    return {
      status: 'failed',
      edge: 'next',
      error: `The delay must be 0 to 86400 seconds, not "${String(seconds)}".`,
    };
  }
  await context.capabilities.sleep(seconds * 1000, context.signal);
  return { status: 'succeeded', edge: 'next', outputs: { seconds } };
}

export function executeEnd(step: Of<'end'>, context: ExecutionContext): Promise<StepOutcome> {
  const message = String(context.resolve(step.message) ?? '');
  return Promise.resolve({
    status: step.outcome === 'failed' ? 'failed' : 'succeeded',
    edge: null,
    end: { outcome: step.outcome, message },
  });
}
