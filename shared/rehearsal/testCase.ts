/**
 * Runbook test cases (PRODUCT.md §8): a run kept as a rehearsal — its inputs, every method step's
 * recorded request and response (bodies as recorded, secrets masked) and its outcome — with
 * expectations, replayed offline: each request is matched to its recording by step, and one that
 * differs (method, URL, body) fails the case. Stored with the runbook and carried by its file.
 */
import { z } from 'zod';
import { savedText } from '../io/exchangeText';
import { boundedJsonSchema, jsonRecordAsGivenSchema, recordedOutputsSchema } from '../domain/jsonNesting';
import { receivedResponseSchema, sentRequestSchema } from '../domain/requestResult';

const stepIdSchema = z.string().min(1).max(64);
export const testCaseNameSchema = z.string().trim().min(1, { message: 'Name is required' }).max(200);
/** A name as a call saves it, as the import of a runbook file takes it (savedText). */
export const savedTestCaseNameSchema = savedText(testCaseNameSchema, 'Name');

/** One method step's request and answer as the run recorded them. */
export const recordedStepSchema = z.object({
  /** The runbook the step belongs to: null for the case's own, else a Run runbook step's child by name. */
  runbook: z.string().max(200).nullable(),
  /**
   * That child's id here, which survives a rename; an import sets it from the name (ids differ
   * between machines) and a replay falls back to the name when it is absent or unknown.
   */
  runbookId: z.string().max(64).nullable().optional(),
  stepId: stepIdSchema,
  request: sentRequestSchema.nullable(),
  response: receivedResponseSchema.nullable(),
  /** The error the request ended with (a network failure), when it had no response. */
  error: z.string().max(10_000).nullable(),
});
export type RecordedStep = z.infer<typeof recordedStepSchema>;

/** What a case expects of its replay. */
export const expectationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('outcome'), status: z.enum(['succeeded', 'failed']) }),
  z.object({
    kind: z.literal('output'),
    stepId: stepIdSchema,
    name: z.string().min(1).max(200),
    equals: boundedJsonSchema,
  }),
  z.object({ kind: z.literal('reached'), stepId: stepIdSchema, isReached: z.boolean() }),
]);
export type Expectation = z.infer<typeof expectationSchema>;

/** How the recorded run ended: its end state, the steps it went through, each step's last outputs. */
export const testOutcomeSchema = z.object({
  status: z.enum(['succeeded', 'failed', 'cancelled']),
  message: z.string().nullable(),
  path: z.array(stepIdSchema).max(100_000),
  outputs: z.record(stepIdSchema, recordedOutputsSchema),
});
export type TestOutcome = z.infer<typeof testOutcomeSchema>;

/** A test case as it is kept and handed on (no database id: the file carries it as is). */
export const testCaseContentSchema = z.object({
  name: testCaseNameSchema,
  /** As the run was given them: an input named "__proto__" stays one (jsonNesting.ts). */
  inputs: jsonRecordAsGivenSchema.default({}),
  client: z.string().max(100).default(''),
  recordings: z.array(recordedStepSchema).max(100_000),
  outcome: testOutcomeSchema,
  expectations: z.array(expectationSchema).max(500).default([]),
});
export type TestCaseContent = z.infer<typeof testCaseContentSchema>;

export const testCaseSchema = testCaseContentSchema.extend({
  id: z.string(),
  createdAt: z.string(),
});
export type TestCase = z.infer<typeof testCaseSchema>;

const comparedRequestSchema = z
  .object({ method: z.string(), url: z.string(), body: z.string().nullable() })
  .nullable();

/** A replayed request that differs from its recording, both sides as sent (masked), for a diff. */
export const requestMismatchSchema = z.object({
  /** The child runbook's name, or null for the case's own runbook. */
  runbook: z.string().nullable(),
  stepId: z.string(),
  recorded: comparedRequestSchema,
  now: comparedRequestSchema,
});
export type RequestMismatch = z.infer<typeof requestMismatchSchema>;

/** One case's replay: passed, or each reason it failed (a request's diff, an expectation not met). */
export const testCaseResultSchema = z.object({
  testCaseId: z.string(),
  name: z.string(),
  isPassed: z.boolean(),
  failures: z.array(z.string()),
  /** The requests among the failures that differ from their recording, both sides whole. */
  mismatches: z.array(requestMismatchSchema).default([]),
  /** The replay's run, kept like any other (mode `replay`); null when it could not start. */
  runId: z.string().nullable(),
  durationMs: z.number(),
});
export type TestCaseResult = z.infer<typeof testCaseResultSchema>;

/** Why an expectation is not met by a replay, or undefined when it is. */
export function unmetExpectation(
  expectation: Expectation,
  replay: { status: string; path: readonly string[]; outputs: Record<string, Record<string, unknown>> },
): string | undefined {
  switch (expectation.kind) {
    case 'outcome':
      return replay.status === expectation.status
        ? undefined
        : `expected the run to end ${expectation.status}, it ended ${replay.status}`;
    case 'reached': {
      const isReached = replay.path.includes(expectation.stepId);
      if (isReached === expectation.isReached) return undefined;
      return `expected step "${expectation.stepId}" ${expectation.isReached ? 'to be reached' : 'not to be reached'}`;
    }
    case 'output': {
      // The step's own output only: "__proto__" or "constructor" read plainly give the object's
      // members, and an expectation of {} was met by a step that gave no such output.
      const outputs = Object.hasOwn(replay.outputs, expectation.stepId)
        ? replay.outputs[expectation.stepId]
        : undefined;
      const actual =
        outputs !== undefined && Object.hasOwn(outputs, expectation.name)
          ? outputs[expectation.name]
          : undefined;
      if (JSON.stringify(actual) === JSON.stringify(expectation.equals)) return undefined;
      return `expected steps.${expectation.stepId}.outputs.${expectation.name} to be ${JSON.stringify(expectation.equals)}, it was ${JSON.stringify(actual) ?? 'absent'}`;
    }
  }
}
