/** One step of a run, under its own signal: the run's cancellation and the step's timeout. */
import { stepTypes, type Step } from '../../../shared/runbook/stepTypes';
import { arrivalUnknownNote, type ExecutionContext, type StepOutcome } from './executionContext';
import { executeStep } from './steps/stepExecutors';

/** The edge a step that threw or timed out leaves by: its failure edge, if its type has one. */
const failureEdgeOf = (step: Step) => (stepTypes[step.type].outgoing.includes('failure') ? 'failure' : null);

/**
 * A step its timeout stopped: failed, along its failure edge if it has one. What the step said
 * as it stopped (`stopped`, when it stopped at once) is kept of its request: the request sent,
 * and whether it may have reached the API unanswered.
 */
function timedOutOutcome(step: Step, timeoutSeconds: number, stopped: StepOutcome | undefined): StepOutcome {
  const error = `"${step.name}" did not finish within its ${String(timeoutSeconds)} s timeout.`;
  const outcome: StepOutcome = { status: 'failed', edge: failureEdgeOf(step), error };
  if (stopped?.request !== undefined) outcome.request = stopped.request;
  if (stopped?.isArrivalUnknown === true) {
    outcome.error = `${error} ${arrivalUnknownNote}`;
    outcome.isArrivalUnknown = true;
  }
  return outcome;
}

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
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      hasTimedOut = true;
      stepController.abort();
      // A step that stops when told (a request cut off) settles before the next turn: what it
      // says of its request then is kept. One that does not is not waited for.
      setImmediate(resolve, undefined);
    }, timeoutSeconds * 1000);
  });
  try {
    const outcome = await Promise.race([
      executeStep(step, { ...context, signal: stepController.signal }),
      timedOut,
    ]);
    return hasTimedOut || outcome === undefined ? timedOutOutcome(step, timeoutSeconds, outcome) : outcome;
  } catch (error) {
    if (runSignal.aborted) return { status: 'failed', edge: null, error: 'Cancelled.' };
    if (hasTimedOut) return timedOutOutcome(step, timeoutSeconds, undefined);
    return { status: 'failed', edge: failureEdgeOf(step), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
    runSignal.removeEventListener('abort', onRunAbort);
  }
}
