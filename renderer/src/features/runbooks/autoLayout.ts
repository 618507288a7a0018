/**
 * "Tidy up": lays the flow chart out top to bottom with dagre, matching the steps' handles (the
 * entry on top, exits along the bottom). A loop (a For each body returning)
 * is drawn as a back edge: dagre reverses the edges that close a cycle, met depth-first from Start.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { exitsOfStep, isStartStep } from '../../../../shared/runbook/stepTypes';

export interface Size {
  width: number;
  height: number;
}

/** What a step measures before it is drawn. */
export const defaultStepSize: Size = { width: 180, height: 64 };

/**
 * New top-left positions for every step, given each step's size on the canvas.
 * 1. Adds the steps starting from Start, then the edges in the order of each step's exits.
 * 2. Lets dagre rank and order them. Its order within a rank need not follow the exits' order
 *    (it tends to put a "failure" left of a "success"), while a step's exits sit left to right on
 *    it: the layout is mirrored when that puts more branches in their exits' order, so success
 *    and true go left, failure and false right, and their edges do not cross.
 * 3. Turns dagre's centres into top-left corners placed where the Start step is now, so the chart
 *    does not jump away.
 */
export function autoLayout(
  graph: RunbookGraph,
  sizes: Readonly<Record<string, Size | undefined>>,
): RunbookGraph['positions'] {
  const steps = [...graph.steps].sort((a, b) => Number(isStartStep(b)) - Number(isStartStep(a)));
  let best = laidOutBy(graph, steps, sizes, false);
  // Still a branch out of order: dagre's order also depends on the order the exits were given in.
  if (best.outOfOrder > 0 && steps.length <= secondTryUpTo) {
    const other = laidOutBy(graph, steps, sizes, true);
    if (other.outOfOrder < best.outOfOrder) best = other;
  }
  const anchorId = steps[0]?.id ?? '';
  const anchor = graph.positions[anchorId];
  const laidAnchor = best.corners.get(anchorId);
  const shift =
    anchor === undefined || laidAnchor === undefined
      ? { x: 0, y: 0 }
      : { x: anchor.x - laidAnchor.x, y: anchor.y - laidAnchor.y };
  const positions: RunbookGraph['positions'] = {};
  for (const [id, corner] of best.corners)
    positions[id] = { x: Math.round(corner.x + shift.x), y: Math.round(corner.y + shift.y) };
  return positions;
}

/** Up to this many steps, a layout with a branch out of order is tried again (dagre is quick there). */
const secondTryUpTo = 1_000;

/** One dagre layout, mirrored if that puts more branches in order, with what is still out of order. */
function laidOutBy(
  graph: RunbookGraph,
  steps: readonly RunbookGraph['steps'][number][],
  sizes: Readonly<Record<string, Size | undefined>>,
  isExitOrderReversed: boolean,
): { corners: Map<string, { x: number; y: number }>; outOfOrder: number } {
  const layered = new Graph({ multigraph: true });
  layered.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 72, edgesep: 24 });
  layered.setDefaultEdgeLabel(() => ({}));
  for (const step of steps) layered.setNode(step.id, { ...(sizes[step.id] ?? defaultStepSize) });
  const ids = new Set(steps.map((step) => step.id));
  const exits = new Map(graph.edges.map((edge) => [`${edge.from}:${edge.kind}`, edge.to]));
  for (const step of steps) {
    const kinds = exitsOfStep(step);
    for (const kind of isExitOrderReversed ? [...kinds].reverse() : kinds) {
      const to = exits.get(`${step.id}:${kind}`);
      if (to !== undefined && ids.has(to) && to !== step.id) layered.setEdge(step.id, to, {}, kind);
    }
  }
  layout(layered);

  const centres = new Map<string, number>();
  for (const step of steps) centres.set(step.id, (layered.node(step.id) as { x: number }).x);
  const asIs = branchesOutOfOrder(graph, centres, 1);
  const mirrored = branchesOutOfOrder(graph, centres, -1);
  const sign = mirrored < asIs ? -1 : 1;
  const corners = new Map<string, { x: number; y: number }>();
  for (const step of steps) {
    const node = layered.node(step.id) as { x: number; y: number; width: number; height: number };
    corners.set(step.id, { x: sign * node.x - node.width / 2, y: node.y - node.height / 2 });
  }
  return { corners, outOfOrder: Math.min(asIs, mirrored) };
}

/** How many pairs of a step's exits lead to steps in the other order, with x multiplied by `sign`. */
function branchesOutOfOrder(graph: RunbookGraph, centres: ReadonlyMap<string, number>, sign: 1 | -1): number {
  const exits = new Map(graph.edges.map((edge) => [`${edge.from}:${edge.kind}`, edge.to]));
  let count = 0;
  for (const step of graph.steps) {
    let previous: number | undefined;
    for (const kind of exitsOfStep(step)) {
      const to = exits.get(`${step.id}:${kind}`);
      const x = to === undefined || to === step.id ? undefined : centres.get(to);
      if (x === undefined) continue;
      if (previous !== undefined && sign * x < previous) count += 1;
      previous = sign * x;
    }
  }
  return count;
}

const laidOut = new WeakMap<RunbookGraph, RunbookGraph['positions']>();

/**
 * The graph's positions, with a laid-out place for every step that has none (a runbook written
 * through the API or the CLI without a canvas): otherwise they would all be drawn on top of each
 * other at the origin. The same object when nothing is missing; remembered per graph.
 */
export function positionsOf(graph: RunbookGraph): RunbookGraph['positions'] {
  if (graph.steps.every((step) => graph.positions[step.id] !== undefined)) return graph.positions;
  let positions = laidOut.get(graph);
  if (positions === undefined) {
    positions = { ...autoLayout(graph, {}), ...graph.positions };
    laidOut.set(graph, positions);
  }
  return positions;
}
