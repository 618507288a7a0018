/**
 * Wait for approval: resolves the message, hands the question to the host (which persists it,
 * marks the run waiting and offers the window, the API and a single-use link) and follows the
 * exit named by how it ended — approved, rejected or timed_out. Its Notify request, when it has
 * one, is sent once the host has made the link: its fields see {{approval.link}},
 * {{approval.message}} and {{approval.expiresAt}}; what it sent and got back is the step's
 * record (the link's token ••••). A failing Notify fails the step unless it says to wait anyway.
 */
import { secretMask } from '../../../../shared/domain/configuration';
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import type { PinValue } from '../../../../shared/rehearsal/rehearsal';
import {
  approvalDecisions,
  notifyUsesLink,
  type ApprovalNotify,
} from '../../../../shared/runbook/steps/approval';
import {
  arrivalUnknownNote,
  resolveInRun,
  templateScope,
  type ExecutionContext,
  type NotifyRecord,
  type OpenedApproval,
  type StepOutcome,
} from '../executionContext';
import { openLoopsOf } from './forEach';
import { mayHaveArrivedUnanswered, methodCallOf } from './method';
import type { StepExecutor } from './stepExecutor';

/** The message as text: a lone placeholder may resolve to an object, shown as JSON. */
function messageText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

/** The value with every occurrence of the token written ••••(a base64url token needs no escaping in JSON). */
function withoutToken<T>(value: T, token: string): T {
  if (token === '' || value === undefined) return value;
  return JSON.parse(JSON.stringify(value).split(token).join(secretMask)) as T;
}

/** Sends the Notify request with the approval's variables in scope; never throws. */
async function sendNotify(
  step: StepOf<'approval'>,
  notify: ApprovalNotify,
  opened: OpenedApproval,
  context: ExecutionContext,
): Promise<NotifyRecord> {
  // Without the webhook listener there is no link: a message saying "decide here: " and nothing
  // else is not sent; the step fails or waits as its Notify says, and the window can decide.
  if (opened.link === '' && notifyUsesLink(notify))
    return {
      request: null,
      response: null,
      status: null,
      error:
        'Not sent: {{approval.link}} needs the webhook listener, which is not running (see Settings → Webhooks). Decide in the app meanwhile.',
    };
  const scope = {
    ...templateScope(context.scope),
    approval: { link: opened.link, message: opened.message, expiresAt: opened.expiresAt },
  };
  try {
    const variables = Object.fromEntries(
      Object.entries(notify.arguments).map(([name, text]) => [
        name,
        resolveInRun(text, context.scope, scope),
      ]),
    );
    const call = methodCallOf({ id: step.id, ...notify }, variables, context, [opened.token]);
    const { result, rehearsal, halt } = await context.responses.respond(call);
    const status = result.response?.status ?? null;
    const response = rehearsal === undefined ? result.response : { ...result.response, rehearsal };
    const error =
      halt ??
      result.error?.message ??
      (status === null || status >= 400 ? `The API answered ${String(status)}.` : null);
    const record: NotifyRecord = { request: result.request, response, status, error };
    if (mayHaveArrivedUnanswered(result)) record.isArrivalUnknown = true;
    return withoutToken(record, opened.token);
  } catch (caught) {
    return withoutToken(
      { request: null, response: null, status: null, error: (caught as Error).message },
      opened.token,
    );
  }
}

async function executeApproval(step: StepOf<'approval'>, context: ExecutionContext): Promise<StepOutcome> {
  const awaitApproval = context.capabilities.awaitApproval;
  if (awaitApproval === undefined)
    return { status: 'failed', edge: null, error: 'This run cannot wait for an approval here.' };
  const notify = step.notify;
  let failedNotify: NotifyRecord | undefined;
  try {
    const outcome = await awaitApproval(
      {
        runId: context.runId,
        seq: context.currentSeq(),
        stepId: step.id,
        stepName: step.name,
        message: messageText(context.resolve(step.message)),
        approvers: step.approvers,
        instructions: step.instructions,
        timeoutMinutes: step.timeoutMinutes,
        loops: openLoopsOf(context),
        ...(notify === null
          ? {}
          : {
              notify: async (opened: OpenedApproval) => {
                const record = await sendNotify(step, notify, opened, context);
                const failsStep = record.error !== null && notify.onFailure === 'fail';
                if (failsStep) failedNotify = record;
                return { record, failsStep };
              },
            }),
      },
      context.signal,
    );
    const { notify: notified, ...outputs } = outcome;
    return {
      status: 'succeeded',
      edge: outcome.decision,
      outputs: { ...outputs, notifyStatus: notified?.status ?? null, notifyError: notified?.error ?? null },
      ...(notified === null || notified === undefined
        ? {}
        : { request: notified.request, response: notified.response }),
    };
  } catch (error) {
    if (failedNotify === undefined) throw error;
    const failed: StepOutcome = {
      status: 'failed',
      edge: null,
      request: failedNotify.request,
      response: failedNotify.response,
      outputs: { notifyStatus: failedNotify.status, notifyError: failedNotify.error },
      error: `Its Notify request failed: ${failedNotify.error ?? ''}`,
    };
    // Cut off unanswered: the message may have gone out, so its record keeps its mark.
    if (failedNotify.isArrivalUnknown === true) {
      failed.error = `${failed.error ?? ''} ${arrivalUnknownNote}`;
      failed.isArrivalUnknown = true;
    }
    return failed;
  }
}

/** A pinned decision: no one is asked, nothing waits, nothing is kept for a restart. */
function pinnedApproval(_step: StepOf<'approval'>, pin: PinValue): StepOutcome {
  const decision = approvalDecisions.find((known) => known === pin.exit) ?? 'approved';
  // Said as "pin" where a decision says its channel, so a later step can tell it was never asked.
  const outputs = { decidedBy: '', decidedVia: 'pin', comment: '', decidedAt: '', link: '', ...pin.outputs };
  return { status: 'succeeded', edge: decision, outputs: { ...outputs, decision } };
}

export const approvalExecutor: StepExecutor<StepOf<'approval'>> = {
  execute: executeApproval,
  executePinned: pinnedApproval,
};
