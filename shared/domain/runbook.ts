/** Runbook details and run records as they cross the contract (PRODUCT.md §4). */
import { z } from 'zod';
import { runbookGraphSchema } from '../runbook/runbookGraph';
import { debugPauseSchema } from '../rehearsal/debugging';
import { runModeSchema, stepRehearsalSchema } from '../rehearsal/rehearsal';
import { maxNameLength } from './firstFreeName';
import { savedText } from '../io/exchangeText';
import { trimmedText } from './integration';
import { runStatuses, stepStatuses } from './runStatus';
import { rateLimitWaitNoteSchema } from './rateLimitWait';
import { valuesByNameSchema } from './valuesByName';
import { automaticTriggerKinds, triggerKinds, triggerOutcomes } from './triggerKind';

export const runbookLimits = {
  nameMax: maxNameLength,
  descriptionMax: 5_000,
  categoryMax: 60,
  tagMax: 40,
  tagsMax: 30,
} as const;

const runbookTexts = {
  name: trimmedText('Name', runbookLimits.nameMax).min(1, { message: 'Name is required' }),
  description: trimmedText('Description', runbookLimits.descriptionMax),
  category: trimmedText('Category', runbookLimits.categoryMax),
  tag: trimmedText('A tag', runbookLimits.tagMax).min(1, { message: 'A tag cannot be empty' }),
};

const tagsOf = (tag: z.ZodString) =>
  z
    .array(tag)
    .max(runbookLimits.tagsMax, { message: `A runbook has at most ${runbookLimits.tagsMax} tags` })
    .default([]);

/** The details as stored and answered: read as they are, so a row saved before savedText still lists. */
const storedRunbookDetailsSchema = z.object({
  name: runbookTexts.name,
  description: runbookTexts.description.default(''),
  category: runbookTexts.category.default(''),
  tags: tagsOf(runbookTexts.tag),
});

/** The details as saved (a create, an edit, a fork's name, an import): texts as the import takes them. */
export const runbookDetailsSchema = z.object({
  name: savedText(runbookTexts.name, 'Name'),
  description: savedText(runbookTexts.description, 'Description', true).default(''),
  category: savedText(runbookTexts.category, 'Category').default(''),
  tags: tagsOf(savedText(runbookTexts.tag, 'A tag')),
});
export type RunbookDetails = z.infer<typeof runbookDetailsSchema>;

export const runbookSummarySchema = storedRunbookDetailsSchema.extend({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const runbookSchema = runbookSummarySchema.extend({
  draft: runbookGraphSchema,
  /**
   * The draft's revision: changes whenever another draft is saved (not with the details). Sent back
   * with a draft to `runbooks.update`, it refuses to save over a draft saved elsewhere since.
   */
  draftRevision: z.string(),
});
export type Runbook = z.infer<typeof runbookSchema>;

export const runStatusSchema = z.enum(runStatuses);
export const triggerKindSchema = z.enum(triggerKinds);

export const runSummarySchema = z.object({
  id: z.string(),
  runbookId: z.string(),
  versionId: z.string().nullable(),
  /** The number of the published version it ran; null for a run of the draft. */
  versionNumber: z.number().int().nullable(),
  status: runStatusSchema,
  trigger: triggerKindSchema,
  clientName: z.string(),
  /** Kept as they are: `__proto__` is a valid input name (valuesByName.ts). */
  inputs: valuesByNameSchema,
  error: z.string().nullable(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The run this one repeated, and the step it resumed from (reusing earlier outputs). */
  rerunOf: z.string().nullable(),
  resumedFromStep: z.string().nullable(),
  /**
   * The run's result: the message of the End step it ended at (Succeeded or Failed), resolved
   * and with secrets masked; null when it ended elsewhere or the message is empty. A failed End
   * also gives it as `error`.
   */
  message: z.string().nullable(),
  /**
   * How the run treated requests: `live` sent them (a designer run answers pinned steps from
   * their pins), `dryRun` sent only safe ones, `replay` answered from a test case's recording.
   * A step not sent says so in its record's `response.rehearsal` (shared/rehearsal/rehearsal.ts).
   */
  mode: runModeSchema,
  /** The run group (run across clients) this run is one client's run of, or null. */
  groupId: z.string().nullable().default(null),
});

export const stepStatusSchema = z.enum(stepStatuses);

/** What a run keeps of one step: its request (secrets masked) and response, outputs and error. */
export const stepRecordSchema = z.object({
  seq: z.number().int(),
  stepId: z.string(),
  stepType: z.string(),
  status: stepStatusSchema,
  request: z.unknown(),
  response: z.unknown(),
  outputs: valuesByNameSchema,
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  /**
   * The app stopped, or the run was cancelled, while this step's request (one that may change
   * something) was out.
   */
  mayHaveBeenSent: z.boolean(),
  /**
   * While it runs, and its request waits before it leaves (its integration's rate limit, a
   * Retry-After pause): why. Absent otherwise.
   */
  rateLimitWait: rateLimitWaitNoteSchema.optional(),
});

/**
 * A step record as its event carries it: what a list of steps shows, without request and
 * response, and only the short outputs (masked like the record). When `isComplete` is false,
 * runs.step gives the whole record.
 */
export const stepSummarySchema = stepRecordSchema.omit({ request: true, response: true }).extend({
  /** True when `outputs` holds every output and the record has no request or response. */
  isComplete: z.boolean(),
  /**
   * The record's `response.rehearsal` (its request was not sent: pinned, or a dry run's would-have-
   * sent), so a live page marks the step without reading the whole record.
   */
  rehearsal: stepRehearsalSchema.optional(),
});

export const runDetailSchema = runSummarySchema.extend({
  /** The webhook payload that started the run ({{trigger.body}}), or null. */
  triggerBody: z.unknown(),
  steps: z.array(stepRecordSchema),
  /**
   * Where a debug run is paused now, in whichever process on the data folder runs it (its status
   * stays running: a pause is not a run status), or null.
   */
  pause: debugPauseSchema.nullable(),
});

/**
 * A runbook's triggers as its row in the runbooks list shows them: what the version triggers run
 * has, with the switches of the draft that apply at once (webhook on/off, schedule paused).
 */
export const listedTriggersSchema = z.object({
  /** Null: the version triggers run has no webhook settings. */
  webhook: z.object({ isEnabled: z.boolean() }).nullable(),
  /** Null: it has no schedule switched on. `nextAt` is the next firing while it is active. */
  schedule: z.object({ isPaused: z.boolean(), nextAt: z.string().nullable() }).nullable(),
});
export type ListedTriggers = z.infer<typeof listedTriggersSchema>;

/** What the Start step's inspector shows about the runbook's triggers. */
export const triggerEventSchema = z.object({
  id: z.number().int(),
  kind: z.enum(automaticTriggerKinds),
  outcome: z.enum(triggerOutcomes),
  at: z.string(),
  status: z.number().int().nullable(),
  message: z.string(),
  runId: z.string().nullable(),
});
export type TriggerEventView = z.infer<typeof triggerEventSchema>;

/** The trigger status lists this many of the latest trigger events. */
export const latestTriggerEventsShown = 20;

/** A trigger log entry as the `triggers.logged` event carries it (its row id is not known yet). */
export const loggedTriggerEventSchema = triggerEventSchema.omit({ id: true });
export type LoggedTriggerEvent = z.infer<typeof loggedTriggerEventSchema>;

export const triggerStatusSchema = z.object({
  /** The published version webhook and schedule run (the latest available one), or null when none. */
  version: z.object({ number: z.number().int(), publishedAt: z.string() }).nullable(),
  webhook: z.object({
    /** Null while the webhook server is not listening (see `error`). */
    url: z.string().nullable(),
    hasSecret: z.boolean(),
    error: z.string().nullable(),
  }),
  schedule: z.object({
    nextTimes: z.array(z.string()),
    lastFiredAt: z.string().nullable(),
    error: z.string().nullable(),
    /** The missed-runs note logged then or before was dismissed (shared/schedule/missedRunsNote.ts). */
    missedNoteDismissedAt: z.string().nullable(),
  }),
  events: z.array(triggerEventSchema),
});
export type TriggerStatus = z.infer<typeof triggerStatusSchema>;

/** What an import will do, shown before the user confirms it. */
export const importPlanSchema = z.object({
  runbook: z.object({
    name: z.string(),
    action: z.enum(['create', 'copy', 'replaceDraft']),
    finalName: z.string(),
  }),
  runbooks: z.array(z.object({ name: z.string(), action: z.enum(['create', 'useExisting']) })),
  integrations: z.array(
    z.object({
      name: z.string(),
      action: z.enum(['create', 'match']),
      methods: z.array(z.object({ name: z.string(), action: z.enum(['create', 'match', 'matchDiffers']) })),
    }),
  ),
  notes: z.array(z.string()),
});
export type ImportPlan = z.infer<typeof importPlanSchema>;

/** A published version as listed (PRODUCT.md §4 "Versions"); its graph comes with runbooks.version. */
export const runbookVersionSummarySchema = z.object({
  id: z.string(),
  /** 1, 2, 3… per runbook, never reused. */
  number: z.number().int(),
  note: z.string(),
  /** Webhook and schedule run the highest-numbered available version. */
  isAvailable: z.boolean(),
  publishedAt: z.string(),
  /** How many runs ran this version. */
  runCount: z.number().int(),
});
export type RunbookVersionSummary = z.infer<typeof runbookVersionSummarySchema>;

export const runbookVersionSchema = runbookVersionSummarySchema.extend({ graph: runbookGraphSchema });
export type RunbookVersion = z.infer<typeof runbookVersionSchema>;

export const versionNoteSchema = trimmedText('The note', 2_000).default('');
