/**
 * Checks a runbook before it runs (PRODUCT.md §4 Validation): one Start, edges that fit their
 * steps, every needed outgoing edge present, every step reachable, method arguments filled, and
 * every {{variable}} available where it is used. Each issue names the step it belongs to, so the
 * canvas can show it there.
 *
 * 1. Index the steps; report a missing or second Start.
 * 2. Check each edge: known ends, a kind the source type has, no kind used twice.
 * 3. Report each required outgoing kind without an edge.
 * 4. Walk from Start; report steps nothing leads to.
 * 5. Per step, check its templates against the variables in scope there.
 * 6. Check the Start step's webhook and schedule settings.
 */
import { listTemplateVariables } from '../expressions/template';
import type { RunbookGraph } from './runbookGraph';
import { stepTypes, type Step } from './stepTypes';
import { reachableFrom } from './graphWalk';
import { problemWithVariable } from './variablesInScope';
import { createScopeIndex } from './scopeIndex';
import { validateTriggers } from './validateTriggers';

export interface GraphIssue {
  stepId: string | null;
  message: string;
}

export interface MethodFacts {
  /** The variables the method asks for; undefined when the method no longer exists. */
  variables(methodId: string): string[] | undefined;
  outputs(methodId: string): string[] | undefined;
}

function templatesOf(step: Step): string[] {
  switch (step.type) {
    case 'method':
      return Object.values(step.arguments);
    case 'condition':
      return step.rules.flatMap((rule) => [rule.left, rule.right]);
    case 'setVariables':
      return step.assignments.map((assignment) => assignment.value);
    case 'delay':
      return [step.seconds];
    case 'forEach':
      return [step.items];
    case 'runRunbook':
      return Object.values(step.inputs);
    case 'end':
      return [step.message];
    case 'start':
      return [];
  }
}

export function validateGraph(graph: RunbookGraph, methods: MethodFacts): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const byId = new Map(graph.steps.map((step) => [step.id, step]));
  const starts = graph.steps.filter((step) => step.type === 'start');
  if (starts.length === 0) issues.push({ stepId: null, message: 'The runbook needs a Start step.' });
  for (const extra of starts.slice(1))
    issues.push({ stepId: extra.id, message: 'A runbook has only one Start step.' });

  const used = new Set<string>();
  for (const edge of graph.edges) {
    const source = byId.get(edge.from);
    if (source === undefined || !byId.has(edge.to)) {
      issues.push({
        stepId: source?.id ?? null,
        message: `An edge joins a step that no longer exists (${edge.from} → ${edge.to}).`,
      });
      continue;
    }
    if (!stepTypes[source.type].outgoing.includes(edge.kind)) {
      issues.push({
        stepId: source.id,
        message: `A ${stepTypes[source.type].label} step has no "${edge.kind}" exit.`,
      });
    }
    const key = `${edge.from}:${edge.kind}`;
    if (used.has(key))
      issues.push({ stepId: source.id, message: `Two edges leave "${source.name}" as "${edge.kind}".` });
    used.add(key);
  }

  for (const step of graph.steps) {
    const info = stepTypes[step.type];
    for (const kind of info.outgoing) {
      const isOptional = (info.optional as readonly string[]).includes(kind);
      if (!isOptional && !used.has(`${step.id}:${kind}`)) {
        issues.push({ stepId: step.id, message: `"${step.name}" needs a "${kind}" edge.` });
      }
    }
  }

  const [start] = starts;
  if (start !== undefined) {
    const reachable = reachableFrom(graph, start.id);
    for (const step of graph.steps) {
      if (!reachable.has(step.id))
        issues.push({ stepId: step.id, message: `Nothing leads to "${step.name}"; it will never run.` });
    }
  }

  const scopeOf = createScopeIndex(graph, (methodId) => methods.outputs(methodId));
  for (const step of graph.steps) {
    if (step.type === 'method') {
      const variables = methods.variables(step.methodId);
      if (variables === undefined)
        issues.push({ stepId: step.id, message: `"${step.name}" runs a method that no longer exists.` });
      for (const variable of variables ?? []) {
        if ((step.arguments[variable] ?? '').trim() === '') {
          issues.push({
            stepId: step.id,
            message: `"${step.name}" needs a value for the method's "${variable}".`,
          });
        }
      }
    }
    const scope = scopeOf(step.id);
    for (const text of templatesOf(step)) {
      let paths: string[];
      try {
        paths = listTemplateVariables(text);
      } catch (error) {
        issues.push({ stepId: step.id, message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      for (const path of paths) {
        const problem = problemWithVariable(path, scope);
        if (problem !== null) issues.push({ stepId: step.id, message: `{{${path}}}: ${problem}` });
      }
    }
  }
  if (start?.type === 'start') issues.push(...validateTriggers(graph, start));
  return issues;
}
