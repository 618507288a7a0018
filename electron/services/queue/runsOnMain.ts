/**
 * Which runs a main in queue mode keeps rather than queues (queuedEngine.ts asks): rehearsals —
 * dry runs, test-case replays, and designer runs that answer steps from pins — and runs that may
 * wait for an approval, since a Wait for approval step's question, link and decision live on the
 * main. Both are looked for in the runbook and in every runbook its Run runbook steps start,
 * however deep (each runbook visited once, so a runbook that runs itself ends the walk).
 * A designer run of a draft without pins sends every request as a published run would: a worker
 * runs it.
 */
import type { StartRunInput } from '../engine/engine';
import type { EngineCapabilities } from '../engine/executionContext';
import { referencedIdsOf } from '../../../shared/runbook/graphReferences';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { descriptorOf } from '../../../shared/runbook/steps/stepRegistry';

export interface RunPlacementFacts {
  loadRunbook: EngineCapabilities['loadRunbook'];
  /** Whether a runbook's draft has pinned steps. */
  hasPins(runbookId: string): boolean;
}

/** The runbooks a run may run: its own, then those its Run runbook steps start, recursively. */
export function runbooksOfRun(
  input: Pick<StartRunInput, 'runbookId' | 'graph' | 'versionId'>,
  loadRunbook: EngineCapabilities['loadRunbook'],
): { runbookId: string; graph: RunbookGraph }[] {
  const found = [{ runbookId: input.runbookId, graph: input.graph }];
  const seen = new Set<string>();
  const visit = (graph: RunbookGraph, isPublishedRun: boolean) => {
    for (const step of graph.steps) {
      for (const runbookId of referencedIdsOf(step).runbookIds) {
        const key = `${isPublishedRun ? 'published' : 'draft'}:${runbookId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const loaded = loadRunbook(runbookId, { isPublishedRun });
        if (loaded === undefined) continue;
        found.push({ runbookId, graph: loaded.graph });
        visit(loaded.graph, loaded.versionId !== null);
      }
    }
  };
  visit(input.graph, input.versionId !== null);
  return found;
}

/** Whether the run must run on the main (see the module's header). */
export function runsOnMain(input: StartRunInput, facts: RunPlacementFacts): boolean {
  const runbooks = runbooksOfRun(input, facts.loadRunbook);
  if (runbooks.some(({ graph }) => graph.steps.some((step) => descriptorOf(step).waitsForPerson === true)))
    return true;
  const rehearsal = input.rehearsal;
  if (rehearsal === undefined) return false;
  if (rehearsal.mode !== 'live') return true;
  return runbooks.some(({ runbookId }) => facts.hasPins(runbookId));
}
