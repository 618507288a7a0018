/**
 * Start (PRODUCT.md §4): where every run begins. It holds the runbook's triggers — the webhook
 * and the schedule — and its own checks are theirs (validateTriggers.ts).
 */
import { z } from 'zod';
import { groupConcurrencySchema, maxGroupClients } from '../../domain/runGroup';
import { validateTriggers } from '../validateTriggers';
import { defineStep } from './stepDescriptor';
import { stepBaseFields } from './stepFields';

/**
 * The webhook trigger (PRODUCT.md §4): POST to the runbook's URL. Its secret (HMAC key or Basic
 * password) is never part of the graph: it is stored encrypted beside the runbook, so exports
 * stay secret-free.
 */
export const webhookTriggerSchema = z.object({
  isEnabled: z.boolean().default(false),
  authentication: z.enum(['none', 'basic', 'signature']).default('signature'),
  /** Basic authentication's user name (the password is the stored secret). */
  username: z.string().trim().max(200).default(''),
  /**
   * Where the HMAC-SHA256 of the raw body arrives, e.g. X-Hub-Signature-256: sha256=<hex>. Only
   * bounded here: a half-typed name is a draft's problem (validateTriggers), not a refused save.
   */
  signatureHeader: z.string().trim().max(200).default('X-Hub-Signature-256'),
  signaturePrefix: z.string().max(40).default('sha256='),
  /** Runbook input → JSONPath into the payload, e.g. ticketId → $.ticket.id */
  inputMapping: z
    .array(z.object({ input: z.string().trim().max(200), path: z.string().trim().max(1_000) }))
    .max(100)
    .default([]),
});
export type WebhookTrigger = z.infer<typeof webhookTriggerSchema>;

/** The schedule trigger: a cron expression (seconds optional) read in a time zone. */
export const scheduleTriggerSchema = z.object({
  isEnabled: z.boolean().default(false),
  // Every value of every field listed one by one ('0,1,2,…,59' for seconds and minutes alike)
  // comes to ~530 characters: a longer expression is not one a person wrote.
  expression: z
    .string()
    .trim()
    .max(1_000, { message: 'A cron expression is at most 1,000 characters.' })
    .default('0 9 * * 1-5'),
  timeZone: z.string().trim().min(1).max(100).default('UTC'),
  /** A paused schedule keeps its settings and fires nothing. */
  isPaused: z.boolean().default(false),
  /**
   * Run across clients: each firing runs the runbook once per client (every client of its
   * integrations, or these), `clientConcurrency` at a time, as one run group. Absent: one run.
   */
  // A draft keeps what is typed (an empty name while typing the next); firing skips empty names.
  clients: z.union([z.literal('all'), z.array(z.string().trim().max(100)).max(maxGroupClients)]).optional(),
  clientConcurrency: groupConcurrencySchema.optional(),
});
export type ScheduleTrigger = z.infer<typeof scheduleTriggerSchema>;

const startSchema = z.object({
  ...stepBaseFields,
  type: z.literal('start'),
  // Absent means off; the inspector writes both once the user opens them.
  webhook: webhookTriggerSchema.optional(),
  schedule: scheduleTriggerSchema.optional(),
});
export type StartStep = z.infer<typeof startSchema>;

export const startStep = defineStep<typeof startSchema>({
  type: 'start',
  label: 'Start',
  description: 'Where every run begins; holds the trigger settings.',
  schema: startSchema,
  outgoing: ['next'],
  optional: [],
  isStart: true,
  newSettings: () => ({}),
  templatesOf: () => [],
  validate: (step, { graph }) => validateTriggers(graph, step),
});

/** Whether a step is a Start step (the one every run begins at). */
export function isStartStep(step: { type: string }): step is StartStep {
  return step.type === startStep.type;
}

/** The Start step of a new runbook: no trigger on. */
export function newStartStep(): StartStep {
  return { id: 'start', name: startStep.label, type: startStep.type };
}
