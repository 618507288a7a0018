/** The contract's calls for runbooks: drafts, files, published versions and triggers (webhook, schedule). */
import { z } from 'zod';
import { idSchema } from '../domain/integration';
import {
  runbookDetailsSchema,
  runbookSchema,
  runbookSummarySchema,
  runbookVersionSchema,
  runbookVersionSummarySchema,
  versionNoteSchema,
  listedTriggersSchema,
  runStatusSchema,
  triggerStatusSchema,
  importPlanSchema,
} from '../domain/runbook';
import { runbookComparisonSchema } from '../domain/runbookComparison';
import { runbookGraphSchema } from '../runbook/runbookGraph';
import { byId, call, fileContentSchema } from './callDefinition';

export const runbookCalls = {
  'runbooks.list': call({
    description:
      'Runbooks matching a search (name, description, tags) and a category, each with its last run and versions.',
    input: z.object({
      search: z.string().trim().max(200).default(''),
      category: z.string().trim().max(60).default(''),
    }),
    output: z.object({
      items: z.array(
        runbookSummarySchema.extend({
          /** Its newest run, if it has run. */
          lastRun: z.object({ id: z.string(), status: runStatusSchema, queuedAt: z.string() }).nullable(),
          /** Its highest version number and the highest available one (what triggers run); null: never published. */
          versions: z.object({ latest: z.number().int(), live: z.number().int().nullable() }).nullable(),
          /** Its webhook and schedule as they act now; null when no published version is available. */
          triggers: listedTriggersSchema.nullable(),
        }),
      ),
      total: z.number().int(),
    }),
  }),
  'runbooks.get': call({
    description: 'One runbook with its draft graph.',
    input: byId,
    output: runbookSchema,
  }),
  'runbooks.create': call({
    description: 'Creates a runbook whose draft holds a Start step.',
    input: z.object({ details: runbookDetailsSchema }),
    output: runbookSchema,
  }),
  'runbooks.update': call({
    description:
      'Changes a runbook’s details and/or its draft graph. With draftRevision (the draft’s revision as read), a draft saved elsewhere since is refused (conflict) instead of overwritten; without it the draft replaces whatever is stored.',
    input: z.object({
      id: idSchema,
      details: runbookDetailsSchema.optional(),
      draft: runbookGraphSchema.optional(),
      /** The `draftRevision` of the runbook as read when its draft was edited. */
      draftRevision: z.string().trim().min(1).max(100).optional(),
    }),
    output: runbookSchema,
  }),
  'runbooks.deletionImpact': call({
    description:
      'What deleting a runbook takes with it (its runs) and the runbooks that run it as a step, which stop working.',
    input: byId,
    output: z.object({
      runs: z.number().int(),
      runbooks: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  }),
  'runbooks.delete': call({ description: 'Deletes a runbook with its runs.', input: byId, output: byId }),
  'runbooks.validate': call({
    description: 'Checks the draft before a run; each issue names its step.',
    input: byId,
    output: z.object({ issues: z.array(z.object({ stepId: z.string().nullable(), message: z.string() })) }),
  }),
  'runbooks.export': call({
    description:
      'The runbook as a file for teammates: with the runbooks it starts, the methods they use and their integrations, never a secret; warnings name values typed into methods that look like credentials.',
    input: byId,
    output: z.object({ fileName: z.string(), content: z.string(), warnings: z.array(z.string()) }),
  }),
  'runbooks.previewImport': call({
    description:
      'Reads a runbook file and says what importing it would create or match; changes nothing. Refuses a malformed or hostile file.',
    input: z.object({
      content: fileContentSchema,
      mode: z.enum(['copy', 'replaceDraft']).default('copy'),
    }),
    output: importPlanSchema,
  }),
  'runbooks.import': call({
    description:
      'Imports a runbook file in one transaction: integrations matched by name or created without credentials, methods matched or created, the runbook created (as a copy when its name is taken) or replacing that draft.',
    input: z.object({
      content: fileContentSchema,
      mode: z.enum(['copy', 'replaceDraft']).default('copy'),
    }),
    output: z.object({ runbookId: z.string(), plan: importPlanSchema }),
  }),
  'runbooks.publish': call({
    description:
      'Publishes the saved draft as the next numbered version with a note; webhook and schedule run the latest available version. A draft with problems is refused.',
    input: z.object({ id: idSchema, note: versionNoteSchema }),
    output: runbookVersionSummarySchema,
  }),
  'runbooks.versions': call({
    description: 'The runbook’s published versions, newest first, with how many runs ran each.',
    input: byId,
    output: z.array(runbookVersionSummarySchema),
  }),
  'runbooks.version': call({
    description: 'One published version with its graph, to view it read-only.',
    input: z.object({ id: idSchema, versionId: idSchema }),
    output: runbookVersionSchema,
  }),
  'runbooks.setVersionAvailable': call({
    description:
      'Marks a version available or unavailable; triggers skip unavailable versions and run the latest available one.',
    input: z.object({ id: idSchema, versionId: idSchema, isAvailable: z.boolean() }),
    output: runbookVersionSummarySchema,
  }),
  'runbooks.compare': call({
    description:
      'Compares two versions of a runbook, or a version and the draft ("draft" in place of a version id): both graphs, the steps added, removed and changed down to the field, the inputs, the edges, and the two export files line by line.',
    input: z.object({ id: idSchema, from: idSchema, to: idSchema }),
    output: runbookComparisonSchema,
  }),
  'runbooks.restoreVersion': call({
    description: 'Replaces the draft with a published version’s graph; the versions stay as they are.',
    input: z.object({ id: idSchema, versionId: idSchema }),
    output: runbookSchema,
  }),
  'runbooks.fork': call({
    description:
      'Copies a runbook’s details and draft into a new runbook ("<name> (copy)" unless named): no versions, no webhook secret, webhook and schedule switched off.',
    input: z.object({ id: idSchema, name: runbookDetailsSchema.shape.name.optional() }),
    output: runbookSchema,
  }),
  'runbooks.triggers': call({
    description:
      'The published version webhook and schedule run (or null), the webhook address and whether its secret is set, the schedule’s next five times and missed runs, and the latest trigger events.',
    input: byId,
    output: triggerStatusSchema,
  }),
  'runbooks.dismissMissedRuns': call({
    description:
      'Dismisses the schedule’s missed-runs note on the Start step: the trigger log entry logged at `at` (and any before it) is no longer shown there. It stays in the trigger log.',
    input: z.object({ id: idSchema, at: z.iso.datetime() }),
    output: z.object({ missedNoteDismissedAt: z.string() }),
  }),
  'runbooks.setTriggerSecret': call({
    description:
      'Sets (or, with null, removes) the webhook’s secret: the HMAC key or the Basic password. Write-only.',
    input: z.object({ id: idSchema, secret: z.string().min(1).max(1_000).nullable() }),
    output: z.object({ hasSecret: z.boolean() }),
  }),
} as const;
