/**
 * Execute method: resolves the arguments, asks the run's response source for the response (it
 * sends through the HTTP core, or answers from a pin, an example or a recording), exits success
 * or failure.
 */
import { setVariable } from '../variableAssignment';
import type { RequestResult } from '../../../../shared/domain/requestResult';
import { safeHttpMethods } from '../../../../shared/rehearsal/rehearsal';
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import { arrivalUnknownNote, type ExecutionContext, type StepOutcome } from '../executionContext';
import type { MethodCall } from '../responseSource';
import type { StepExecutor } from './stepExecutor';

/**
 * The step's request as its run's response source is handed it (also a Wait for approval's
 * Notify request, whose `maskedValues` hold the link's token).
 */
export function methodCallOf(
  step: Pick<StepOf<'method'>, 'id' | 'methodId' | 'configuration'>,
  variables: Record<string, unknown>,
  context: ExecutionContext,
  maskedValues?: readonly string[],
): MethodCall {
  const client = context.scope.client;
  const seq = context.currentSeq();
  return {
    stepId: step.id,
    // Every step sends one: the object is written out whole, as spreading one costs more here.
    send: () =>
      context.capabilities.sendMethod({
        methodId: step.methodId,
        configuration: step.configuration,
        client,
        variables,
        signal: context.signal,
        beforeChangingRequest: context.commitStepStart,
        runId: context.runId,
        seq,
        maskedValues,
        onRateLimitWait: context.onRateLimitWait,
      }),
    rehearse: (options) => {
      const rehearse = context.capabilities.rehearseMethod;
      if (rehearse === undefined) return Promise.reject(new Error('This app cannot rehearse requests.'));
      return rehearse({
        methodId: step.methodId,
        configuration: step.configuration,
        client,
        variables,
        ...options,
      });
    },
  };
}

async function executeMethod(step: StepOf<'method'>, context: ExecutionContext): Promise<StepOutcome> {
  const variables = Object.fromEntries(
    Object.entries(step.arguments).map(([name, text]) => [name, context.resolve(text)]),
  );
  const { result, rehearsal, halt } = await context.responses.respond(methodCallOf(step, variables, context));
  const status = result.response?.status;
  const outputs: Record<string, unknown> = {};
  // Defined, not assigned: an output may be named "__proto__", which assigned would be lost.
  for (const output of result.outputs) setVariable(outputs, output.name, output.value);
  outputs.status = status ?? null;
  // A response not sent says where it came from, in the record (see shared/rehearsal).
  const response = rehearsal === undefined ? result.response : { ...result.response, rehearsal };
  if (halt !== undefined)
    return { status: 'failed', edge: null, outputs, request: result.request, response, error: halt };
  const isSuccess = result.error === null && status !== undefined && status < 400;
  return {
    status: isSuccess ? 'succeeded' : 'failed',
    edge: isSuccess ? 'success' : 'failure',
    outputs,
    request: result.request,
    response,
    ...(isSuccess ? {} : failureOf(result, status)),
    ...(result.isNeverSent === true ? { isNeverSent: true as const } : {}),
  };
}

/** Whether the result is of a request that may change another system, cut off unanswered after it was sent. */
export function mayHaveArrivedUnanswered(result: RequestResult): boolean {
  const method = result.request?.method;
  return result.isArrivalUnknown === true && method !== undefined && !safeHttpMethods.has(method);
}

/**
 * Why the step failed; a request that may change another system, cut off unanswered after it was
 * sent, says it may have reached the API, and its record keeps its mark (see StepOutcome).
 */
function failureOf(
  result: RequestResult,
  status: number | undefined,
): Pick<StepOutcome, 'error' | 'isArrivalUnknown'> {
  const error = result.error?.message ?? `The API answered ${String(status)}.`;
  if (!mayHaveArrivedUnanswered(result)) return { error };
  return { error: `${error} ${arrivalUnknownNote}`, isArrivalUnknown: true };
}

export const methodExecutor: StepExecutor<StepOf<'method'>> = { execute: executeMethod };
