/**
 * The contract's calls for rehearsing safely (PRODUCT.md §8): pinned step results and runbook
 * test cases. Kept beside contract.ts, which lists them with every other call.
 */
import { z } from 'zod';
import { idSchema } from '../domain/integration';
import { requestResultSchema } from '../domain/requestResult';
import { pinSchema, pinValueSchema } from '../rehearsal/rehearsal';

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
