/**
 * Rehearsing a runbook without touching production (PRODUCT.md §8): the run modes, what a pinned
 * step holds, a method's example response, and how a step record says where its response came
 * from when it was not sent. Shared by the contract, the engine's response sources and the window.
 */
import { z } from 'zod';
import { recordedOutputsSchema } from '../domain/jsonNesting';
import {
  receivedResponseSchema,
  sentRequestSchema,
  type ReceivedResponse,
  type RequestResult,
  type SentRequest,
} from '../domain/requestResult';

/**
 * How a run treats requests: `live` sends them (a designer run uses pins instead), `dryRun` sends
 * only the safe ones and records what it would have sent of the rest, `replay` sends nothing and
 * answers from a test case's recording.
 */
export const runModes = ['live', 'dryRun', 'replay'] as const;
export type RunMode = (typeof runModes)[number];
export const runModeSchema = z.enum(runModes);

/** The modes a person may start a run in (replay belongs to test cases). */
export const startableRunModeSchema = z.enum(['live', 'dryRun']);

/** Requests that change nothing (RFC 9110 "safe" methods); a method may be marked safe as well. */
export const safeHttpMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A method's example response: what a dry run answers for it when the request is not sent. */
export const exampleResponseSchema = z.object({
  status: z.number().int().min(100).max(599).default(200),
  headers: z.record(z.string().max(200), z.string().max(8_000)).default({}),
  body: z.string().max(1_000_000).default(''),
});
export type ExampleResponse = z.infer<typeof exampleResponseSchema>;

/**
 * A step's result kept in place of running it in designer runs (masked as recorded). Which parts a
 * step reads depends on its type (its descriptor's `pin`, see shared/rehearsal/stepPins.ts): an
 * Execute method step its HTTP `status` and `response`, a Condition, Switch or Wait for approval
 * the `exit` it takes, an End its `outcome` and `message`, a For each the `vars` its body would
 * have set; every type its `outputs`.
 */
export const pinValueSchema = z.object({
  /** The HTTP status the step answers with; below 400 follows its success exit. */
  status: z.number().int().min(100).max(599).optional(),
  /** The exit taken (`true`, `case_c2`, `default`, `approved`…), for steps with a choice of exits. */
  exit: z.string().min(1).max(40).optional(),
  /** How an End ends the run, and its message, instead of its own. */
  outcome: z.enum(['succeeded', 'failed']).optional(),
  message: z.string().max(10_000).optional(),
  outputs: recordedOutputsSchema.default({}),
  /** The {{vars}} a pinned For each leaves, as its skipped body would have set them. */
  vars: recordedOutputsSchema.optional(),
  /** The response as recorded (bodies bounded, secrets masked), or null. */
  response: receivedResponseSchema.nullable().default(null),
});
export type PinValue = z.infer<typeof pinValueSchema>;

/** The parts of a pin besides its outputs, each read by some step types only. */
export const pinFields = ['status', 'exit', 'outcome', 'message', 'vars', 'response'] as const;
export type PinField = (typeof pinFields)[number];

/** A run's record of a step, as pinning it reads it. */
export interface PinnedRecord {
  status: string;
  outputs: Record<string, unknown>;
  response: unknown;
  /** The run's result message (an End's pin keeps it). */
  runMessage: string | null;
}

/** How a step type is pinned (PRODUCT.md §8); a type without these is not pinned. */
export interface StepPinRules<S> {
  /** What the pin does to the step, as the pin editor and the canvas badge say it. */
  meaning: string;
  /** The parts it reads besides `outputs`; a pin giving any other is refused. */
  fields: readonly PinField[];
  /** The parts a pin of it must give. */
  requires: readonly PinField[];
  /** The pin the inspector starts from when the step has none (its parts, as JSON). */
  example(step: S): Record<string, unknown>;
  /** The pin a run's record of the step gives (read through pinValueSchema), or why it gives none. */
  fromRecord(record: PinnedRecord, step: S): Record<string, unknown> | string;
}

/** A response as a pin keeps it: the rehearsal marker of a record that was itself not sent goes. */
export function withoutRehearsal(response: unknown): unknown {
  if (typeof response !== 'object' || response === null || !('rehearsal' in response)) return response;
  const { rehearsal: _dropped, ...rest } = response as Record<string, unknown>;
  return rest;
}

export const pinSchema = pinValueSchema.extend({
  stepId: z.string(),
  /** Where it was pinned from: a Test, a run's step record, or typed as JSON. */
  from: z.enum(['test', 'run', 'edited']),
  pinnedAt: z.string(),
});
export type Pin = z.infer<typeof pinSchema>;

/** Where a step's response came from when its request was not sent. */
export const responseSourceKinds = ['pin', 'example', 'recording'] as const;
export type ResponseSourceKind = (typeof responseSourceKinds)[number];

/**
 * What a step record's `response.rehearsal` holds when its request was not sent: where the
 * response came from, and whether the record's `request` is one a dry run would have sent.
 */
export const stepRehearsalSchema = z.object({
  source: z.enum(responseSourceKinds),
  wouldHaveSent: z.boolean(),
  /**
   * A dry run answered from the method's example, but the method has none: the step went on with
   * 200 and an empty body, which the run page says rather than passing it off as an example.
   */
  hasNoExample: z.literal(true).optional(),
});
export type StepRehearsal = z.infer<typeof stepRehearsalSchema>;

/** The request a dry run would have sent, as its step record shows it. */
export const wouldHaveSentSchema = sentRequestSchema;

/** A step record's rehearsal marker, when it has one. */
export function rehearsalOf(response: unknown): StepRehearsal | undefined {
  if (typeof response !== 'object' || response === null || !('rehearsal' in response)) return undefined;
  const parsed = stepRehearsalSchema.safeParse(response.rehearsal);
  return parsed.success ? parsed.data : undefined;
}

/** A method request worked out without sending it: what it would send, and how to answer it. */
export interface MethodRehearsal {
  /** GET, HEAD, OPTIONS, or a method its author marked safe: a dry run sends it. */
  isSafe: boolean;
  /** The request as it would be sent (secrets masked), or null when it cannot be built. */
  request: SentRequest | null;
  /** Why it cannot be built (a missing path parameter, no base URL…), else null. */
  error: RequestResult['error'];
  example: ExampleResponse | null;
  /** The result of answering this request with `response` (outputs read from it, masked). */
  answer(response: ReceivedResponse | null, error: RequestResult['error']): RequestResult;
}
