/**
 * Wait for approval (issue 15): the run pauses (status "waiting") until someone approves or
 * rejects it — in the window, through the API, or by a single-use link — or until its timeout
 * passes. Each of the three is an exit of its own, so a runbook says what each one leads to.
 * Its optional Notify request (a method, chosen like Execute method's) is sent when the wait
 * starts, with the link, the message and the deadline in scope as {{approval.*}}, so the link
 * can reach a ticket or a chat while the run waits.
 */
import { z } from 'zod';
import { listTemplateVariables } from '../../expressions/template';
import {
  methodConfigurationField,
  methodNamesIn,
  readMethodReference,
  writeMethodReference,
  writtenMethodReferencesSchema,
} from './method';
import { defineStep, type GraphIssue } from './stepDescriptor';
import type { ReferenceIds, ReferenceNames, WrittenStep } from './stepReferences';
import {
  referenceField,
  stepBaseFields,
  templateField,
  templateGivenTo,
  templatesByNameField,
} from './stepFields';

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

/** The variables a Notify request's fields may use, and nothing else may. */
export const approvalNotifyVariables = ['approval.link', 'approval.message', 'approval.expiresAt'] as const;

/** What a failing Notify request does: fail the step (and the run), or wait anyway. */
export const notifyFailureRules = ['fail', 'wait'] as const;

const notifySchema = z.object({
  methodId: referenceField,
  configuration: methodConfigurationField.default({ mode: 'primary' }),
  /** Method variable → template; {{approval.link}} and the others are in scope here. */
  arguments: templatesByNameField.default({}),
  onFailure: z.enum(notifyFailureRules).default('fail'),
});
export type ApprovalNotify = z.infer<typeof notifySchema>;

/**
 * True when one of the Notify request's fields says {{approval.link}} (read as text when it does
 * not parse): such a request is sent only while the webhook listener runs, which makes the link.
 */
export const notifyUsesLink = (notify: ApprovalNotify): boolean =>
  Object.values(notify.arguments).some((text) => {
    try {
      return listTemplateVariables(text).includes('approval.link');
    } catch {
      return text.includes('approval.link');
    }
  });

/** A Notify request as a runbook file holds it: its method and configuration by name. */
const writtenNotifySchema = writtenMethodReferencesSchema.passthrough();

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
  /** Sent when the wait starts (null: none). */
  notify: notifySchema.nullable().default(null),
});
export type ApprovalStep = z.infer<typeof approvalSchema>;

/** The outputs every decided approval step gives the steps after it. */
export const approvalOutputs = [
  'decision',
  'decidedBy',
  'decidedVia',
  'comment',
  'decidedAt',
  'link',
  // The Notify request's HTTP status and error (null without one).
  'notifyStatus',
  'notifyError',
];

export const approvalStep = defineStep<typeof approvalSchema>({
  type: 'approval',
  label: 'Wait for approval',
  description: 'Pauses the run until someone approves or rejects it, or the time runs out.',
  schema: approvalSchema,
  outgoing: ['approved', 'rejected', 'timed_out'],
  waitsForPerson: true,
  exitLabel: (_step, kind) => (kind === 'timed_out' ? 'timed out' : kind),
  optional: [],
  newSettings: () => ({
    message: 'May the run go on?',
    timeoutMinutes: 24 * 60,
    approvers: '',
    instructions: '',
    notify: null,
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
  scopedTemplatesOf: (step) => ({
    texts: Object.values(step.notify?.arguments ?? {}),
    variables: approvalNotifyVariables,
  }),
  outputsInScope: () => new Set(approvalOutputs),
  validate: (step, { methods }) => {
    const issues: GraphIssue[] = notifyIssues(step, methods.variables(step.notify?.methodId ?? ''));
    if (step.message.trim() === '')
      issues.push({ stepId: step.id, message: `"${step.name}": write the message the approver reads.` });
    if (step.timeoutMinutes < minApprovalMinutes || step.timeoutMinutes > maxApprovalMinutes)
      issues.push({
        stepId: step.id,
        message: `"${step.name}": the timeout must be 1 minute to 30 days.`,
      });
    return issues;
  },
  references: {
    idsOf: (step) => ({ methodIds: step.notify === null ? [] : [step.notify.methodId], runbookIds: [] }),
    withConfiguration: (step, configurationFor) => {
      if (step.notify?.configuration.mode !== 'primary') return step;
      const configurationId = configurationFor(step.notify.methodId);
      return configurationId === undefined
        ? step
        : { ...step, notify: { ...step.notify, configuration: { mode: 'named', configurationId } } };
    },
    file: {
      referencesSchema: z.object({ notify: writtenNotifySchema.nullable().optional() }),
      write: writeApprovalStep,
      read: readApprovalStep,
      namesIn: (written) => {
        const { notify } = z.object({ notify: writtenNotifySchema.nullable().optional() }).parse(written);
        return notify === null || notify === undefined
          ? { methods: [], runbooks: [], configurations: [] }
          : methodNamesIn(notify);
      },
    },
  },
});

function writeApprovalStep(step: ApprovalStep, names: ReferenceNames): WrittenStep {
  // Without a Notify request the step is written as before there was one (files keep their bytes).
  if (step.notify === null) {
    const { notify: _notify, ...rest } = step;
    return rest;
  }
  const { methodId: _methodId, configuration: _configuration, ...rest } = step.notify;
  return { ...step, notify: { ...rest, ...writeMethodReference(step.notify, names) } };
}

function readApprovalStep(written: WrittenStep, ids: ReferenceIds): Record<string, unknown> {
  const notify: unknown = written.notify;
  if (notify === null || notify === undefined) return written;
  const { method: _method, configuration: _configuration, ...rest } = writtenNotifySchema.parse(notify);
  return { ...written, notify: { ...rest, ...readMethodReference(notify, ids) } };
}

/** What a Notify request still lacks: its method, a configuration, a value per variable. */
function notifyIssues(step: ApprovalStep, variables: string[] | undefined): GraphIssue[] {
  const notify = step.notify;
  if (notify === null) return [];
  const at = (message: string) => ({ stepId: step.id, message: `"${step.name}": ${message}` });
  if (notify.methodId === '') return [at('choose the method of its Notify request.')];
  if (variables === undefined) return [at('its Notify request sends a method that no longer exists.')];
  const issues: GraphIssue[] = [];
  if (notify.configuration.mode === 'named' && notify.configuration.configurationId === '')
    issues.push(at('choose the configuration of its Notify request.'));
  for (const variable of variables) {
    if ((templateGivenTo(notify.arguments, variable) ?? '').trim() === '')
      issues.push(at(`its Notify request needs a value for the method's "${variable}".`));
  }
  return issues;
}
