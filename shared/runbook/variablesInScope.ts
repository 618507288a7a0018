/**
 * Which variables a step may use (PRODUCT.md §4): runbook inputs, outputs and status of the steps
 * that can run before it, variables set before it, the loop item inside a For each body, the
 * trigger's payload, configuration values and the client. Drives completion and validation.
 */
import { ancestorsOf, reachableFrom } from './graphWalk';
import type { RunbookGraph } from './runbookGraph';
import type { ScopeQuery } from './scopeIndex';
import type { ConfigFacts } from './steps/stepDescriptor';
import { loopItemOf, outputsInScopeOf, variablesSetBy } from './steps/stepScope';

export interface Scope {
  inputs: Set<string>;
  /** Step id → its output variable names (empty set: any output of an unknown method). */
  steps: Map<string, Set<string> | null>;
  vars: Set<string>;
  loopItems: Set<string>;
}

export function scopeAt(
  graph: RunbookGraph,
  stepId: string,
  outputsOf: (methodId: string) => string[] | undefined = () => undefined,
): Scope {
  const ancestors = ancestorsOf(graph, stepId);
  const scope: Scope = {
    inputs: new Set(graph.inputs.map((input) => input.name)),
    steps: new Map(),
    vars: new Set(),
    loopItems: new Set(),
  };
  for (const step of graph.steps) {
    if (!ancestors.has(step.id)) continue;
    const outputs = outputsInScopeOf(step, outputsOf);
    scope.steps.set(step.id, outputs === null ? null : new Set(outputs));
    for (const name of variablesSetBy(step)) scope.vars.add(name);
    const loopItem = loopItemOf(step);
    if (loopItem !== undefined) {
      // The body is what the body edge reaches before coming back to the loop step.
      const bodyEdge = graph.edges.find((edge) => edge.from === step.id && edge.kind === 'body');
      if (bodyEdge !== undefined && reachableFrom(graph, bodyEdge.to, step.id).has(stepId))
        scope.loopItems.add(loopItem);
    }
  }
  return scope;
}

/** Every variable path offered for completion at a step, e.g. "steps.get_ticket.outputs.title". */
export function completionsAt(scope: Scope): string[] {
  return [
    ...[...scope.inputs].map((name) => `inputs.${name}`),
    ...[...scope.steps.entries()].flatMap(([id, outputs]) => [
      `steps.${id}.status`,
      ...[...(outputs ?? [])].map((output) => `steps.${id}.outputs.${output}`),
    ]),
    ...[...scope.vars].map((name) => `vars.${name}`),
    ...scope.loopItems,
    'trigger.body',
    'client',
  ];
}

/**
 * What a variable path holds, in a few words, for the list of variables: above all which `status`
 * is which — a step's own state (succeeded or failed) or the HTTP status of a method's answer.
 */
export function describeVariable(path: string): string {
  const [root = '', , third, fourth] = path.split('.');
  if (root === 'steps' && third === 'status' && fourth === undefined)
    return 'the step’s state: succeeded or failed';
  if (root === 'steps' && third === 'outputs' && fourth === 'status')
    return 'the HTTP status code of its answer';
  if (root === 'steps') return 'an output of the step';
  if (root === 'inputs') return 'an input of the run';
  if (root === 'vars') return 'a variable set by a step';
  if (root === 'trigger') return 'the webhook’s payload (empty for other runs)';
  if (root === 'client') return 'the client the run is for';
  if (root === 'approval') return 'the waiting approval (its Notify request only)';
  if (root === 'config') return 'a value of the client’s configuration';
  return 'the item of the For each loop';
}

/**
 * Why a `config.…` path names no configuration value: it must be `config.<prefix>.<field>`, of an
 * integration with that variable prefix and a field its configurations fill. Null when it does.
 */
export function problemWithConfigValue(path: string, configs: ConfigFacts): string | null {
  const [, prefix, field, deeper] = path.split(/[.[]/);
  if (prefix === undefined || field === undefined)
    return 'Name a configuration value as config.<prefix>.<field>.';
  const known = configs.fieldsOf(prefix);
  if (known === undefined)
    return `No integration has the variable prefix "${prefix}" (set on its Connection tab).`;
  if (!known.fields.includes(field)) {
    const fields = known.fields.map((name) => `"${name}"`).join(', ');
    return `"${known.integration}" has no field "${field}"; ${known.fields.length === 0 ? 'it has no fields' : `its fields are ${fields}`}.`;
  }
  return deeper === undefined
    ? null
    : `A configuration value is text: use {{config.${prefix}.${field}}} whole.`;
}

/** Why a variable path is not available at the step, or null when it is. */
export function problemWithVariable(path: string, scope: ScopeQuery, configs: ConfigFacts): string | null {
  const [root = '', second, third, fourth] = path.split(/[.[]/);
  switch (root) {
    case 'inputs':
      return second !== undefined && scope.inputs.has(second)
        ? null
        : `The runbook has no input "${second ?? ''}".`;
    case 'steps': {
      if (second === undefined || !scope.steps.has(second))
        return `No step "${second ?? ''}" runs before this one.`;
      if (third === 'status') return null;
      if (third !== 'outputs') return `Use steps.${second}.outputs.<name> or steps.${second}.status.`;
      const outputs = scope.steps.get(second);
      return outputs === null || outputs === undefined || (fourth !== undefined && outputs.has(fourth))
        ? null
        : `Step "${second}" has no output "${fourth ?? ''}".`;
    }
    case 'vars':
      return second !== undefined && scope.vars.has(second)
        ? null
        : `No step before this one sets vars.${second ?? ''}.`;
    case 'config':
      return problemWithConfigValue(path, configs);
    case 'trigger':
    case 'client':
      return null;
    default:
      return scope.loopItems.has(root) ? null : `Unknown variable "${path}".`;
  }
}
