/**
 * What a runbook's steps refer to outside it — methods, runbooks, configurations — asked of each
 * step's declaration (steps/stepReferences.ts), so callers need not know which types refer to
 * what. A step whose type declares no references refers to nothing.
 */
import type { ReferencedIds } from './steps/stepReferences';
import { descriptorOf, type Step } from './steps/stepRegistry';

const nothing: ReferencedIds = { methodIds: [], runbookIds: [] };

/** The methods and runbooks a step refers to, by id. */
export function referencedIdsOf(step: Step): ReferencedIds {
  return descriptorOf(step).references?.idsOf(step) ?? nothing;
}

/** Every method the steps send, once each, in the order the steps first name them. */
export function methodIdsOf(steps: readonly Step[]): string[] {
  return [...new Set(steps.flatMap((step) => referencedIdsOf(step).methodIds))];
}

/**
 * The step sending with the configuration `configurationFor` gives for its method where it would
 * use the primary one; the same object when that changes nothing (or it sends no method).
 */
export function withConfigurationFor(
  step: Step,
  configurationFor: (methodId: string) => string | undefined,
): Step {
  return descriptorOf(step).references?.withConfiguration?.(step, configurationFor) ?? step;
}
