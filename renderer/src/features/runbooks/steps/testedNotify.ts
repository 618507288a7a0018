/**
 * A Wait for approval's Notify request as Test step sends it (StepTestDialog): the approval's
 * values given as examples — the message and expiry as a run would make them, the link an
 * address that leads nowhere — and, while no webhook listener runs, a warning that a run would
 * not send a request that needs the link.
 */
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { notifyUsesLink, type ApprovalNotify } from '../../../../../shared/runbook/steps/approval';
import type { TestedRequest } from '../methodFromStep/StepTestDialog';

type ApprovalStep = StepOf<'approval'>;

/**
 * The link a tested Notify request carries: a run makes a real one when it starts waiting; a test
 * makes no approval, so it sends this address, which can never lead anywhere (.invalid).
 */
export const exampleApprovalLink = 'https://approval-link.invalid/made-when-a-run-waits';

/** What a run would do differently now: not send a request that needs the link while no listener makes one. */
export const noListenerWarning =
  'A run would not send this request now: {{approval.link}} needs the webhook listener, which is not ' +
  'running (see Settings → Webhooks). The test sends it with the example link.';

/** The Notify request as a step Test sends it: the approval's values given as examples. */
export function testedNotify(
  step: ApprovalStep,
  notify: ApprovalNotify,
  now: Date,
  isListening: boolean,
): TestedRequest {
  return {
    warning: !isListening && notifyUsesLink(notify) ? noListenerWarning : undefined,
    stepId: step.id,
    title: `Test Notify · ${step.name}`,
    configuration: notify.configuration,
    arguments: notify.arguments,
    examples: {
      approval: {
        link: exampleApprovalLink,
        message: step.message,
        expiresAt: new Date(now.getTime() + step.timeoutMinutes * 60_000).toISOString(),
      },
    },
    isPinnable: false,
  };
}
