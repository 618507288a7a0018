/**
 * The contract's calls for debugging a run step by step (PRODUCT.md §8): Continue, Step over,
 * Stop and the run context at a pause. A debug run is started by `runs.start` with `debug`.
 * Kept beside contract.ts, which lists them with every other call.
 */
import { z } from 'zod';
import { idSchema } from '../domain/integration';
import { breakpointsSchema, debugContextSchema } from '../rehearsal/debugging';

/** A command to a paused run; `breakpoints` replaces the run's breakpoints from now on. */
const commandInput = z.object({ id: idSchema, breakpoints: breakpointsSchema.optional() });
const wasPaused = z.object({ wasPaused: z.boolean() });

export const debugCalls = {
  'runs.debugContinue': {
    description:
      'Lets a paused debug run go on to the next step with a breakpoint (or its end). With breakpoints, those apply from now on.',
    input: commandInput,
    output: wasPaused,
  },
  'runs.debugStepOver': {
    description: 'Runs the step a debug run is paused at, then pauses again before the next step.',
    input: commandInput,
    output: wasPaused,
  },
  'runs.debugStop': {
    description:
      'Ends a debug run as cancelled (the records of the steps it ran are kept), paused or running between pauses.',
    input: z.object({ id: idSchema }),
    output: z.object({ wasRunning: z.boolean() }),
  },
  'runs.debugContext': {
    description:
      'The run context of a paused debug run: its inputs, variables, earlier steps’ outputs, For each items, and the paused step’s templates with their resolved values (secrets masked as the run records them).',
    input: z.object({ id: idSchema }),
    output: debugContextSchema,
  },
} as const;
