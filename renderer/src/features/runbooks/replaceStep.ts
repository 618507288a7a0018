/** An inspector edit of one step, applied to the graph: the step replaced, and the edges of exits it lost. */
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { exitsOfStep, type Step } from '../../../../shared/runbook/stepTypes';

/**
 * The graph with step `id` replaced by `next`. A step whose exits follow its settings (a Switch's
 * cases) may lose an exit in the edit; the edge that left by it goes in the same change, so one
 * undo brings both back. The edges stay the same list when none goes (typing changes no exit).
 */
export function replaceStep(graph: RunbookGraph, id: string, next: Step): RunbookGraph {
  const steps = graph.steps.map((step) => (step.id === id ? next : step));
  const kept = new Set(exitsOfStep(next));
  const isGone = (edge: RunbookGraph['edges'][number]) => edge.from === id && !kept.has(edge.kind);
  const edges = graph.edges.some(isGone) ? graph.edges.filter((edge) => !isGone(edge)) : graph.edges;
  return { ...graph, steps, edges };
}
