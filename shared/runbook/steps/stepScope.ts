/**
 * What a step adds to the scope of the steps after it, asked of its type's declaration: its
 * outputs, the {{vars}} it sets, the loop item it offers its body. Scope and validation read
 * these instead of knowing the types.
 */
import { descriptorOf, type Step } from './stepRegistry';

const noOutputs: ReadonlySet<string> = new Set();

/** The outputs later steps may read (null: any name, not known before the run). */
export function outputsInScopeOf(
  step: Step,
  outputsOf: (methodId: string) => string[] | undefined,
): ReadonlySet<string> | null {
  const { outputsInScope } = descriptorOf(step);
  return outputsInScope === undefined ? noOutputs : outputsInScope(step, outputsOf);
}

/** The {{vars.<name>}} names the step sets. */
export function variablesSetBy(step: Step): readonly string[] {
  return descriptorOf(step).variablesSet?.(step) ?? [];
}

/** The loop item the step offers the steps of its "body" branch, or undefined. */
export function loopItemOf(step: Step): string | undefined {
  return descriptorOf(step).loopItemOf?.(step);
}
