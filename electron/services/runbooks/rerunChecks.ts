/** What a re-run must check and carry over from the earlier run — confirmation to repeat a request, where a re-run from a step may start, the outputs it reuses — as pure functions, tested alone. */
import { AppError } from '../../../shared/api/appError';
import { reachableFrom } from '../../../shared/runbook/graphWalk';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { StepRecord } from '../db/repositories/runRepository';
import type { ReusedStep } from '../engine/engine';
import { latestReusedSteps } from '../engine/reusedSteps';

/**
 * Refuses to repeat a step whose request may already have reached the API (the app stopped or the
 * run was cancelled while it was out, or it was cut off unanswered) unless the user confirmed:
 * sending it again could, say, open a second ticket.
 */
export function assertRepeatConfirmed(
  mayHaveBeenSent: readonly { stepId: string }[],
  graph: RunbookGraph,
  options: { confirmRepeat?: boolean },
  /** The earlier run has not ended: its step's request is out now, not cut short. */
  isStillGoing = false,
): void {
  if (options.confirmRepeat === true) return;
  const [record] = mayHaveBeenSent;
  if (record === undefined) return;
  const name = graph.steps.find((step) => step.id === record.stepId)?.name ?? record.stepId;
  const why = isStillGoing
    ? 'the run is still going and its request is out now'
    : 'its request was out when the app stopped or the run was cancelled, or it got no answer (a timeout, a connection lost)';
  throw new AppError(
    'conflict',
    `"${name}" may already have been sent: ${why}. Check the API first; running again repeats it. ` +
      'Confirm to run it again anyway.',
    'confirmRepeat',
  );
}

/** Whether the step lies in some For each's body (reachable from its body edge before it loops back). */
export function insideLoopBody(graph: RunbookGraph, stepId: string): boolean {
  return graph.edges.some(
    (edge) =>
      edge.kind === 'body' && (edge.to === stepId || reachableFrom(graph, edge.to, edge.from).has(stepId)),
  );
}

/**
 * Where a re-run from `stepId` of an earlier run starts: refused in words when the step is no
 * longer in the graph, did not run, or runs inside a For each. Gives the seq of the step's first
 * record and the last record of each step before it (in the order they ran), whose outputs the
 * re-run reuses instead of running them.
 */
export function resumePointOf(
  graph: RunbookGraph,
  records: readonly StepRecord[],
  stepId: string,
): { fromSeq: number; reused: ReusedStep[] } {
  const step = graph.steps.find((candidate) => candidate.id === stepId);
  if (step === undefined)
    throw new AppError('invalid_input', 'That step is no longer in the runbook.', 'stepId');
  const firstAt = records.findIndex((record) => record.stepId === stepId);
  if (firstAt < 0) throw new AppError('invalid_input', `"${step.name}" did not run in that run.`, 'stepId');
  if (insideLoopBody(graph, stepId)) {
    throw new AppError(
      'invalid_input',
      `"${step.name}" runs inside a For each; re-run from the For each step instead.`,
      'stepId',
    );
  }
  // Steps this run itself reused ("skipped") carry their outputs on again.
  const earlier = records
    .slice(0, firstAt)
    .filter((record) => graph.steps.some((candidate) => candidate.id === record.stepId));
  return { fromSeq: records[firstAt]?.seq ?? 0, reused: latestReusedSteps(earlier) };
}
