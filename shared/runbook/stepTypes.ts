/**
 * The step registry (PRODUCT.md §4 step types): each type's settings schema, its outgoing edge
 * kinds and its label. The palette, the inspector forms, graph validation and the engine all read
 * this one list; adding a step type is one entry here and one executor in the engine.
 */
import { z } from 'zod';
import { limitedRecord } from '../domain/limitedRecord';

const template = z.string().max(100_000);
const id = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, { message: 'Step ids are lower-case letters, digits and _' });
const name = z.string().trim().min(1, { message: 'Name the step' }).max(200);
/** What a step refers to (a method, configuration or runbook) by its id. */
const reference = (message: string) => z.string().min(1, { message }).max(64, { message: 'Not a valid id' });
/** Values by name (method variables, child runbook inputs), as templates. */
const templatesByName = limitedRecord(z.string().max(200), template, 500);

export const conditionOperators = [
  'equals',
  'notEquals',
  'greaterThan',
  'lessThan',
  'contains',
  'matches',
  'isEmpty',
  'exists',
] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

export const conditionRuleSchema = z.object({
  left: template,
  operator: z.enum(conditionOperators),
  right: template.default(''),
});
export type ConditionRule = z.infer<typeof conditionRuleSchema>;

const base = { id, name };
/** Steps that do work may carry a time limit; past it the step fails (and takes its failure edge). */
const timed = { timeoutSeconds: z.number().int().min(1).max(86_400).optional() };

const inputName = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, { message: 'Input names are letters, digits and _' });

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
  /** Where the HMAC-SHA256 of the raw body arrives, e.g. X-Hub-Signature-256: sha256=<hex>. */
  signatureHeader: z
    .string()
    .trim()
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, { message: 'Enter a header name such as X-Signature' })
    .default('X-Hub-Signature-256'),
  signaturePrefix: z.string().max(40).default('sha256='),
  /** Runbook input → JSONPath into the payload, e.g. ticketId → $.ticket.id */
  inputMapping: z
    .array(z.object({ input: inputName, path: z.string().trim().min(1).max(1_000) }))
    .max(100)
    .default([]),
});
export type WebhookTrigger = z.infer<typeof webhookTriggerSchema>;

/** The schedule trigger: a cron expression (seconds optional) read in a time zone. */
export const scheduleTriggerSchema = z.object({
  isEnabled: z.boolean().default(false),
  expression: z.string().trim().max(200).default('0 9 * * 1-5'),
  timeZone: z.string().trim().min(1).max(100).default('UTC'),
  /** A paused schedule keeps its settings and fires nothing. */
  isPaused: z.boolean().default(false),
});
export type ScheduleTrigger = z.infer<typeof scheduleTriggerSchema>;

export const stepSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('start'),
    // Absent means off; the inspector writes both once the user opens them.
    webhook: webhookTriggerSchema.optional(),
    schedule: scheduleTriggerSchema.optional(),
  }),
  z.object({
    ...base,
    ...timed,
    type: z.literal('method'),
    methodId: reference('Choose a method'),
    configuration: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('primary') }),
        z.object({ mode: z.literal('named'), configurationId: reference('Choose a configuration') }),
        z.object({ mode: z.literal('client') }),
      ])
      .default({ mode: 'primary' }),
    /** Method variable → template. */
    arguments: templatesByName.default({}),
  }),
  z.object({
    ...base,
    type: z.literal('condition'),
    combine: z.enum(['all', 'any']).default('all'),
    rules: z.array(conditionRuleSchema).min(1, { message: 'Add at least one rule' }).max(50),
  }),
  z.object({
    ...base,
    type: z.literal('setVariables'),
    assignments: z
      .array(z.object({ name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/), value: template }))
      .max(100)
      .default([]),
  }),
  z.object({ ...base, ...timed, type: z.literal('delay'), seconds: template.default('1') }),
  z.object({
    ...base,
    type: z.literal('forEach'),
    items: template,
    itemVariable: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/)
      .default('item'),
  }),
  z.object({
    ...base,
    ...timed,
    type: z.literal('runRunbook'),
    runbookId: reference('Choose a runbook'),
    inputs: templatesByName.default({}),
  }),
  z.object({
    ...base,
    type: z.literal('end'),
    outcome: z.enum(['succeeded', 'failed']).default('succeeded'),
    message: template.default(''),
  }),
]);
export type Step = z.infer<typeof stepSchema>;
export type StepType = Step['type'];

export interface StepTypeInfo {
  label: string;
  description: string;
  /** Edge kinds leaving this step; each must be connected for the step to be valid. */
  outgoing: readonly ('next' | 'success' | 'failure' | 'true' | 'false' | 'body' | 'done')[];
  /** Edge kinds that may stay unconnected (a failure without an edge fails the run). */
  optional: readonly ('failure' | 'false')[];
}

export const stepTypes: Readonly<Record<StepType, StepTypeInfo>> = {
  start: {
    label: 'Start',
    description: 'Where every run begins; holds the trigger settings.',
    outgoing: ['next'],
    optional: [],
  },
  method: {
    label: 'Execute method',
    description: 'Sends one of an integration’s methods.',
    outgoing: ['success', 'failure'],
    optional: ['failure'],
  },
  condition: {
    label: 'Condition',
    description: 'Goes one way when its rules hold, the other when not.',
    outgoing: ['true', 'false'],
    optional: [],
  },
  setVariables: {
    label: 'Set variables',
    description: 'Sets {{vars.x}} for later steps.',
    outgoing: ['next'],
    optional: [],
  },
  delay: { label: 'Delay', description: 'Waits a number of seconds.', outgoing: ['next'], optional: [] },
  forEach: {
    label: 'For each',
    description: 'Runs its body branch once per element of an array.',
    outgoing: ['body', 'done'],
    optional: [],
  },
  runRunbook: {
    label: 'Run runbook',
    description: 'Runs another runbook with inputs and takes its outputs.',
    outgoing: ['success', 'failure'],
    optional: ['failure'],
  },
  end: {
    label: 'End',
    description: 'Ends the run as succeeded or failed, with a message.',
    outgoing: [],
    optional: [],
  },
};
