/**
 * The path a run took through its runbook, from its step records: each step's last state, the
 * edges followed (consecutive records joined by an edge of the graph), and the order for replay.
 */
import type { StepStatus } from '../../../../shared/domain/runStatus';
import type { Edge, RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { descriptorNamed } from '../../../../shared/runbook/steps/stepRegistry';

export type RecordStatus = StepStatus;

export interface PathRecord {
  seq: number;
  stepId: string;
  status: RecordStatus;
}

export const edgeKey = (edge: Edge): string => `${edge.from}:${edge.kind}:${edge.to}`;

/** The state of each step after the first `upTo` records (all of them by default). */
export function stepStates(records: readonly PathRecord[], upTo = records.length): Map<string, RecordStatus> {
  const states = new Map<string, RecordStatus>();
  for (const record of records.slice(0, upTo)) states.set(record.stepId, record.status);
  return states;
}

/**
 * The edges the run followed within its first `upTo` records. Between two records the edge is
 * the one from the first step to the second; a For each returning to its loop step counts too.
 */
export function takenEdges(
  graph: RunbookGraph,
  records: readonly PathRecord[],
  upTo = records.length,
): Set<string> {
  const taken = new Set<string>();
  const shown = records.slice(0, upTo);
  for (let index = 1; index < shown.length; index += 1) {
    const from = shown[index - 1]?.stepId;
    const to = shown[index]?.stepId;
    const edge = graph.edges.find((candidate) => candidate.from === from && candidate.to === to);
    if (edge !== undefined) taken.add(edgeKey(edge));
  }
  return taken;
}

/** How a record's state reads (a reused step says so). */
/**
 * A record's state as read on the run page: a step waiting for a person (Wait for approval) still
 * going while its run waits says "waiting", not "running".
 */
export function recordStatusText(
  record: { status: RecordStatus; stepType: string },
  runStatus: string,
): string {
  return record.status === 'running' &&
    runStatus === 'waiting' &&
    descriptorNamed(record.stepType)?.waitsForPerson === true
    ? 'waiting'
    : recordStatusLabel[record.status];
}

export const recordStatusLabel: Record<RecordStatus, string> = {
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'reused',
  cancelled: 'cancelled',
};
