/** The designer's graph edits as pure functions: each gives the next graph, or null when it would change nothing. */
import type { Edge, RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { isStartStep, type StepType } from '../../../../shared/runbook/stepTypes';
import type { Position } from './designerState';
import { firstFreeExit } from './freeExit';
import { newStep } from './newStep';

/** An edge's id on the canvas: one edge leaves each exit. */
export function edgeId(edge: Pick<Edge, 'from' | 'kind'>): string {
  return `${edge.from}:${edge.kind}`;
}

/** A new step of `type` at `position`; with `after`, the first free exit of that step leads to it. */
export function withStepAdded(
  graph: RunbookGraph,
  type: StepType,
  position: Position,
  after: string | null,
): { graph: RunbookGraph; stepId: string } {
  const step = newStep(graph, type);
  const exit = after === null ? undefined : firstFreeExit(graph, after);
  return {
    stepId: step.id,
    graph: {
      ...graph,
      steps: [...graph.steps, step],
      edges:
        exit === undefined || after === null
          ? graph.edges
          : [...graph.edges, { from: after, kind: exit, to: step.id }],
      positions: { ...graph.positions, [step.id]: position },
    },
  };
}

/** Without the steps `stepIds` (never Start) and their edges, and without the edges `edgeIds` (canvas ids). */
export function withoutElements(
  graph: RunbookGraph,
  stepIds: readonly string[],
  edgeIds: readonly string[],
): RunbookGraph | null {
  const wanted = new Set(stepIds);
  const removable = new Set(
    graph.steps.filter((step) => wanted.has(step.id) && !isStartStep(step)).map((step) => step.id),
  );
  const edgesGone = new Set(edgeIds);
  const edges = graph.edges.filter(
    (edge) => !removable.has(edge.from) && !removable.has(edge.to) && !edgesGone.has(edgeId(edge)),
  );
  if (removable.size === 0 && edges.length === graph.edges.length) return null;
  const positions = Object.fromEntries(Object.entries(graph.positions).filter(([id]) => !removable.has(id)));
  return { ...graph, steps: graph.steps.filter((step) => !removable.has(step.id)), edges, positions };
}

/** With `edge`, which moves the edge leaving its exit if there is one; none from a step to itself. */
export function withEdge(graph: RunbookGraph, edge: Edge): RunbookGraph | null {
  if (edge.from === edge.to) return null;
  const edges = graph.edges.filter((existing) => edgeId(existing) !== edgeId(edge));
  return { ...graph, edges: [...edges, edge] };
}

/** Whether any step of `moved` stands elsewhere than it does in `before`. */
export function hasMoved(before: RunbookGraph, moved: Readonly<Record<string, Position>>): boolean {
  return Object.entries(moved).some(([id, to]) => {
    const from = before.positions[id];
    return from?.x !== to.x || from.y !== to.y;
  });
}

/** With the steps at `positions`; null when each already stands there. */
export function withLayout(graph: RunbookGraph, positions: RunbookGraph['positions']): RunbookGraph | null {
  const isUnchanged = Object.entries(positions).every(([id, to]) => {
    const from = graph.positions[id];
    return from?.x === to.x && from.y === to.y;
  });
  return isUnchanged ? null : { ...graph, positions: { ...graph.positions, ...positions } };
}

/** Without input `index`; null when there is none. */
export function withoutInput(graph: RunbookGraph, index: number): RunbookGraph | null {
  if (graph.inputs[index] === undefined) return null;
  return { ...graph, inputs: graph.inputs.filter((_, position) => position !== index) };
}
