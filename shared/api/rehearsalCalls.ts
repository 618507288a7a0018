/**
 * The contract's calls for rehearsing safely (PRODUCT.md §8): pinned step results and runbook
 * test cases. Kept beside contract.ts, which lists them with every other call.
 */
import { z } from 'zod';
import { idSchema } from '../domain/integration';
import { requestResultSchema } from '../domain/requestResult';
import { pinSchema, pinValueSchema } from '../rehearsal/rehearsal';
import {
  expectationSchema,
  savedTestCaseNameSchema,
  testCaseResultSchema,
  testCaseSchema,
} from '../rehearsal/testCase';

const stepIdSchema = z.string().min(1).max(64);
const runbookStep = { runbookId: idSchema, stepId: stepIdSchema };

export const pinCalls = {
  'pins.list': {
    description:
      'The pinned results of a runbook draft’s steps: runs started from the designer answer those steps with them instead of sending.',
    input: z.object({ runbookId: idSchema }),
    output: z.array(pinSchema),
  },
  'pins.fromTest': {
    description:
      'Pins an Execute method step with a Test’s result (its status, outputs and response, masked as the Test showed them).',
    input: z.object({ ...runbookStep, result: requestResultSchema }),
    output: pinSchema,
  },
  'pins.fromRun': {
    description:
      'Pins a step of the run’s runbook with that step’s record in the run (status, outputs, response).',
    input: z.object({ runId: idSchema, seq: z.number().int().min(1) }),
    output: pinSchema,
  },
  'pins.set': {
    description: 'Sets a step’s pin as edited (JSON: status, outputs, response).',
    input: z.object({ ...runbookStep, pin: pinValueSchema }),
    output: pinSchema,
  },
  'pins.delete': {
    description: 'Unpins a step: designer runs send its request again.',
    input: z.object(runbookStep),
    output: z.object({ wasPinned: z.boolean() }),
  },
} as const;

export const testCaseCalls = {
  'testCases.list': {
    description: 'A runbook’s test cases: inputs, recorded requests and responses, outcome, expectations.',
    input: z.object({ runbookId: idSchema }),
    output: z.array(testCaseSchema),
  },
  'testCases.saveFromRun': {
    description:
      'Keeps a finished run as a test case of its runbook: its inputs, every method step’s request and response as recorded (secrets masked; sub-runbooks’ too) and its outcome (path, end state, outputs), expecting what `expectations` says (by default, the same end state). The case is saved whole or not at all.',
    input: z.object({
      runId: idSchema,
      name: savedTestCaseNameSchema.optional(),
      expectations: z.array(expectationSchema).max(500).optional(),
    }),
    output: testCaseSchema,
  },
  'testCases.update': {
    description:
      'Renames a test case or sets its expectations: the end outcome, an output’s value, a step reached or not.',
    input: z.object({
      id: idSchema,
      name: savedTestCaseNameSchema.optional(),
      expectations: z.array(expectationSchema).max(500).optional(),
    }),
    output: testCaseSchema,
  },
  'testCases.delete': {
    description: 'Deletes a test case.',
    input: z.object({ id: idSchema }),
    output: z.object({ wasDeleted: z.boolean() }),
  },
  'testCases.run': {
    description:
      'Replays every test case of the runbook’s draft offline: nothing is sent, each request is matched by step to its recording (a request that differs in method, URL or body fails the case with a diff) and the expectations are checked.',
    input: z.object({
      runbookId: idSchema,
      /** Names this run of the tests in its testCases.progress events (a new UUID), so a window hears its own. */
      testRunId: z.uuid({ message: 'A test run id must be a new UUID' }).optional(),
    }),
    output: z.array(testCaseResultSchema),
  },
  'testCases.status': {
    description:
      'The run of the runbook’s tests going now, or null: the id it was given and each case queued, running, passed or failed (with its result), so a window opened during it shows it; testCases.progress events tell the rest.',
    input: z.object({ runbookId: idSchema }),
    output: z
      .object({
        testRunId: z.string().nullable(),
        cases: z.array(
          z.object({
            testCaseId: z.string(),
            state: z.enum(['queued', 'running', 'passed', 'failed']),
            result: testCaseResultSchema.nullable(),
          }),
        ),
      })
      .nullable(),
  },
} as const;

/**
 * One case of a run of the tests began replaying (`running`, no result) or finished (`passed` or
 * `failed`, with its result), pushed as each happens so the window shows cases live; the cases
 * after it are still queued. `testRunId` is the one `testCases.run` was given (null without one).
 */
export const testCaseProgressEventSchema = z.object({
  runbookId: idSchema,
  testRunId: z.string().nullable(),
  testCaseId: z.string(),
  state: z.enum(['running', 'passed', 'failed']),
  result: testCaseResultSchema.nullable(),
});
