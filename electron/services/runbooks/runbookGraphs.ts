/**
 * A runbook's graph as the service reads and checks it: a stored draft read through the schema
 * once, and a graph's problems, remembered until the methods it uses change.
 */
import { AppError } from '../../../shared/api/appError';
import { runbookGraphSchema, type RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { validateGraph, type GraphIssue, type MethodFacts } from '../../../shared/runbook/validateGraph';
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
  const loaded = new Map<string, { variables: string[] | undefined; outputs: string[] | undefined }>();
  const read = new Map<string, string>();
  const load = (methodId: string) => {
    let entry = loaded.get(methodId);
    if (entry === undefined) {
      entry = { variables: facts.variables(methodId), outputs: facts.outputs(methodId) };
      loaded.set(methodId, entry);
      read.set(methodId, factsKey(entry.variables, entry.outputs));
    }
    return entry;
  };
  return {
    variables: (methodId) => load(methodId).variables,
    outputs: (methodId) => load(methodId).outputs,
    read,
  };
}

const factsKey = (variables: string[] | undefined, outputs: string[] | undefined) =>
  JSON.stringify([variables ?? null, outputs ?? null]);

/** A graph's problems, by the graph's text and the method facts it read (see issuesOf). */
export function createGraphCheck(methodFacts: MethodFacts): (graph: RunbookGraph) => GraphIssue[] {
  /**
   * Recent validations by graph text, with the method facts each read: starting a runbook again
   * only checks that those facts are unchanged (validation cost more than a request).
   */
  const validated = new Map<string, { read: Map<string, string>; issues: GraphIssue[] }>();
  /**
   * The text of graphs read from a stored draft or version: the same object comes back while
   * the row is unchanged (graphOf), so a run started again need not serialise it again.
   */
  const textOfGraph = new WeakMap<RunbookGraph, string>();
  const issuesOf = (graph: RunbookGraph): GraphIssue[] => {
    let text = textOfGraph.get(graph);
    if (text === undefined) {
      text = JSON.stringify(graph);
      if (sharedGraphs.has(graph)) textOfGraph.set(graph, text);
    }
    const earlier = validated.get(text);
    if (
      earlier !== undefined &&
      [...earlier.read].every(
        ([methodId, key]) => factsKey(methodFacts.variables(methodId), methodFacts.outputs(methodId)) === key,
      )
    )
      return earlier.issues;
    const facts = rememberedFacts(methodFacts);
    const issues = validateGraph(graph, facts);
    if (validated.size >= 100) validated.clear();
    validated.set(text, { read: facts.read, issues });
    return issues;
  };
  return issuesOf;
}
