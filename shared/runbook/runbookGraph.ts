/**
 * A runbook's flow chart (PRODUCT.md §4): steps, the edges between their handles, and the
 * runbook's inputs. Plain JSON, stored as the draft and in every published version. Canvas
 * positions sit beside the logic so an export can keep them apart.
 */
import { z } from 'zod';
import { limitedRecord } from '../domain/limitedRecord';
import { stepSchema } from './stepTypes';

export const stepIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, { message: 'Step ids are lower-case letters, digits and _' });

/** The exits every step type may have by its type alone. */
export const fixedEdgeKinds = [
  'next',
  'success',
  'failure',
  'true',
  'false',
  'body',
  'done',
  'default',
  'approved',
  'rejected',
  'timed_out',
] as const;

/** A Switch case's exit: `case_` and the case's own id, so renaming its value keeps its edge. */
export type CaseEdgeKind = `case_${string}`;
export const caseEdgeKindPattern = /^case_[a-z0-9]{1,16}$/;

export const edgeKindSchema = z.union([
  z.enum(fixedEdgeKinds),
  z.custom<CaseEdgeKind>((value) => typeof value === 'string' && caseEdgeKindPattern.test(value), {
    message: 'Not an exit of a step',
  }),
]);

export const edgeSchema = z.object({
  from: stepIdSchema,
  /**
   * The outgoing exit of the source step: next, success, failure, true, false, body, done,
   * default, approved, rejected, timed_out, case_<id>.
   */
  kind: edgeKindSchema,
  to: stepIdSchema,
});
export type Edge = z.infer<typeof edgeSchema>;
export type EdgeKind = Edge['kind'];

export const runbookInputTypes = ['string', 'number', 'boolean', 'json'] as const;

/** What each input type is called wherever a person sees it: the inspector, the Run dialog. */
export const runbookInputTypeLabels: Readonly<Record<(typeof runbookInputTypes)[number], string>> = {
  string: 'Text',
  number: 'Number',
  boolean: 'Yes/no',
  json: 'JSON',
};

export const runbookInputSchema = z.object({
  /** Checked by validateGraph (letters, digits and _), so a name half typed is saved as it is. */
  name: z.string().max(64),
  type: z.enum(runbookInputTypes),
  isRequired: z.boolean().default(false),
  defaultValue: z.string().max(100_000).default(''),
  description: z.string().max(2_000).default(''),
});
export type RunbookInput = z.infer<typeof runbookInputSchema>;

export const runbookGraphSchema = z.object({
  inputs: z.array(runbookInputSchema).max(100).default([]),
  steps: z.array(stepSchema).max(10_000).default([]),
  edges: z.array(edgeSchema).max(20_000).default([]),
  /** Canvas positions by step id; layout only, never logic. */
  positions: limitedRecord(stepIdSchema, z.object({ x: z.number(), y: z.number() }), 10_000).default({}),
});
export type RunbookGraph = z.infer<typeof runbookGraphSchema>;
