/**
 * A runbook's graph as the service reads and checks it: a stored draft read through the schema
 * once, and a graph's problems, remembered until the methods it uses, the inputs of the runbooks
 * it runs or the fields of the integrations whose {{config.…}} values it reads change.
 */
import { AppError } from '../../../shared/api/appError';
import { runbookGraphSchema, type RunbookGraph } from '../../../shared/runbook/runbookGraph';
import {
  validateGraph,
  type ConfigFacts,
  type GraphIssue,
  type MethodFacts,
  type RunbookFacts,
} from '../../../shared/runbook/validateGraph';
import type { RunbookRow } from '../db/repositories/runbookRepository';

/** The first problem of a graph, and how many more there are, for a refusal's message. */
export function firstIssueOf(issues: readonly GraphIssue[]): string {
  const more = issues.length > 1 ? ` (and ${String(issues.length - 1)} more)` : '';
  return `${issues[0]?.message ?? ''}${more}`;
}

/** A stored draft read through the schema; an unreadable one is reported, not guessed at. */
export function graphOf(row: RunbookRow): RunbookGraph {
  const draft = row.draft;
  const known = typeof draft === 'object' && draft !== null ? readGraphs.get(draft) : undefined;
  if (known !== undefined) return known;
  const parsed = runbookGraphSchema.safeParse(draft);
  if (!parsed.success) throw new AppError('internal', `The draft of "${row.name}" could not be read.`);
  if (typeof draft === 'object' && draft !== null && Object.isFrozen(draft)) {
    readGraphs.set(draft, parsed.data);
    sharedGraphs.add(parsed.data);
  }
  return parsed.data;
}

/** Drafts read from the database are shared, frozen objects: each is read through the schema once. */
const readGraphs = new WeakMap<object, RunbookGraph>();
/** The graphs graphOf hands out again and again; nothing changes them (they stand for their row). */
const sharedGraphs = new WeakSet<RunbookGraph>();

/** Method facts read at most once each, remembering what was read (to see later if it changed). */
export function rememberedFacts(facts: MethodFacts): MethodFacts & { read: Map<string, string> } {
  const loaded = new Map<string, ReadMethodFacts>();
  const read = new Map<string, string>();
  const load = (methodId: string) => {
    let entry = loaded.get(methodId);
    if (entry === undefined) {
      entry = readMethodFacts(facts, methodId);
      loaded.set(methodId, entry);
      read.set(methodId, factsKey(entry));
    }
    return entry;
  };
  return {
    variables: (methodId) => load(methodId).variables,
    outputs: (methodId) => load(methodId).outputs,
    configReferences: (methodId) => load(methodId).configReferences,
    read,
  };
}

/** What validation reads of one method. */
interface ReadMethodFacts {
  variables: string[] | undefined;
  outputs: string[] | undefined;
  configReferences: readonly (readonly [string, string])[] | undefined;
}

const readMethodFacts = (facts: MethodFacts, methodId: string): ReadMethodFacts => ({
  variables: facts.variables(methodId),
  outputs: facts.outputs(methodId),
  configReferences: facts.configReferences?.(methodId),
});

const factsKey = (read: ReadMethodFacts) =>
  JSON.stringify([read.variables ?? null, read.outputs ?? null, read.configReferences ?? null]);

/** Runbook facts read at most once each, remembering what was read (as rememberedFacts). */
function rememberedRunbooks(facts: RunbookFacts): RunbookFacts & { read: Map<string, string> } {
  const loaded = new Map<string, ReturnType<RunbookFacts['inputsOf']>>();
  const read = new Map<string, string>();
  return {
    inputsOf: (runbookId) => {
      if (!loaded.has(runbookId)) {
        const inputs = facts.inputsOf(runbookId);
        loaded.set(runbookId, inputs);
        read.set(runbookId, JSON.stringify(inputs ?? null));
      }
      return loaded.get(runbookId);
    },
    read,
  };
}

/** Config facts read at most once each per prefix, remembering what was read (as rememberedFacts). */
export function rememberedConfigs(facts: ConfigFacts): ConfigFacts & { read: Map<string, string> } {
  const loaded = new Map<string, ReturnType<ConfigFacts['fieldsOf']>>();
  const read = new Map<string, string>();
  return {
    fieldsOf: (prefix) => {
      if (!loaded.has(prefix)) {
        const fields = facts.fieldsOf(prefix);
        loaded.set(prefix, fields);
        read.set(prefix, JSON.stringify(fields ?? null));
      }
      return loaded.get(prefix);
    },
    read,
  };
}

/** What one validation read, by method, runbook and variable prefix, with the issues it found. */
interface Validated {
  methodsRead: Map<string, string>;
  runbooksRead: Map<string, string>;
  configsRead: Map<string, string>;
  issues: GraphIssue[];
}

/**
 * A graph's problems as a draft run (`isPublishedRun` false) or a published version's run would
 * meet them, by the graph's text and the method and runbook facts it read (see issuesOf).
 */
export function createGraphCheck(
  methodFacts: MethodFacts,
  runbookFactsFor: (isPublishedRun: boolean) => RunbookFacts,
  configFacts: ConfigFacts,
): (graph: RunbookGraph, isPublishedRun?: boolean) => GraphIssue[] {
  /**
   * Recent validations by graph text (a published run's apart: its children are read otherwise),
   * with the facts each read: starting a runbook again only checks that those facts are
   * unchanged (validation cost more than a request).
   */
  const validated = { draft: new Map<string, Validated>(), published: new Map<string, Validated>() };
  /**
   * The text of graphs read from a stored draft or version: the same object comes back while
   * the row is unchanged (graphOf), so a run started again need not serialise it again.
   */
  const textOfGraph = new WeakMap<RunbookGraph, string>();
  const isUnchanged = (earlier: Validated, runbookFacts: RunbookFacts) =>
    [...earlier.methodsRead].every(
      ([methodId, key]) => factsKey(readMethodFacts(methodFacts, methodId)) === key,
    ) &&
    [...earlier.runbooksRead].every(
      ([runbookId, key]) => JSON.stringify(runbookFacts.inputsOf(runbookId) ?? null) === key,
    ) &&
    [...earlier.configsRead].every(
      ([prefix, key]) => JSON.stringify(configFacts.fieldsOf(prefix) ?? null) === key,
    );
  const issuesOf = (graph: RunbookGraph, isPublishedRun = false): GraphIssue[] => {
    let text = textOfGraph.get(graph);
    if (text === undefined) {
      text = JSON.stringify(graph);
      if (sharedGraphs.has(graph)) textOfGraph.set(graph, text);
    }
    const cache = isPublishedRun ? validated.published : validated.draft;
    const runbookFacts = runbookFactsFor(isPublishedRun);
    const earlier = cache.get(text);
    if (earlier !== undefined && isUnchanged(earlier, runbookFacts)) return earlier.issues;
    const methods = rememberedFacts(methodFacts);
    const runbooks = rememberedRunbooks(runbookFacts);
    const configs = rememberedConfigs(configFacts);
    const issues = validateGraph(graph, methods, runbooks, configs);
    if (cache.size >= 100) cache.clear();
    cache.set(text, {
      methodsRead: methods.read,
      runbooksRead: runbooks.read,
      configsRead: configs.read,
      issues,
    });
    return issues;
  };
  return issuesOf;
}
