/**
 * A run waits for its approval in one process (approvals.owner), but any process with the data
 * folder open may decide it (the window of the app or `serve` deciding a run of
 * `runbook-designer run`): that process writes the decision, and only the waiting one can act on
 * it. While runs wait here, the waiting process looks for such decisions once a second.
 */
import type { ApprovalDecisionRow, ApprovalRepository } from '../db/repositories/approvalRepository';
import type { Waiter } from './approvalService';

/** How often a waiting run looks for a decision another process on its data folder wrote. */
const checkEveryMs = 1_000;

export interface DecisionsElsewhereDependencies {
  approvals: Pick<ApprovalRepository, 'decisionAt'>;
  /** The runs waiting in this process, by run id. */
  waiters: Map<string, Waiter>;
  /** The run goes on with the decision (its waiter already removed). */
  goOn(
    runId: string,
    waiter: Waiter,
    decided: ApprovalDecisionRow & { state: 'approved' | 'rejected' },
  ): void;
}

export function watchDecisionsElsewhere(deps: DecisionsElsewhereDependencies) {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const check = () => {
    for (const [runId, waiter] of deps.waiters) {
      const decided = deps.approvals.decisionAt(runId, waiter.seq);
      if (decided?.state !== 'approved' && decided?.state !== 'rejected') continue;
      deps.waiters.delete(runId);
      deps.goOn(runId, waiter, { ...decided, state: decided.state });
    }
    if (deps.waiters.size === 0) stop();
  };
  return {
    /** A run waits now: look until none does. */
    look: () => {
      timer ??= setInterval(check, checkEveryMs);
      timer.unref();
    },
    stop,
  };
}
