/**
 * The order in which Tab goes through the canvas: the steps as the flow goes, then the edges.
 * React Flow puts every edge before every step in the page, and the steps in the order they were
 * added, so the browser's own order took a keyboard user through all the connections before the
 * first step, and then through the steps in no order the chart shows.
 */
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { exitsOfStep, isStartStep, type Step } from '../../../../shared/runbook/stepTypes';
import { edgeId } from './graphEdits';

export interface CanvasTabOrder {
  /** Step ids: Start first, then as the flow goes. */
  steps: string[];
  /** Edge ids (as on the canvas), in the order of the steps they leave, each step's by its exits. */
  edges: string[];
}

/**
 * 1. From Start, depth first along each step's exits in their order (success before failure,
 *    true before false), each step once.
 * 2. Then the steps the flow does not reach, the same way from each of them in turn: first those
 *    nothing leads into, then the others, each kind top to bottom and left to right as drawn.
 * 3. Then the edges, leaving the steps in that order.
 */
export function canvasTabOrder(graph: Pick<RunbookGraph, 'steps' | 'edges' | 'positions'>): CanvasTabOrder {
  const targets = new Map<string, string>();
  for (const edge of graph.edges) targets.set(edgeId(edge), edge.to);
  const byId = new Map(graph.steps.map((step) => [step.id, step]));
  const visited = new Set<string>();
  const steps: string[] = [];
  const visitFrom = (first: Step) => {
    const stack = [first];
    while (stack.length > 0) {
      const step = stack.pop();
      if (step === undefined || visited.has(step.id)) continue;
      visited.add(step.id);
      steps.push(step.id);
      // Pushed last exit first, so the first exit is followed first.
      for (const kind of [...exitsOfStep(step)].reverse()) {
        const next = byId.get(targets.get(edgeId({ from: step.id, kind })) ?? '');
        if (next !== undefined && !visited.has(next.id)) stack.push(next);
      }
    }
  };
  for (const step of [...graph.steps].sort(startThenAsDrawn(graph))) visitFrom(step);
  return { steps, edges: edgesLeaving(graph, steps) };
}

/**
 * Where the walk starts: Start, then the steps nothing leads into, then the rest (a loop the flow
 * does not reach); each group top to bottom and left to right as drawn, steps with no position last.
 */
function startThenAsDrawn(graph: Pick<RunbookGraph, 'edges' | 'positions'>): (a: Step, b: Step) => number {
  const ledInto = new Set(graph.edges.map((edge) => edge.to));
  const rankOf = (step: Step) => {
    if (isStartStep(step)) return [0, 0, 0, 0];
    const position = graph.positions[step.id];
    return [ledInto.has(step.id) ? 2 : 1, position === undefined ? 1 : 0, position?.y ?? 0, position?.x ?? 0];
  };
  return (a, b) => {
    const rankA = rankOf(a);
    const rankB = rankOf(b);
    const differing = rankA.findIndex((value, index) => value !== rankB[index]);
    return differing === -1 ? 0 : (rankA[differing] ?? 0) - (rankB[differing] ?? 0);
  };
}

function edgesLeaving(graph: Pick<RunbookGraph, 'steps' | 'edges'>, stepOrder: readonly string[]): string[] {
  const rank = new Map(stepOrder.map((id, index) => [id, index]));
  const exitRanks = new Map<string, number>();
  for (const step of graph.steps)
    exitsOfStep(step).forEach((kind, index) => exitRanks.set(edgeId({ from: step.id, kind }), index));
  const rankOf = (id: string, from: string) => [
    rank.get(from) ?? stepOrder.length,
    exitRanks.get(id) ?? Number.MAX_SAFE_INTEGER,
  ];
  return graph.edges
    .map((edge) => ({ id: edgeId(edge), rank: rankOf(edgeId(edge), edge.from) }))
    .sort((a, b) => (a.rank[0] ?? 0) - (b.rank[0] ?? 0) || (a.rank[1] ?? 0) - (b.rank[1] ?? 0))
    .map((edge) => edge.id);
}
