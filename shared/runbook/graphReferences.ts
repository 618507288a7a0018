/**
 * What a runbook's steps refer to outside it — methods, runbooks, configurations — asked of each
 * step's declaration (steps/stepReferences.ts), so callers need not know which types refer to
 * what. A step whose type declares no references refers to nothing.
 */
import { configReferenceOf } from '../expressions/configReference';
import { listTemplateVariables } from '../expressions/template';
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

/** Every text of the step with {{placeholders}}: its own, and those with a few more variables (a Notify request's). */
function templateTextsOf(step: Step): string[] {
  const descriptor = descriptorOf(step);
  return [...descriptor.templatesOf(step), ...(descriptor.scopedTemplatesOf?.(step).texts ?? [])];
}

/** The placeholders of a text; a text that does not parse reads none (validation names it). */
function variablesOf(text: string): string[] {
  try {
    return listTemplateVariables(text);
  } catch {
    return [];
  }
}

/**
 * The `{{config.<prefix>.<field>}}` values the steps' own template fields read, as [prefix, field],
 * once each (a method's request reads its own through its method).
 */
export function configReferencesOfSteps(steps: readonly Step[]): [prefix: string, field: string][] {
  const found = new Map<string, [string, string]>();
  for (const step of steps)
    for (const text of templateTextsOf(step)) {
      // Most texts hold no configuration value: not parsed at all then.
      if (!text.includes('config')) continue;
      for (const path of variablesOf(text)) {
        const reference = configReferenceOf(path);
        if (reference !== undefined) found.set(reference.join('.'), reference);
      }
    }
  return [...found.values()];
}
