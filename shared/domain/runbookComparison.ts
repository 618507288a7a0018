/**
 * Two versions of a runbook side by side (PRODUCT.md §4 "Versions"; or a version and the draft):
 * both graphs, what changed step by step (shared/runbook/graphDiff.ts) and how their export files
 * differ line by line (shared/io/lineDiff.ts).
 */
import { z } from 'zod';
import { edgeSchema, runbookGraphSchema } from '../runbook/runbookGraph';

/** What `runbooks.compare` takes for a side: a version's id, or this word for the draft. */
export const draftSide = 'draft';

const changeKindSchema = z.enum(['added', 'removed', 'changed']);
const fieldChangeSchema = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });

export const graphDiffSchema = z.object({
  steps: z.array(
    z.object({
      stepId: z.string(),
      name: z.string(),
      type: z.string(),
      kind: changeKindSchema,
      fields: z.array(fieldChangeSchema),
    }),
  ),
  inputs: z.array(z.object({ name: z.string(), kind: changeKindSchema, fields: z.array(fieldChangeSchema) })),
  edges: z.object({ added: z.array(edgeSchema), removed: z.array(edgeSchema) }),
  moved: z.array(z.string()),
});

export const diffLineSchema = z.object({
  op: z.enum(['keep', 'remove', 'add']),
  text: z.string(),
  before: z.number().int().nullable(),
  after: z.number().int().nullable(),
});

const comparedSideSchema = z.object({
  /** "Version 3" or "Draft". */
  label: z.string(),
  /** The version's id; null for the draft. */
  versionId: z.string().nullable(),
  graph: runbookGraphSchema,
});

export const runbookComparisonSchema = z.object({
  from: comparedSideSchema,
  to: comparedSideSchema,
  diff: graphDiffSchema,
  /** The export files' changed lines with context, or why there is no file to compare. */
  file: z.union([
    z.object({ hunks: z.array(z.array(diffLineSchema)), changedLines: z.number().int() }),
    z.object({ unavailable: z.string() }),
  ]),
});
export type RunbookComparison = z.infer<typeof runbookComparisonSchema>;
