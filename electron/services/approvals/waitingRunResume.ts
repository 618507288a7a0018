/**
 * At start-up, takes up the runs that were waiting for an approval when the app stopped: each
 * continues under its own id from its approval step, with the outputs of the steps before it put
 * back in scope from their records (as runs.rerunFrom rebuilds them) and the For each loops it
 * was inside opened again where they were (kept with the approval: items, how many were handed
 * out), and waits again on the same approval — same deadline, same link — or takes its
 * timed_out exit at once when the deadline passed meanwhile.
 */
import { runbookGraphSchema, type RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { DataFolderProcess } from '../db/dataFolderProcesses';
import type { ApprovalRepository } from '../db/repositories/approvalRepository';
import type { RunRepository, RunRow, StepRecord } from '../db/repositories/runRepository';
import type { Engine, ReusedStep } from '../engine/engine';
import type { OpenLoop } from '../engine/executionContext';
import { latestReusedSteps } from '../engine/reusedSteps';

type RecordedRun = RunRow & { steps: StepRecord[] };

export interface WaitingRunResumeDependencies {
  approvals: Pick<ApprovalRepository, 'pending'>;
  /** Makes this process the owner of an approval whose own is gone (false: another was first). */
  claim: ApprovalRepository['claim'];
  /** This process, and which others have the data folder open (their waiting runs are theirs). */
  processes: Pick<DataFolderProcess, 'name' | 'isOpenBy'>;
  runs: Pick<RunRepository, 'get' | 'triggerBody' | 'discardStep'>;
  engine: Pick<Engine, 'start'>;
  /** A published version's graph; undefined once the version is gone. */
  publishedGraph(versionId: string): { graph: RunbookGraph } | undefined;
  /** The runbook's stored draft, as the database holds it; undefined once the runbook is gone. */
  draftOf(runbookId: string): unknown;
  log(line: string): void;
}

/**
 * The graph the run ran: its published version while it exists, else the runbook's draft (a run
 * of the draft, or of a version deleted since); undefined when neither is there to read.
 */
function graphOf(run: RecordedRun, deps: WaitingRunResumeDependencies): RunbookGraph | undefined {
  const version = run.versionId === null ? undefined : deps.publishedGraph(run.versionId);
  if (version !== undefined) return version.graph;
  const parsed = runbookGraphSchema.safeParse(deps.draftOf(run.runbookId));
  return parsed.success ? parsed.data : undefined;
}

/** The last record of each step before `seq`, in the order they ran. */
function earlierOutputs(run: RecordedRun, seq: number): ReusedStep[] {
  return latestReusedSteps(run.steps.filter((record) => record.seq < seq));
}

/**
 * The approvals the start-up takes up: those pending now, of the runs that were waiting when the
 * app started. Read once the webhook listener is up, so a run started meanwhile that reached its
 * approval is going in this process: taking it up again would drop its step record, then fail.
 */
export function pendingAtStart(
  approvals: Pick<ApprovalRepository, 'pending'>,
): Pick<ApprovalRepository, 'pending'> {
  const waitingAtStart = new Set(approvals.pending().map((row) => row.runId));
  return { pending: () => approvals.pending().filter((row) => waitingAtStart.has(row.runId)) };
}

/**
 * Continues every waiting run whose process is gone (another living process with the data folder
 * open waits on its own), saying how many; returns how many were taken up. Each is claimed first,
 * so that of two processes starting together only one takes it up.
 */
export function resumeWaitingRuns(deps: WaitingRunResumeDependencies): number {
  let resumed = 0;
  const { name, isOpenBy } = deps.processes;
  for (const approval of deps.approvals.pending()) {
    if (approval.owner !== null && isOpenBy(approval.owner)) continue;
    if (!deps.claim(approval.runId, approval.seq, approval.owner, name)) continue;
    const run = deps.runs.get(approval.runId);
    const graph = run === undefined ? undefined : graphOf(run, deps);
    if (run === undefined || graph === undefined) {
      deps.log(`run ${approval.runId} waited for an approval, but its runbook is gone`);
      continue;
    }
    deps.runs.discardStep(run.id, approval.seq);
    const { finished } = deps.engine.start({
      runId: run.id,
      runbookId: run.runbookId,
      versionId: run.versionId,
      graph,
      inputs: run.inputs,
      trigger: run.trigger,
      client: run.clientName,
      triggerBody: deps.runs.triggerBody(run.id),
      continued: {
        fromStepId: approval.stepId,
        atSeq: approval.seq,
        earlier: earlierOutputs(run, approval.seq),
        loops: approval.loops === null ? [] : (JSON.parse(approval.loops) as OpenLoop[]),
      },
    });
    void finished.catch((error: unknown) =>
      deps.log(`run ${run.id} could not go on: ${(error as Error).message}`),
    );
    resumed += 1;
  }
  if (resumed > 0) deps.log(`${String(resumed)} run(s) waiting for an approval wait again`);
  return resumed;
}
