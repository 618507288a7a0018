/** The exit of a step that nothing is connected to yet, in the order its type lists its exits. */
import type { EdgeKind, RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { exitsOfStep } from '../../../../shared/runbook/stepTypes';

/** The first exit of `stepId` with no edge (success before failure, true before false), if any. */
export function firstFreeExit(graph: RunbookGraph, stepId: string): EdgeKind | undefined {
  const step = graph.steps.find((candidate) => candidate.id === stepId);
  if (step === undefined) return undefined;
  const used = new Set(graph.edges.filter((edge) => edge.from === stepId).map((edge) => edge.kind));
  return exitsOfStep(step).find((kind) => !used.has(kind));
}
