/**
 * Checks a runbook before it runs (PRODUCT.md §4 Validation): one Start, edges that fit their
 * steps, every needed outgoing edge present, every step reachable, each type's own checks, and
 * every {{variable}} available where it is used. Each issue names the step it belongs to, so the
 * canvas can show it there.
 *
 * 1. Index the steps; report a missing or second Start.
 * 2. Check each edge: known ends, a kind the source type has, no kind used twice.
 * 3. Report each required outgoing kind without an edge.
 * 4. Walk from Start; report steps nothing leads to.
 * 5. Per step, run its type's own checks (a method's arguments, the Start step's webhook and
 *    schedule, the required inputs of the runbook a Run runbook step runs) and the configuration
 *    values its methods' requests read, then check its templates against the variables in scope there.
 */
import { listTemplateVariables } from '../expressions/template';
import type { RunbookGraph } from './runbookGraph';
import { reachableFrom } from './graphWalk';
import { problemWithConfigValue, problemWithVariable } from './variablesInScope';
import { referencedIdsOf } from './graphReferences';
import type { Step } from './steps/stepRegistry';
import { createScopeIndex } from './scopeIndex';
import type { ConfigFacts, GraphIssue, MethodFacts, RunbookFacts } from './steps/stepDescriptor';
import { isVariableName } from './steps/stepFields';
import { descriptorOf, exitLabelOf, exitsOfStep, stepRegistry } from './steps/stepRegistry';

export type { ConfigFacts, GraphIssue, MethodFacts, RunbookFacts } from './steps/stepDescriptor';

/** Knows no integration: every {{config.…}} placeholder is a problem. */
const noIntegrations: ConfigFacts = { fieldsOf: () => undefined };

/**
 * `runbooks`: the runbooks its Run runbook steps run, as the run being checked would run them;
 * `configs`: the integrations whose configuration values {{config.<prefix>.<field>}} reads.
 */
export function validateGraph(
  graph: RunbookGraph,
  methods: MethodFacts,
  runbooks: RunbookFacts,
  configs: ConfigFacts = noIntegrations,
): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const byId = new Map(graph.steps.map((step) => [step.id, step]));
  const starts = graph.steps.filter((step) => descriptorOf(step).isStart === true);
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
    if (!exitsOfStep(source).includes(edge.kind)) {
      issues.push({
        stepId: source.id,
        message: `A ${stepRegistry[source.type].label} step has no "${edge.kind}" exit${edge.kind.startsWith('case_') ? ' (its case was removed)' : ''}.`,
      });
    }
    const key = `${edge.from}:${edge.kind}`;
    if (used.has(key))
      issues.push({ stepId: source.id, message: `Two edges leave "${source.name}" as "${edge.kind}".` });
    used.add(key);
  }

  for (const step of graph.steps) {
    const info = stepRegistry[step.type];
    for (const kind of exitsOfStep(step)) {
      const isOptional = (info.optional as readonly string[]).includes(kind);
      if (!isOptional && !used.has(`${step.id}:${kind}`)) {
        issues.push({
          stepId: step.id,
          message: `"${step.name}" needs a "${exitLabelOf(step, kind)}" edge.`,
        });
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

  issues.push(...namingIssues(graph, start?.id ?? null));

  const scopeOf = createScopeIndex(graph, (methodId) => methods.outputs(methodId));
  for (const step of graph.steps) {
    const descriptor = descriptorOf(step);
    issues.push(...(descriptor.validate?.(step, { graph, methods, runbooks }) ?? []));
    issues.push(...methodConfigIssues(step, methods, configs));
    const scope = scopeOf(step.id);
    const scoped = descriptor.scopedTemplatesOf?.(step);
    const texts = [
      ...descriptor.templatesOf(step).map((text) => ({ text, extra: [] as readonly string[] })),
      ...(scoped?.texts ?? []).map((text) => ({ text, extra: scoped?.variables ?? [] })),
    ];
    for (const { text, extra } of texts) {
      let paths: string[];
      try {
        paths = listTemplateVariables(text);
      } catch (error) {
        issues.push({ stepId: step.id, message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      for (const path of paths) {
        if (extra.includes(path)) continue;
        const problem = problemWithVariable(path, scope, configs);
        if (problem !== null) issues.push({ stepId: step.id, message: `{{${path}}}: ${problem}` });
      }
    }
  }
  return issues;
}

/** The {{config.…}} values the requests of a step's methods read that no integration answers. */
function methodConfigIssues(step: Step, methods: MethodFacts, configs: ConfigFacts): GraphIssue[] {
  return referencedIdsOf(step).methodIds.flatMap((methodId) =>
    (methods.configReferences?.(methodId) ?? []).flatMap(([prefix, field]) => {
      const path = `config.${prefix}.${field}`;
      const problem = problemWithConfigValue(path, configs);
      return problem === null
        ? []
        : [{ stepId: step.id, message: `Its method's request reads {{${path}}}: ${problem}` }];
    }),
  );
}

/**
 * What a draft may hold while it is edited and a run may not: a step without a name, and inputs
 * whose names are not names (they belong to the Start step, where they are edited).
 */
function namingIssues(graph: RunbookGraph, startId: string | null): GraphIssue[] {
  const issues: GraphIssue[] = [];
  for (const step of graph.steps) {
    if (step.name.trim() === '') issues.push({ stepId: step.id, message: 'A step needs a name.' });
  }
  const seen = new Set<string>();
  for (const input of graph.inputs) {
    if (!isVariableName(input.name)) {
      issues.push({
        stepId: startId,
        message: `Input "${input.name}": names are letters, digits and _, not starting with a digit.`,
      });
    } else if (seen.has(input.name)) {
      issues.push({ stepId: startId, message: `Two inputs are named "${input.name}".` });
    }
    seen.add(input.name);
  }
  return issues;
}
