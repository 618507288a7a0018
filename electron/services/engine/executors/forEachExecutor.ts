/**
 * For each: the first visit reads the array; every visit hands out the next element on the
 * "body" exit (the body's last step leads back here) until none is left, then exits "done".
 */
import type { Step } from '../../../../shared/runbook/stepTypes';
import type { ExecutionContext, StepOutcome } from '../executionContext';

export const maxIterations = 10_000;

export function executeForEach(
  step: Extract<Step, { type: 'forEach' }>,
  context: ExecutionContext,
): Promise<StepOutcome> {
  let loop = context.loops.get(step.id);
  if (loop === undefined) {
    const items = context.resolve(step.items);
    if (!Array.isArray(items)) {
      return Promise.resolve({
        status: 'failed',
        edge: null,
        error: `"${step.name}" needs an array to go through, not ${typeof items}.`,
      });
    }
    if (items.length > maxIterations) {
      return Promise.resolve({
        status: 'failed',
        edge: null,
        error: `"${step.name}" has ${String(items.length)} items; at most ${String(maxIterations)}.`,
      });
    }
    loop = { items, index: 0 };
    context.loops.set(step.id, loop);
  }
  if (loop.index < loop.items.length) {
    const item = loop.items[loop.index];
    context.scope.items[step.itemVariable] = item;
    loop.index += 1;
    return Promise.resolve({ status: 'succeeded', edge: 'body', outputs: { index: loop.index - 1, item } });
  }
  context.loops.delete(step.id);
  const { [step.itemVariable]: _finished, ...rest } = context.scope.items;
  context.scope.items = rest;
  return Promise.resolve({ status: 'succeeded', edge: 'done', outputs: { count: loop.items.length } });
}
