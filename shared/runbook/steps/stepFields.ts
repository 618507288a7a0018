/**
 * The fields every step schema is built from: its id and name, templates, references to other
 * things by id, and the optional time limit of steps that do work. Each step module composes
 * its own schema from these, so the rules (lengths, id syntax) stay the same for every type.
 *
 * The schemas hold what a draft may be in the middle of an edit — a step not yet named, a method
 * not yet chosen, a variable name half typed — so the designer saves it as it is: the checks
 * (validateGraph, each step's own) name those as problems on the step, and a run refuses them.
 * The schemas keep only the bounds that protect the app (lengths, counts, id syntax).
 */
import { z } from 'zod';
import { limitedRecord, recordAsGiven } from '../../domain/limitedRecord';

/** A text that may hold {{placeholders}}, resolved when the step runs. */
export const templateField = z.string().max(100_000);

/** A variable name a step introduces ({{vars.x}}, a loop item); `isVariableName` checks it. */
export const variableNameField = z.string().max(64);

/** What a variable or input may be named: letters, digits and _, not starting with a digit. */
export function isVariableName(name: string): boolean {
  return /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/.test(name);
}

/** What a step refers to (a method, configuration or runbook) by its id; empty until one is chosen. */
export const referenceField = z.string().max(64, { message: 'Not a valid id' });

/**
 * Values by name (method variables, child runbook inputs), as templates, given back as they came:
 * a key "__proto__" is a name a method may declare (`/items/{__proto__}`) or an input may have,
 * and zod's record left it out, so the step lost its value whenever the draft was saved.
 */
export const templatesByNameField = recordAsGiven(limitedRecord(z.string().max(200), templateField, 500), {
  type: 'string',
});

/**
 * The template given for `name` in such values, or undefined when none is: read as their own
 * entry only, so a name such as "constructor" or "__proto__" (a valid method variable or input
 * name) is not read from the object's prototype — "{{constructor}}" in a method's path made the
 * step's check call .trim() on the Object function.
 */
export function templateGivenTo(values: Readonly<Record<string, string>>, name: string): string | undefined {
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

/** The id and name every step has. */
export const stepBaseFields = {
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, { message: 'Step ids are lower-case letters, digits and _' }),
  /** Empty while being typed; validateGraph asks for one. */
  name: z.string().trim().max(200),
};

/** Steps that do work may carry a time limit; past it the step fails (and takes its failure edge). */
export const timedStepFields = { timeoutSeconds: z.number().int().min(1).max(86_400).optional() };
