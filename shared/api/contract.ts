/**
 * The API contract: every call the window can make, with its input and output schema, and every
 * event the backend pushes. Both transports (Electron IPC, headless HTTP), the renderer's client
 * and `GET /api` are derived from this one object; adding a call is one entry here plus one
 * handler in electron/services/api.
 */
import { z } from 'zod';
import {
  configurationInputSchema,
  configurationSchema,
  configurationUpdateSchema,
} from '../domain/configuration';
import {
  idSchema,
  integrationDetailsSchema,
  integrationQuerySchema,
  integrationSchema,
  logoUploadSchema,
  integrationImportPlanSchema,
} from '../domain/integration';
import {
  integrationDefinitionSchema,
  integrationDefinitionViewSchema,
  proxyPasswordInputSchema,
} from '../domain/integrationDefinition';
import { methodDefinitionSchema, testedMethodDefinitionSchema } from '../domain/method';
import { requestResultSchema } from '../domain/requestResult';
import {
  runbookDetailsSchema,
  runbookSchema,
  runbookSummarySchema,
  runbookVersionSchema,
  runbookVersionSummarySchema,
  versionNoteSchema,
  listedTriggersSchema,
  runDetailSchema,
  runStatusSchema,
  runSummarySchema,
  stepRecordSchema,
  stepSummarySchema,
  triggerKindSchema,
  loggedTriggerEventSchema,
  triggerStatusSchema,
  importPlanSchema,
} from '../domain/runbook';
import { runbookComparisonSchema } from '../domain/runbookComparison';
import { maxRunbookFileBytes } from '../io/exchangeDocument';
import { runbookGraphSchema } from '../runbook/runbookGraph';
import { boundedJsonRecordSchema, boundedJsonSchema } from '../domain/jsonNesting';
import { limitedRecord } from '../domain/limitedRecord';
import { appInfoSchema, settingsSchema, storageFaultSchema, webhookListenerSchema } from '../domain/settings';
import { startableRunModeSchema } from '../rehearsal/rehearsal';
import { approvalCalls, approvalEventSchema } from './approvalCalls';
import { pinCalls, testCaseCalls, testCaseProgressEventSchema } from './rehearsalCalls';
import { runGroupCalls, runGroupEvents } from './runGroupCalls';
import { debugCalls } from './debugCalls';
import { breakpointsSchema, debugPauseSchema } from '../rehearsal/debugging';
import { queueCalls } from './queueCalls';

interface CallDefinition<I extends z.ZodType, O extends z.ZodType> {
  description: string;
  input: I;
  output: O;
}

const call = <I extends z.ZodType, O extends z.ZodType>(definition: CallDefinition<I, O>) => definition;

const byId = z.object({ id: idSchema });
/** A run id chosen by the caller: a UUID, refused when a run already has it. */
// In lower case, as the app writes them: the same UUID in capitals would be a second run.
const newRunIdSchema = z
  .uuid({ message: 'A run id must be a new UUID' })
  .regex(/^[^A-F]*$/, { message: 'A run id must be a new UUID, written in lower case' });
/** "Yes, send again the request that may already have reached the API" (see runs.rerun). */
const confirmRepeatSchema = z.boolean().default(false);
/** "Yes, keep the credential typed into this method's headers or query" (see methods.create). */
const confirmTypedCredentialSchema = z.boolean().default(false);
/** A variable a method is tested with: any JSON value, its text at most 1,000,000 characters. */
const testVariableSchema = boundedJsonSchema.refine(
  (value) => typeof value !== 'string' || value.length <= 1_000_000,
  'Too long: at most 1,000,000 characters.',
);

/**
 * A moment as ISO 8601 (2024-05-01, 2024-05-01T08:00:00Z or with an offset), turned into the UTC
 * form runs are stored in, so comparing the text compares the times. Bounded like every filter.
 */
const isoMomentPattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/i;
const isoMomentSchema = z
  .string()
  .trim()
  .max(40, { message: 'Enter a date and time such as 2024-05-01T08:00:00Z' })
  .refine((text) => isoMomentPattern.test(text) && !Number.isNaN(Date.parse(text)), {
    message: 'Enter a date and time such as 2024-05-01T08:00:00Z',
  })
  .transform((text) => new Date(text).toISOString());

/**
 * An exchanged file as text. Its byte limit is checked when it is read (a character may take up
 * to three bytes); more characters than that limit are more bytes than it for sure.
 */
const fileContentSchema = z.string().max(maxRunbookFileBytes, {
  message: `This file cannot be imported: at most ${String(maxRunbookFileBytes / 1024 / 1024)} MB are read`,
});

const methodSchema = z.object({
  id: idSchema,
  integrationId: idSchema,
  definition: methodDefinitionSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const apiCalls = {
  'app.info': call({
    description: 'Name, version, shell, data directory and how secrets are protected.',
    input: z.object({}),
    output: appInfoSchema,
  }),
  'settings.get': call({
    description: 'The application settings.',
    input: z.object({}),
    output: settingsSchema,
  }),
  'settings.webhookListener': call({
    description:
      'Whether the webhook listener is listening: its address (http://host:port), or null and why not ' +
      '(for example its port taken by another program at start-up). Webhooks and approval links need it.',
    input: z.object({}),
    output: webhookListenerSchema,
  }),
  'settings.update': call({
    description: 'Changes some settings and returns all of them.',
    input: settingsSchema.partial(),
    output: settingsSchema,
  }),
  'integrations.list': call({
    description: 'Integrations matching a search (name, description) and a category.',
    input: integrationQuerySchema,
    output: z.object({
      items: z.array(integrationSchema),
      total: z.number().int(),
      categories: z.array(z.string()),
    }),
  }),
  'integrations.get': call({
    description: 'One integration.',
    input: byId,
    output: integrationSchema,
  }),
  'integrations.create': call({
    description: 'Creates an integration; the logo is checked (PNG/JPEG/SVG, 512×512 px, 1 MB).',
    input: z.object({ details: integrationDetailsSchema, logo: logoUploadSchema.nullish() }),
    output: integrationSchema,
  }),
  'integrations.update': call({
    description: 'Changes an integration. logo: omitted keeps it, null removes it.',
    input: z.object({
      id: idSchema,
      details: integrationDetailsSchema,
      logo: logoUploadSchema.nullish(),
    }),
    output: integrationSchema,
  }),
  'integrations.deletionImpact': call({
    description: 'What deleting an integration would also delete, and the runbooks that use it.',
    input: byId,
    output: z.object({
      configurations: z.number().int(),
      methods: z.number().int(),
      runbooks: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  }),
  'integrations.delete': call({
    description: 'Deletes an integration with its configurations and methods.',
    input: byId,
    output: byId,
  }),
  'integrations.logo': call({
    description: "An integration's logo as a data URL, or null.",
    input: byId,
    output: z.object({ dataUrl: z.string().nullable() }),
  }),
  'integrations.definition': call({
    description:
      'How an integration connects: protocol, base URL, authorization, behaviour, prefix; the proxy password only as set or not.',
    input: byId,
    output: integrationDefinitionViewSchema,
  }),
  'integrations.updateDefinition': call({
    description:
      'Changes how an integration connects; the variable prefix must be unique. proxyPassword: a string replaces it, null or "" clears it, absent keeps it (forgotten when the proxy address changes). A password written into the proxy address (http://user:pass@host:3128) is taken out of it and stored as the proxy password.',
    input: z.object({
      id: idSchema,
      definition: integrationDefinitionSchema,
      proxyPassword: proxyPasswordInputSchema,
    }),
    output: integrationDefinitionViewSchema,
  }),
  'integrations.export': call({
    description:
      'The integration as a file: its definition and methods, never a configuration or secret; warnings name values typed into methods that look like credentials.',
    input: byId,
    output: z.object({ fileName: z.string(), content: z.string(), warnings: z.array(z.string()) }),
  }),
  'integrations.previewImport': call({
    description:
      'Reads an integration file and says what importing it would create or match; changes nothing.',
    input: z.object({ content: fileContentSchema }),
    output: integrationImportPlanSchema,
  }),
  'integrations.import': call({
    description:
      'Imports an integration file in one transaction: matched by name (missing methods added, none overwritten) or created without credentials.',
    input: z.object({ content: fileContentSchema }),
    output: z.object({ integrationId: z.string(), plan: integrationImportPlanSchema }),
  }),
  'integrations.callLog': call({
    description: 'Counts of calls through an integration (today, 7 days, total) and the latest calls.',
    input: z.object({ id: idSchema, limit: z.number().int().min(1).max(500).default(50) }),
    output: z.object({
      counts: z.object({ today: z.number().int(), lastSevenDays: z.number().int(), total: z.number().int() }),
      calls: z.array(
        z.object({
          id: z.number().int(),
          at: z.string(),
          httpMethod: z.string(),
          url: z.string(),
          status: z.number().int().nullable(),
          durationMs: z.number(),
          attempts: z.number().int(),
          error: z.string().nullable(),
          /** How long it waited for the integration's rate limit, in ms (0: not at all). */
          rateLimitWaitMs: z.number().int().min(0).default(0),
          /** The run that made the call; null for a Test. */
          runId: z.string().nullable(),
          /** Whether that run is still kept (a deleted run's calls stay in the log). */
          isRunKept: z.boolean(),
        }),
      ),
    }),
  }),
  'configurations.list': call({
    description: "An integration's configurations; secrets come back masked.",
    input: z.object({ integrationId: idSchema }),
    output: z.array(configurationSchema),
  }),
  'configurations.create': call({
    description:
      'Adds a configuration; the first one of an integration becomes primary. baseUrl is used only while the integration takes its base URL from each configuration, but is checked whatever the mode: an http(s) address, without a user name or password.',
    input: configurationInputSchema.extend({ integrationId: idSchema }),
    output: configurationSchema,
  }),
  'configurations.update': call({
    description:
      'Changes a configuration; a field left out keeps its value. Secrets: a string replaces, null or "" clears, absent keeps.',
    input: configurationUpdateSchema.extend({ id: idSchema }),
    output: configurationSchema,
  }),
  'configurations.setPrimary': call({
    description: 'Makes a configuration the primary one of its integration.',
    input: byId,
    output: configurationSchema,
  }),
  'configurations.delete': call({
    description: 'Deletes a configuration and its secrets.',
    input: byId,
    output: byId,
  }),
  'configurations.clearTokens': call({
    description: 'Forgets the cached OAuth/JWT tokens of a configuration; the next request gets new ones.',
    input: byId,
    output: z.object({ wasCleared: z.boolean() }),
  }),
  'methods.list': call({
    description: "An integration's methods.",
    input: z.object({ integrationId: idSchema }),
    output: z.array(methodSchema),
  }),
  'methods.get': call({ description: 'One method.', input: byId, output: methodSchema }),
  'methods.create': call({
    description:
      'Adds a method to an integration. An output variable whose expression does not parse is refused; ' +
      'a credential typed into a header or query value (not a {{variable}}) is kept only with ' +
      'confirmTypedCredential (else a conflict on that field).',
    input: z.object({
      integrationId: idSchema,
      definition: methodDefinitionSchema,
      confirmTypedCredential: confirmTypedCredentialSchema,
    }),
    output: methodSchema,
  }),
  'methods.update': call({
    description:
      'Changes a method, refusing as methods.create does; only a typed credential the stored method ' +
      'does not already hold asks for confirmTypedCredential.',
    input: z.object({
      id: idSchema,
      definition: methodDefinitionSchema,
      confirmTypedCredential: confirmTypedCredentialSchema,
    }),
    output: methodSchema,
  }),
  'methods.deletionImpact': call({
    description: 'The runbooks whose steps use a method, which stop working if it is deleted.',
    input: byId,
    output: z.object({ runbooks: z.array(z.object({ id: z.string(), name: z.string() })) }),
  }),
  'methods.delete': call({ description: 'Deletes a method.', input: byId, output: byId }),
  'methods.previewOpenApi': call({
    description:
      'Reads an OpenAPI 3.x or Swagger 2.0 document (JSON or YAML, pasted or from a URL) and lists its ' +
      'operations as methods to pick. External $refs are never followed.',
    input: z.object({
      /** The document's text (JSON or YAML), or an http(s) URL to download it from. */
      source: z.string().trim().min(1, { message: 'Paste a document or a URL' }).max(6_000_000),
    }),
    output: z.object({
      title: z.string(),
      version: z.string(),
      baseUrl: z.string(),
      operations: z.array(
        z.object({ key: z.string(), summary: z.string(), definition: methodDefinitionSchema }),
      ),
    }),
  }),
  'methods.importMany': call({
    description: 'Adds the picked methods in one go; a name already taken gets a number.',
    input: z.object({
      integrationId: idSchema,
      definitions: z.array(methodDefinitionSchema).min(1).max(2_000),
    }),
    output: z.object({ created: z.array(methodSchema) }),
  }),
  'methods.parseCurl': call({
    description: 'Reads a pasted cURL command into a method definition and its base URL.',
    input: z.object({ command: z.string().min(1).max(1_000_000) }),
    output: z.object({ definition: methodDefinitionSchema, baseUrl: z.string() }),
  }),
  'methods.test': call({
    description:
      "Sends a method (saved, or the editor's unsaved definition) through the same path a run uses. " +
      "Never fails: a failure is the result's error.",
    input: z.object({
      integrationId: idSchema,
      methodId: idSchema.nullable().default(null),
      definition: testedMethodDefinitionSchema,
      configurationId: idSchema.nullable().default(null),
      /**
       * By name: text, or a value with its own type as a run hands it to the method (a Test step's
       * Yes/no input as true, a number, a JSON input's object), so a JSON body is filled the same.
       */
      variables: limitedRecord(z.string().max(200), testVariableSchema, 500).default({}),
    }),
    output: requestResultSchema,
  }),
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
    description: 'Changes a runbook’s details and/or its draft graph.',
    input: z.object({
      id: idSchema,
      details: runbookDetailsSchema.optional(),
      draft: runbookGraphSchema.optional(),
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
  'runbooks.setTriggerSecret': call({
    description:
      'Sets (or, with null, removes) the webhook’s secret: the HMAC key or the Basic password. Write-only.',
    input: z.object({ id: idSchema, secret: z.string().min(1).max(1_000).nullable() }),
    output: z.object({ hasSecret: z.boolean() }),
  }),
  'runs.start': call({
    description:
      'Runs a runbook’s draft by hand with the given inputs; returns at once with the run id. A window ' +
      'may choose the id (a new UUID), so that it listens to the run’s events before the run starts. ' +
      'Pinned steps answer with their pins (not when the command line runs it); a dry run sends only safe requests.',
    input: z.object({
      runId: newRunIdSchema.optional(),
      runbookId: idSchema,
      inputs: boundedJsonRecordSchema.default({}),
      client: z.string().trim().max(100).default(''),
      /**
       * For this run only: steps that use their integration's primary configuration use the one
       * with this name instead (the draft is not changed).
       */
      configuration: z.string().trim().max(200).optional(),
      /**
       * `dryRun`: only requests that change nothing (GET, HEAD, OPTIONS, methods marked safe) are
       * sent; every other step records the request it would have sent and goes on along its
       * success exit with its pin or its method's example response.
       */
      mode: startableRunModeSchema.default('live'),
      /**
       * A debug run (the designer's Debug button): it pauses before each step with a breakpoint
       * (by step id) until runs.debugContinue, runs.debugStepOver or runs.debugStop.
       */
      debug: z.object({ breakpoints: breakpointsSchema }).optional(),
    }),
    output: z.object({ runId: z.string() }),
  }),
  'runs.list': call({
    description:
      'Runs, newest first, filtered by runbook, status, trigger and time, a page at a time: for the ' +
      'next page, pass the last run of this one as `after`.',
    input: z.object({
      runbookId: idSchema.optional(),
      status: runStatusSchema.optional(),
      trigger: triggerKindSchema.optional(),
      /** Only the runs of one run group (run across clients). */
      groupId: idSchema.optional(),
      from: isoMomentSchema.optional(),
      to: isoMomentSchema.optional(),
      /** Where the page starts: after this run (its queuedAt and id), in the list's order. */
      after: z.object({ queuedAt: isoMomentSchema, id: idSchema }).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(runSummarySchema),
  }),
  'runs.get': call({
    description: 'One run with every step’s record.',
    input: byId,
    output: runDetailSchema,
  }),
  'runs.step': call({
    description: 'One step record of a run, whole (its event carries a summary).',
    input: z.object({ id: idSchema, seq: z.number().int().min(1) }),
    output: stepRecordSchema,
  }),
  'runs.rerun': call({
    description:
      'Runs the runbook again with the inputs and client of an earlier run. A step whose request may ' +
      'already have been sent (the app stopped while it was out) is repeated only with confirmRepeat.',
    input: z.object({ id: idSchema, confirmRepeat: confirmRepeatSchema }),
    output: z.object({ runId: z.string() }),
  }),
  'runs.rerunFrom': call({
    description:
      'Runs the runbook again from one step of an earlier run, reusing the outputs of the steps before it. ' +
      'A step whose request may already have been sent is repeated only with confirmRepeat.',
    input: z.object({ id: idSchema, stepId: z.string().min(1).max(64), confirmRepeat: confirmRepeatSchema }),
    output: z.object({ runId: z.string() }),
  }),
  'runs.cancel': call({
    description: 'Cancels a run that is still going.',
    input: byId,
    output: z.object({ wasRunning: z.boolean() }),
  }),
  ...pinCalls,
  ...testCaseCalls,
  ...approvalCalls,
  ...runGroupCalls,
  ...debugCalls,
  ...queueCalls,
} as const;

export type ApiCalls = typeof apiCalls;
export type CallName = keyof ApiCalls;
export type CallInput<K extends CallName> = z.input<ApiCalls[K]['input']>;
export type ParsedCallInput<K extends CallName> = z.output<ApiCalls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<ApiCalls[K]['output']>;

export const callNames = Object.keys(apiCalls) as CallName[];

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(apiCalls, name);
}

/** Events the backend pushes to every window. */
export const apiEvents = {
  'integrations.changed': z.object({
    id: idSchema,
    change: z.enum(['created', 'updated', 'deleted']),
  }),
  /** A run was queued, started, got its inputs or finished: the run as it is now. */
  'runs.changed': z.object({ run: runSummarySchema }),
  /** A step of a run started or finished: its record as a list of steps shows it. */
  'runs.stepChanged': z.object({ runId: z.string(), runbookId: z.string(), step: stepSummarySchema }),
  /** A debug run paused before a step (the pause) or went on (null); it stays "running" meanwhile. */
  'runs.debugChanged': z.object({
    runId: z.string(),
    runbookId: z.string(),
    pause: debugPauseSchema.nullable(),
  }),
  'methods.changed': z.object({
    id: idSchema,
    integrationId: idSchema,
    change: z.enum(['created', 'updated', 'deleted']),
  }),
  /**
   * A webhook delivery or a schedule firing was written to a runbook's trigger log: the entry,
   * and when the entry moved the schedule's last firing, its new time (else null).
   */
  'triggers.logged': z.object({
    runbookId: z.string(),
    entry: loggedTriggerEventSchema,
    lastFiredAt: z.string().nullable(),
  }),
  /** Records started or stopped waiting out a storage fault (null: written again). */
  'storage.changed': z.object({ fault: storageFaultSchema }),
  'configurations.changed': z.object({
    id: idSchema,
    integrationId: idSchema,
    change: z.enum(['created', 'updated', 'deleted']),
  }),
  /** A run began or stopped waiting for an approval (decided how, or timed out, or cancelled). */
  'approvals.changed': approvalEventSchema,
  /** A runbook draft's pinned step results changed. */
  'pins.changed': z.object({ runbookId: idSchema }),
  /** A runbook's test cases changed: one saved, edited or deleted, or all replaced by an import. */
  'testCases.changed': z.object({ runbookId: idSchema }),
  /** A case of a run of the tests began replaying or finished (with its result). */
  'testCases.progress': testCaseProgressEventSchema,
  /** A runbook's details, draft or versions changed (or it was created or deleted). */
  'runbooks.changed': z.object({
    id: idSchema,
    change: z.enum(['created', 'updated', 'deleted']),
  }),
  ...runGroupEvents,
} as const;

export type ApiEvents = typeof apiEvents;
export type EventName = keyof ApiEvents;
export type EventPayload<K extends EventName> = z.output<ApiEvents[K]>;

/** A pushed event as it travels on either transport. */
export type ApiEventMessage = {
  [K in EventName]: { name: K; payload: EventPayload<K> };
}[EventName];
