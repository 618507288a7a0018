/**
 * Wait for approval: resolves the message, hands the question to the host (which persists it,
 * marks the run waiting and offers the window, the API and a single-use link) and follows the
 * exit named by how it ended — approved, rejected or timed_out.
 */
import type { StepOf } from '../../../../shared/runbook/stepTypes';
import type { PinValue } from '../../../../shared/rehearsal/rehearsal';
import { approvalDecisions } from '../../../../shared/runbook/steps/approval';
import type { ExecutionContext, StepOutcome } from '../executionContext';
import type { StepExecutor } from './stepExecutor';

/** The message as text: a lone placeholder may resolve to an object, shown as JSON. */
function messageText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

async function executeApproval(step: StepOf<'approval'>, context: ExecutionContext): Promise<StepOutcome> {
  const awaitApproval = context.capabilities.awaitApproval;
  if (awaitApproval === undefined)
    return { status: 'failed', edge: null, error: 'This run cannot wait for an approval here.' };
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
    },
    context.signal,
  );
  return {
    status: 'succeeded',
    edge: outcome.decision,
    outputs: { ...outcome },
  };
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
