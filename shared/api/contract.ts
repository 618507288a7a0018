/**
 * The API contract: every call the window can make, with its input and output schema, and every
 * event the backend pushes. Both transports (Electron IPC, headless HTTP), the renderer's client
 * and `GET /api` are derived from this one object. Each group of calls sits in its own module
 * beside this one (runCalls.ts, methodCalls.ts, …), so adding a call is one entry in its group's
 * module plus one handler in electron/services/api.
 */
import { z } from 'zod';
import { idSchema } from '../domain/integration';
import { rateLimitWaitNoteSchema } from '../domain/rateLimitWait';
import { loggedTriggerEventSchema, runSummarySchema, stepSummarySchema } from '../domain/runbook';
import { storageFaultSchema } from '../domain/settings';
import { debugPauseSchema } from '../rehearsal/debugging';
import { approvalCalls, approvalEventSchema } from './approvalCalls';
import { debugCalls } from './debugCalls';
import { configurationCalls, integrationCalls } from './integrationCalls';
import { methodCalls } from './methodCalls';
import { queueCalls } from './queueCalls';
import { pinCalls, testCaseCalls, testCaseProgressEventSchema } from './rehearsalCalls';
import { runbookCalls } from './runbookCalls';
import { runCalls } from './runCalls';
import { runGroupCalls, runGroupEvents } from './runGroupCalls';
import { settingsCalls } from './settingsCalls';

// In this order: GET /api lists the calls as they come here.
export const apiCalls = {
  ...settingsCalls,
  ...integrationCalls,
  ...configurationCalls,
  ...methodCalls,
  ...runbookCalls,
  ...runCalls,
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
  /**
   * A run's running step started waiting before its request leaves (for its integration's rate
   * limit, or a Retry-After pause): why; or stopped waiting (null: the request left, or gave up).
   */
  'runs.stepWaiting': z.object({
    runId: z.string(),
    runbookId: z.string(),
    seq: z.number().int(),
    wait: rateLimitWaitNoteSchema.nullable(),
  }),
  /**
   * A method's Test (by the id its window gave it) started waiting before its request leaves, or
   * stopped waiting (null).
   */
  'methods.testWaiting': z.object({ testId: z.string(), wait: rateLimitWaitNoteSchema.nullable() }),
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
    /** When the write set the runbook's details or draft: its updatedAt as written then. */
    updatedAt: z.string().optional(),
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
