/**
 * For each: the first visit reads the array; every visit hands out the next element on the
 * "body" exit (the body's last step leads back here) until none is left, then exits "done".
 */
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import type { ExecutionContext, OpenLoop, StepOutcome } from '../executionContext';
import { setVariables } from '../variableAssignment';
import type { StepExecutor } from './stepExecutor';

export const maxIterations = 10_000;

/** How a value that is not an array reads in the error. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * Ends the loops entered after `stepId` (the map keeps them in the order they were entered):
 * coming back to a For each means the loops inside its body are over, even one whose body
 * left early, so the next item starts them afresh.
 */
function closeLoopsInside(context: ExecutionContext, stepId: string): void {
  let isInside = false;
  for (const id of [...context.loops.keys()]) {
    if (isInside) context.loops.delete(id);
    if (id === stepId) isInside = true;
  }
}

/** The item of every open loop, so an inner loop's item shadows an outer one only while it runs. */
function exposeItems(context: ExecutionContext): void {
  context.scope.items = Object.fromEntries(
    [...context.loops.values()]
      .filter((loop) => loop.index > 0)
      .map((loop) => [loop.variable, loop.items[loop.index - 1]]),
  );
}

/** The loops open now, outer before inner, as a waiting approval keeps them. */
export function openLoopsOf(context: ExecutionContext): OpenLoop[] {
  return [...context.loops.entries()].map(([stepId, loop]) => ({ stepId, ...loop }));
}

/** Opens again the loops a run was in when it stopped to wait (see waitingRunResume.ts). */
export function restoreOpenLoops(context: ExecutionContext, loops: readonly OpenLoop[]): void {
  for (const { stepId, ...loop } of loops) context.loops.set(stepId, loop);
  exposeItems(context);
}

function executeForEach(step: StepOf<'forEach'>, context: ExecutionContext): Promise<StepOutcome> {
  let loop = context.loops.get(step.id);
  if (loop === undefined) {
    const items = context.resolve(step.items);
    if (!Array.isArray(items)) {
      return Promise.resolve({
        status: 'failed',
        edge: null,
        error: `"${step.name}" needs an array to go through, not ${kindOf(items)}.`,
      });
    }
    if (items.length > maxIterations) {
      return Promise.resolve({
        status: 'failed',
        edge: null,
        error: `"${step.name}" has ${String(items.length)} items; at most ${String(maxIterations)}.`,
      });
    }
    loop = { items, index: 0, variable: step.itemVariable };
    context.loops.set(step.id, loop);
  } else {
    closeLoopsInside(context, step.id);
  }
  if (loop.index < loop.items.length) {
    const item = loop.items[loop.index];
    loop.index += 1;
    exposeItems(context);
    return Promise.resolve({ status: 'succeeded', edge: 'body', outputs: { index: loop.index - 1, item } });
  }
  context.loops.delete(step.id);
  exposeItems(context);
  return Promise.resolve({ status: 'succeeded', edge: 'done', outputs: { count: loop.items.length } });
}

export const forEachExecutor: StepExecutor<StepOf<'forEach'>> = {
  execute: executeForEach,
  // The body is skipped: no loop is opened, the step goes straight to "done" with the pin's outputs.
  executePinned: (_step, pin, context) => {
    setVariables(context.scope.vars, pin.vars);
    return { status: 'succeeded', edge: 'done', outputs: pin.outputs };
  },
};
