/**
 * "Tidy up": lays the flow chart out top to bottom with dagre, matching the steps' handles (the
 * entry on top, exits along the bottom). A loop (a For each body returning)
 * is drawn as a back edge: dagre reverses the edges that close a cycle, met depth-first from Start.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { isStartStep, stepTypes } from '../../../../shared/runbook/stepTypes';

export interface Size {
  width: number;
  height: number;
}

/** What a step measures before it is drawn. */
export const defaultStepSize: Size = { width: 180, height: 64 };

/**
 * New top-left positions for every step, given each step's size on the canvas.
 * 1. Adds the steps starting from Start, then the edges in the order of each step's exits, so
 *    dagre's first ordering already puts a "true" left of a "false".
 * 2. Lets dagre rank and order them, then turns its centres into top-left corners placed where
 *    the Start step is now, so the chart does not jump away.
 */
export function autoLayout(
  graph: RunbookGraph,
  sizes: Readonly<Record<string, Size | undefined>>,
): RunbookGraph['positions'] {
  const layered = new Graph({ multigraph: true });
  layered.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 72, edgesep: 24 });
  layered.setDefaultEdgeLabel(() => ({}));
  const steps = [...graph.steps].sort((a, b) => Number(isStartStep(b)) - Number(isStartStep(a)));
  for (const step of steps) layered.setNode(step.id, { ...(sizes[step.id] ?? defaultStepSize) });
  const ids = new Set(steps.map((step) => step.id));
  const exits = new Map(graph.edges.map((edge) => [`${edge.from}:${edge.kind}`, edge.to]));
  for (const step of steps) {
    for (const kind of stepTypes[step.type].outgoing) {
      const to = exits.get(`${step.id}:${kind}`);
      if (to !== undefined && ids.has(to) && to !== step.id) layered.setEdge(step.id, to, {}, kind);
    }
  }
  layout(layered);

  const corners = new Map<string, { x: number; y: number }>();
  for (const step of steps) {
    const node = layered.node(step.id) as { x: number; y: number; width: number; height: number };
    corners.set(step.id, { x: node.x - node.width / 2, y: node.y - node.height / 2 });
  }
  const anchorId = steps[0]?.id ?? '';
  const anchor = graph.positions[anchorId];
  const laidAnchor = corners.get(anchorId);
  const shift =
    anchor === undefined || laidAnchor === undefined
      ? { x: 0, y: 0 }
      : { x: anchor.x - laidAnchor.x, y: anchor.y - laidAnchor.y };
  const positions: RunbookGraph['positions'] = {};
  for (const [id, corner] of corners)
    positions[id] = { x: Math.round(corner.x + shift.x), y: Math.round(corner.y + shift.y) };
  return positions;
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
