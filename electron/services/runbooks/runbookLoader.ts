/**
 * The runbook a Run runbook step starts, as the engine asks for it: a run of a published version
 * runs the child's latest available version (its draft when it has none); a run of a draft runs
 * the child's draft. Its problem, if any, is found as for a run started by hand.
 */
import type { RunbookRepository } from '../db/repositories/runbookRepository';
import type { EngineCapabilities } from '../engine/executionContext';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { PublishedVersions } from './publishedVersions';
import { graphOf } from './runbookService';

export interface RunbookLoaderDependencies {
  runbooks: Pick<RunbookRepository, 'get'>;
  published: Pick<PublishedVersions, 'triggeredVersion'>;
  /** The first problem that keeps the graph from running, or null. */
  problemOf(graph: RunbookGraph): string | null;
}

/** The engine's `loadRunbook` capability. */
export function createRunbookLoader(deps: RunbookLoaderDependencies): EngineCapabilities['loadRunbook'] {
  return (id, { isPublishedRun }) => {
    const row = deps.runbooks.get(id);
    if (row === undefined) return undefined;
    const version = isPublishedRun ? deps.published.triggeredVersion(id) : undefined;
    const graph = version?.graph ?? graphOf(row);
    return { graph, versionId: version?.id ?? null, name: row.name, problem: deps.problemOf(graph) };
  };
}
