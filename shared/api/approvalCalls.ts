/**
 * The contract's calls for Wait for approval steps: the approvals waiting for a decision, and
 * deciding one. Kept beside contract.ts, which lists them with every other call.
 */
import { z } from 'zod';
import { idSchema } from '../domain/integration';
import { approvalChannels } from '../runbook/steps/approval';

/** An approval waiting for a decision, as the window and the API show it. */
export const pendingApprovalSchema = z.object({
  runId: idSchema,
  runbookId: idSchema,
  seq: z.number().int(),
  stepId: z.string(),
  stepName: z.string(),
  /** The step's message, resolved when the run reached it (masked like its records). */
  message: z.string(),
  approvers: z.string(),
  instructions: z.string(),
  deadline: z.string(),
  createdAt: z.string(),
  /**
   * The single-use link to decide by, while webhooks listen (null for an approval kept by a
   * version that stored only the token's hash).
   */
  link: z.string().nullable(),
  /** How the step's Notify request went: null without one, or before it is answered. */
  notify: z.object({ status: z.number().int().nullable(), error: z.string().nullable() }).nullable(),
});
export type PendingApproval = z.infer<typeof pendingApprovalSchema>;

/** A decision as a person makes it. */
export const approvalDecisionInputSchema = z.object({
  runId: idSchema,
  decision: z.enum(['approved', 'rejected']),
  comment: z.string().max(2_000).default(''),
  /** Who decides, as they name themselves (the window and the API have no accounts). */
  decidedBy: z.string().max(200).default(''),
  /** Where it is decided: the app's window says so; anything else is the API. */
  via: z.enum(['window', 'api']).default('api'),
});

export const approvalCalls = {
  'approvals.list': {
    description:
      'The approvals waiting for a decision (Wait for approval steps of waiting runs), oldest first; with runId, only that run’s.',
    input: z.object({ runId: idSchema.optional() }),
    output: z.array(pendingApprovalSchema),
  },
  'approvals.decide': {
    description:
      'Approves or rejects a waiting run’s approval step (with an optional comment and name): the run goes on along the approved or rejected exit. Refused once it is decided or timed out.',
    input: approvalDecisionInputSchema,
    output: z.object({ runId: idSchema, decision: z.enum(['approved', 'rejected']) }),
  },
} as const;

/** The event of a change to the approvals: a run began or stopped waiting. */
export const approvalEventSchema = z.object({
  runId: idSchema,
  state: z.enum(['pending', 'approved', 'rejected', 'timed_out', 'cancelled']),
  decidedVia: z.enum(approvalChannels).nullable(),
});
