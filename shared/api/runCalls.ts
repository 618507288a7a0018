/** The contract's calls for runs: start one, list and read them, run one again, cancel one. */
import { z } from 'zod';
import { idSchema } from '../domain/integration';
import { runInputsSchema } from '../runbook/runInputsSize';
import {
  runDetailSchema,
  runStatusSchema,
  runSummarySchema,
  stepRecordSchema,
  triggerKindSchema,
} from '../domain/runbook';
import { breakpointsSchema } from '../rehearsal/debugging';
import { startableRunModeSchema } from '../rehearsal/rehearsal';
import { byId, call } from './callDefinition';

/** A run id chosen by the caller: a UUID, refused when a run already has it. */
// In lower case, as the app writes them: the same UUID in capitals would be a second run.
const newRunIdSchema = z
  .uuid({ message: 'A run id must be a new UUID' })
  .regex(/^[^A-F]*$/, { message: 'A run id must be a new UUID, written in lower case' });
/** "Yes, send again the request that may already have reached the API" (see runs.rerun). */
const confirmRepeatSchema = z.boolean().default(false);

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

export const runCalls = {
  'runs.start': call({
    description:
      'Runs a runbook’s draft by hand with the given inputs; returns at once with the run id. A window ' +
      'may choose the id (a new UUID), so that it listens to the run’s events before the run starts. ' +
      'Pinned steps answer with their pins (not when the command line runs it); a dry run sends only safe requests.',
    input: z.object({
      runId: newRunIdSchema.optional(),
      runbookId: idSchema,
      inputs: runInputsSchema.default({}),
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
      'already have been sent (the app stopped or the run was cancelled while it was out, or it got no answer) is repeated only ' +
      'with confirmRepeat.',
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
} as const;
