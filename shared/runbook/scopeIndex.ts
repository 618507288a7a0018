/**
 * The variables in scope at every step at once, for validation: the same answers as `scopeAt`,
 * but ancestors are worked out for the whole graph in one pass of bit sets (not one walk per
 * step), and each question is answered only when asked. A 5,000-step runbook checks in well
 * under a second instead of growing with the square of its size.
 */
import { reachableFrom } from './graphWalk';
import type { RunbookGraph } from './runbookGraph';
import { loopItemOf, outputsInScopeOf, variablesSetBy } from './steps/stepScope';
import type { Step } from './stepTypes';

/** What validation asks of a step's scope; `Scope` from variablesInScope answers it too. */
export interface ScopeQuery {
  inputs: { has(name: string): boolean };
  steps: { has(id: string): boolean; get(id: string): ReadonlySet<string> | null | undefined };
  vars: { has(name: string): boolean };
  loopItems: { has(name: string): boolean };
}

export function createScopeIndex(
  graph: RunbookGraph,
  outputsOf: (methodId: string) => string[] | undefined,
): (stepId: string) => ScopeQuery {
  const steps = graph.steps;
  const indexOf = new Map(steps.map((step, index) => [step.id, index]));
  const words = Math.ceil(steps.length / 32) || 1;
  const ancestors = steps.map(() => new Uint32Array(words));
  const edges = graph.edges
    .map((edge) => [indexOf.get(edge.from), indexOf.get(edge.to)] as const)
    .filter((pair): pair is readonly [number, number] => pair[0] !== undefined && pair[1] !== undefined);
  // ancestors(to) ⊇ ancestors(from) ∪ {from}, repeated until nothing changes (loops need a few passes).
  for (let pass = 0, changed = true; changed && pass <= steps.length; pass += 1) {
    changed = false;
    for (const [from, to] of edges) {
      const source = ancestors[from] as Uint32Array;
      const target = ancestors[to] as Uint32Array;
      for (let word = 0; word < words; word += 1) {
        const own = word === from >>> 5 ? 1 << (from & 31) : 0;
        const next = ((target[word] as number) | (source[word] as number) | own) >>> 0;
        if (next !== target[word]) {
          target[word] = next;
          changed = true;
        }
      }
    }
  }
  const isAncestor = (of: number, candidate: number): boolean => {
    const word = (ancestors[of] as Uint32Array)[candidate >>> 5] ?? 0;
    return of !== candidate && (word & (1 << (candidate & 31))) !== 0;
  };

  const inputs = new Set(graph.inputs.map((input) => input.name));
  const setters = new Map<string, number[]>();
  steps.forEach((step, index) => {
    for (const name of variablesSetBy(step)) setters.set(name, [...(setters.get(name) ?? []), index]);
  });
  const outputsMemo = new Map<number, ReadonlySet<string> | null>();
  const outputsOfStep = (index: number, step: Step): ReadonlySet<string> | null => {
    if (!outputsMemo.has(index)) outputsMemo.set(index, outputsInScopeOf(step, outputsOf));
    return outputsMemo.get(index) ?? null;
  };
  const bodies = new Map<number, Set<string>>();
  const bodyOf = (index: number, step: Step): Set<string> => {
    let body = bodies.get(index);
    if (body === undefined) {
      const bodyEdge = graph.edges.find((edge) => edge.from === step.id && edge.kind === 'body');
      body = bodyEdge === undefined ? new Set() : reachableFrom(graph, bodyEdge.to, step.id);
      bodies.set(index, body);
    }
    return body;
  };

  return (stepId) => {
    const at = indexOf.get(stepId) ?? -1;
    const ancestorIndex = (id: string) => {
      const index = indexOf.get(id);
      return index !== undefined && at >= 0 && isAncestor(at, index) ? index : undefined;
    };
    return {
      inputs,
      steps: {
        has: (id) => ancestorIndex(id) !== undefined,
        get: (id) => {
          const index = ancestorIndex(id);
          const step = index === undefined ? undefined : steps[index];
          return index === undefined || step === undefined ? undefined : outputsOfStep(index, step);
        },
      },
      vars: { has: (name) => (setters.get(name) ?? []).some((index) => at >= 0 && isAncestor(at, index)) },
      loopItems: {
        has: (name) =>
          steps.some(
            (step, index) =>
              loopItemOf(step) === name &&
              at >= 0 &&
              isAncestor(at, index) &&
              bodyOf(index, step).has(stepId),
          ),
      },
    };
  };
}
