/**
 * Wait for approval (issue 15): the run pauses (status "waiting") until someone approves or
 * rejects it — in the window, through the API, or by a single-use link — or until its timeout
 * passes. Each of the three is an exit of its own, so a runbook says what each one leads to.
 */
import { z } from 'zod';
import { defineStep } from './stepDescriptor';
import { stepBaseFields, templateField } from './stepFields';

/** The shortest wait: a minute (a shorter one is a Delay, not a question to a person). */
export const minApprovalMinutes = 1;
/** The longest wait: thirty days (a link living longer is a link forgotten in a mailbox). */
export const maxApprovalMinutes = 30 * 24 * 60;

/** How a waiting approval ended. */
export const approvalDecisions = ['approved', 'rejected', 'timed_out'] as const;
export type ApprovalDecision = (typeof approvalDecisions)[number];

/** Where a decision was made: the app's window, the API (headless server, CLI), or the link. */
export const approvalChannels = ['window', 'api', 'link', 'timeout'] as const;
export type ApprovalChannel = (typeof approvalChannels)[number];

const approvalSchema = z.object({
  ...stepBaseFields,
  type: z.literal('approval'),
  /** What the approver reads: a template resolved when the run reaches the step. */
  message: templateField,
  /**
   * How long to wait before taking the timed_out exit. The schema keeps a draft being edited
   * (0 while the field is cleared); `validate` asks for 1 minute to 30 days.
   */
  timeoutMinutes: z
    .number()
    .int()
    .min(0)
    .max(100 * maxApprovalMinutes)
    .default(24 * 60),
  /** Who is expected to decide, and anything they should check first (plain text, shown as is). */
  approvers: z.string().max(500).default(''),
  instructions: z.string().max(5_000).default(''),
});
export type ApprovalStep = z.infer<typeof approvalSchema>;

/** The outputs every decided approval step gives the steps after it. */
export const approvalOutputs = ['decision', 'decidedBy', 'decidedVia', 'comment', 'decidedAt', 'link'];

export const approvalStep = defineStep<typeof approvalSchema>({
  type: 'approval',
  label: 'Wait for approval',
  description: 'Pauses the run until someone approves or rejects it, or the time runs out.',
  schema: approvalSchema,
  outgoing: ['approved', 'rejected', 'timed_out'],
  exitLabel: (_step, kind) => (kind === 'timed_out' ? 'timed out' : kind),
  optional: [],
  newSettings: () => ({
    message: 'May the run go on?',
    timeoutMinutes: 24 * 60,
    approvers: '',
    instructions: '',
  }),
  templatesOf: (step) => [step.message],
  pin: {
    meaning:
      'Designer runs ask no one and do not wait: the step takes the pinned decision\'s exit ("approved", "rejected" or "timed_out").',
    fields: ['exit'],
    requires: ['exit'],
    example: () => ({ exit: 'approved', outputs: { decidedBy: '', comment: '' } }),
    fromRecord: (record) => {
      const decision = record.outputs.decision;
      return approvalDecisions.some((known) => known === decision)
        ? { exit: String(decision), outputs: record.outputs }
        : 'This approval was not decided in that run.';
    },
  },
  outputsInScope: () => new Set(approvalOutputs),
  validate: (step) => {
    const issues = [];
    if (step.message.trim() === '')
      issues.push({ stepId: step.id, message: `"${step.name}": write the message the approver reads.` });
    if (step.timeoutMinutes < minApprovalMinutes || step.timeoutMinutes > maxApprovalMinutes)
      issues.push({
        stepId: step.id,
        message: `"${step.name}": the timeout must be 1 minute to 30 days.`,
      });
    return issues;
  },
});
