/** Execute method: resolves the arguments, sends through the HTTP core, exits success or failure. */
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import type { ExecutionContext, StepOutcome } from '../executionContext';
import type { StepExecutor } from './stepExecutor';

async function executeMethod(step: StepOf<'method'>, context: ExecutionContext): Promise<StepOutcome> {
  const variables = Object.fromEntries(
    Object.entries(step.arguments).map(([name, text]) => [name, context.resolve(text)]),
  );
  const result = await context.capabilities.sendMethod({
    methodId: step.methodId,
    configuration: step.configuration,
    client: context.scope.client,
    variables,
    signal: context.signal,
    beforeChangingRequest: context.commitStepStart,
    runId: context.runId,
  });
  const status = result.response?.status;
  const outputs: Record<string, unknown> = {};
  for (const output of result.outputs) outputs[output.name] = output.value;
  outputs.status = status ?? null;
  const isSuccess = result.error === null && status !== undefined && status < 400;
  return {
    status: isSuccess ? 'succeeded' : 'failed',
    edge: isSuccess ? 'success' : 'failure',
    outputs,
    request: result.request,
    response: result.response,
    ...(isSuccess ? {} : { error: result.error?.message ?? `The API answered ${String(status)}.` }),
  };
}

export const methodExecutor: StepExecutor<StepOf<'method'>> = { execute: executeMethod };
