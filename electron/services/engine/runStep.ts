/** One step of a run, under its own signal: the run's cancellation and the step's timeout. */
import { stepTypes, type Step } from '../../../shared/runbook/stepTypes';
import type { ExecutionContext, StepOutcome } from './executionContext';
import { executeStep } from './steps/stepExecutors';

/** The edge a step that threw or timed out leaves by: its failure edge, if its type has one. */
const failureEdgeOf = (step: Step) => (stepTypes[step.type].outgoing.includes('failure') ? 'failure' : null);

/**
 * Runs one step under its own signal: the run's cancellation reaches it, and so does its
 * timeout (when the step has one), which fails the step — along its failure edge if it has one.
 */
export async function runStep(
  step: Step,
  context: ExecutionContext,
  runSignal: AbortSignal,
): Promise<StepOutcome> {
  const timeoutSeconds = 'timeoutSeconds' in step ? step.timeoutSeconds : undefined;
  if (timeoutSeconds === undefined) {
    // No timeout (most steps): the run's own signal is all the step needs.
    try {
      return await executeStep(step, context);
    } catch (error) {
      if (runSignal.aborted) return { status: 'failed', edge: null, error: 'Cancelled.' };
      return { status: 'failed', edge: failureEdgeOf(step), error: (error as Error).message };
    }
  }
  const stepController = new AbortController();
  const onRunAbort = () => stepController.abort();
  runSignal.addEventListener('abort', onRunAbort, { once: true });
  let hasTimedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<StepOutcome>((resolve) => {
    timer = setTimeout(() => {
      hasTimedOut = true;
      stepController.abort();
      resolve({
        status: 'failed',
        edge: failureEdgeOf(step),
        error: `"${step.name}" did not finish within its ${String(timeoutSeconds)} s timeout.`,
      });
    }, timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([executeStep(step, { ...context, signal: stepController.signal }), timedOut]);
  } catch (error) {
    if (runSignal.aborted) return { status: 'failed', edge: null, error: 'Cancelled.' };
    if (hasTimedOut) return await timedOut;
    return { status: 'failed', edge: failureEdgeOf(step), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
    runSignal.removeEventListener('abort', onRunAbort);
  }
}
