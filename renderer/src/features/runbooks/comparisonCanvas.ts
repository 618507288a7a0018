/**
 * One canvas for two versions: the newer graph with the older one's removed steps and edges laid
 * back in where they were, and each step and edge dressed by what happened to it — added,
 * removed, changed (its settings or exits), or only moved.
 */
import type { RunbookComparison } from '../../../../shared/domain/runbookComparison';
import type { Edge, RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import type { EdgeLook, StepLook } from './ReadOnlyCanvas';

export interface ComparisonCanvas {
  graph: RunbookGraph;
  stepLooks: ReadonlyMap<string, StepLook>;
  edgeLooks: ReadonlyMap<Edge, EdgeLook>;
}

const notes = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

/** How far apart two steps' corners must be not to overlap (a card and a little air). */
const clearance = { x: 240, y: 120 };

/**
 * Where a removed step goes: its old place, or beside it to the right when a step of the newer
 * version (often the one that replaced it) stands there.
 */
function clearOf(at: { x: number; y: number }, taken: readonly { x: number; y: number }[]) {
  let x = at.x;
  const overlaps = () =>
    taken.some((other) => Math.abs(other.x - x) < clearance.x && Math.abs(other.y - at.y) < clearance.y);
  for (let tries = 0; tries < 50 && overlaps(); tries += 1) x += clearance.x;
  return { x, y: at.y };
}

/** The overlaid graph and how each of its steps and edges looks. */
export function comparisonCanvasOf(
  comparison: Pick<RunbookComparison, 'from' | 'to' | 'diff'>,
): ComparisonCanvas {
  const { from, to, diff } = comparison;
  const removedIds = new Set(diff.steps.filter((step) => step.kind === 'removed').map((step) => step.stepId));
  const edgeKey = (edge: Edge) => `${edge.from} ${edge.kind} ${edge.to}`;
  const addedEdges = new Set(diff.edges.added.map(edgeKey));
  const removedEdges = new Set(diff.edges.removed.map(edgeKey));
  const removedEdgeObjects = from.graph.edges.filter((edge) => removedEdges.has(edgeKey(edge)));
  const positions = { ...to.graph.positions };
  for (const id of removedIds) {
    const at = from.graph.positions[id];
    if (at !== undefined) positions[id] = clearOf(at, Object.values(positions));
  }
  const graph: RunbookGraph = {
    ...to.graph,
    steps: [...to.graph.steps, ...from.graph.steps.filter((step) => removedIds.has(step.id))],
    edges: [...to.graph.edges, ...removedEdgeObjects],
    positions,
  };
  const stepLooks = new Map<string, StepLook>();
  for (const step of diff.steps)
    stepLooks.set(step.stepId, { className: `diff-${step.kind}`, note: notes[step.kind] });
  for (const id of diff.moved) stepLooks.set(id, { className: 'diff-moved', note: 'Moved' });
  const edgeLooks = new Map<Edge, EdgeLook>();
  for (const edge of graph.edges) {
    if (addedEdges.has(edgeKey(edge))) edgeLooks.set(edge, { className: 'diff-added' });
    else if (removedEdges.has(edgeKey(edge))) edgeLooks.set(edge, { className: 'diff-removed' });
  }
  return { graph, stepLooks, edgeLooks };
}

/**
 * A field's value as the side panel shows it: text as it is, anything else as JSON, absent as —;
 * an exit's target (`exits.<kind>`) by the step's name.
 */
export function shownValue(
  value: unknown,
  path = '',
  nameOf: (stepId: string) => string | undefined = () => undefined,
): string {
  if (value === undefined) return '—';
  if (path.startsWith('exits.') && typeof value === 'string') return nameOf(value) ?? value;
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}
