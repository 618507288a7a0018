/** Small graph helpers over a runbook: successors, reachability, ancestors. */
import type { RunbookGraph } from './runbookGraph';

/** Step id → ids it leads to. */
export function successorsOf(graph: RunbookGraph): Map<string, string[]> {
  const next = new Map<string, string[]>(graph.steps.map((step) => [step.id, []]));
  for (const edge of graph.edges) next.get(edge.from)?.push(edge.to);
  return next;
}

/** Every step reachable from `from` (itself included), breadth first, never passing `stopAt`. */
export function reachableFrom(graph: RunbookGraph, from: string, stopAt?: string): Set<string> {
  const next = successorsOf(graph);
  const seen = new Set<string>([from]);
  const queue = [from];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const target of next.get(current) ?? []) {
      if (!seen.has(target) && target !== stopAt) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

/** Steps that can run before `stepId` on some path (its ancestors), itself excluded. */
export function ancestorsOf(graph: RunbookGraph, stepId: string): Set<string> {
  const previous = new Map<string, string[]>(graph.steps.map((step) => [step.id, []]));
  for (const edge of graph.edges) previous.get(edge.to)?.push(edge.from);
  const seen = new Set<string>();
  const queue = [...(previous.get(stepId) ?? [])];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    if (seen.has(current)) continue;
    seen.add(current);
    queue.push(...(previous.get(current) ?? []));
  }
  seen.delete(stepId);
  return seen;
}
