/**
 * Every graph a run of a runbook may run: its own and those its Run runbook steps start, however
 * deep, each as the engine would load it (a published run's children run their latest available
 * version, a draft run's children their drafts; engine.ts runChild). What a run touches — the
 * integrations whose clients "All clients" means — is read from all of them, not only the first.
 *
 * 1. Start from the graph, with whether it is a published version's.
 * 2. For each runbook a step runs, load it as that run would (published or draft); a runbook
 *    that no longer exists is skipped (the run fails at that step, saying so).
 * 3. Visit each (runbook, published or draft) once: a runbook that runs itself, directly or
 *    through others, is read once rather than forever.
 */
import { referencedIdsOf } from '../../../shared/runbook/graphReferences';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { EngineCapabilities } from '../engine/executionContext';

/** What of a loaded runbook the walk reads: its graph, and whether it is a published version. */
export type GraphLoader = (
  runbookId: string,
  options: { isPublishedRun: boolean },
) => Pick<NonNullable<ReturnType<EngineCapabilities['loadRunbook']>>, 'graph' | 'versionId'> | undefined;

/** The graph first, then each runbook it runs (breadth first), each once. */
export function graphsRunBy(graph: RunbookGraph, isPublishedRun: boolean, load: GraphLoader): RunbookGraph[] {
  const graphs = [graph];
  const visited = new Set<string>();
  const pending: { graph: RunbookGraph; isPublished: boolean }[] = [{ graph, isPublished: isPublishedRun }];
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    for (const step of next.graph.steps) {
      for (const runbookId of referencedIdsOf(step).runbookIds) {
        const key = `${next.isPublished ? 'published' : 'draft'}:${runbookId}`;
        if (runbookId === '' || visited.has(key)) continue;
        visited.add(key);
        const loaded = load(runbookId, { isPublishedRun: next.isPublished });
        if (loaded === undefined) continue;
        graphs.push(loaded.graph);
        pending.push({ graph: loaded.graph, isPublished: loaded.versionId !== null });
      }
    }
  }
  return graphs;
}
