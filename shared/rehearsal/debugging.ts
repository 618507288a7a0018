/**
 * Step-by-step debugging (PRODUCT.md §8): a designer run that pauses before the steps with a
 * breakpoint, what the window learns of the pause, and the run context it is shown there.
 * Shared by the contract, the backend's debug sessions and the window.
 */
import { z } from 'zod';
import { valuesByNameSchema } from '../domain/valuesByName';

const stepIdSchema = z.string().min(1).max(64);

/** The steps a debug run pauses before (by step id); at most one per step of a large runbook. */
export const breakpointsSchema = z.array(stepIdSchema).max(2_000);

/** Why a debug run paused: a breakpoint on the step, or a "Step over" from the step before it. */
export const pauseReasons = ['breakpoint', 'stepOver'] as const;

/** Where a debug run is paused: before step `seq`, which it has not run yet. */
export const debugPauseSchema = z.object({
  runId: z.string(),
  runbookId: z.string(),
  stepId: z.string(),
  stepName: z.string(),
  seq: z.number().int().min(1),
  reason: z.enum(pauseReasons),
  pausedAt: z.string(),
});
export type DebugPause = z.infer<typeof debugPauseSchema>;

/** One template of the paused step and what it resolves to now (secrets masked). */
export const resolvedFieldSchema = z.object({
  template: z.string(),
  value: z.unknown(),
  /** Why it could not be resolved (an unknown variable, a bad expression), else null. */
  error: z.string().nullable(),
});
export type ResolvedField = z.infer<typeof resolvedFieldSchema>;

/** The run context at a pause, as the inspector shows it (values masked as the run records them). */
export const debugContextSchema = z.object({
  pause: debugPauseSchema,
  /** Kept as they are: `__proto__` is a valid input and variable name (valuesByName.ts). */
  inputs: valuesByNameSchema,
  vars: valuesByNameSchema,
  /** Earlier steps by id: their status and outputs. */
  steps: z.record(z.string(), z.object({ status: z.string(), outputs: valuesByNameSchema })),
  /** The For each item variables in scope, by name. */
  items: z.record(z.string(), z.unknown()),
  fields: z.array(resolvedFieldSchema),
});
export type DebugContext = z.infer<typeof debugContextSchema>;
