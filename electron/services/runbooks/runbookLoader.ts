/**
 * The runbook a Run runbook step starts, as the engine asks for it: a run of a published version
 * runs the child's latest available version (its draft when it was never published; none when
 * every version was switched off, the child's own kill switch, which must not send its work in
 * progress instead); a run of a draft runs the child's draft. Its problem, if any, is found as for a run started by hand. Validation reads
 * the children's declared inputs the same way (runbookFactsFor).
 */
import type { RunbookRepository, RunbookRow } from '../db/repositories/runbookRepository';
import type { EngineCapabilities } from '../engine/executionContext';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { RunbookFacts } from '../../../shared/runbook/validateGraph';
import type { PublishedVersions } from './publishedVersions';
import { graphOf } from './runbookGraphs';

/** Where a child runbook is read from: its row, and its published versions. */
export interface ChildRunbookSources {
  runbooks: Pick<RunbookRepository, 'get'>;
  published: Pick<PublishedVersions, 'triggeredVersion'>;
}

export interface RunbookLoaderDependencies extends ChildRunbookSources {
  published: Pick<PublishedVersions, 'triggeredVersion' | 'hasVersions'>;
  /** The first problem that keeps the graph from running, or null. */
  problemOf(graph: RunbookGraph, options: { isPublishedRun: boolean }): string | null;
}

/** The graph a run starts of the runbook in `row`, and the version it is (null: the draft). */
function childGraphOf(
  sources: ChildRunbookSources,
  row: RunbookRow,
  isPublishedRun: boolean,
): { graph: RunbookGraph; versionId: string | null } {
  const version = isPublishedRun ? sources.published.triggeredVersion(row.id) : undefined;
  return { graph: version?.graph ?? graphOf(row), versionId: version?.id ?? null };
}

/** The engine's `loadRunbook` capability. */
export function createRunbookLoader(deps: RunbookLoaderDependencies): EngineCapabilities['loadRunbook'] {
  return (id, { isPublishedRun }) => {
    const row = deps.runbooks.get(id);
    if (row === undefined) return undefined;
    const { graph, versionId } = childGraphOf(deps, row, isPublishedRun);
    const isSwitchedOff = isPublishedRun && versionId === null && deps.published.hasVersions(id);
    const problem = isSwitchedOff
      ? 'every published version of it is switched off, and a published run does not run its draft instead. Switch one on, or publish it again.'
      : deps.problemOf(graph, { isPublishedRun: versionId !== null });
    return { graph, versionId, name: row.name, problem };
  };
}

/** The runbooks a run's Run runbook steps start, as validation reads them: their inputs. */
export function runbookFactsFor(sources: ChildRunbookSources, isPublishedRun: boolean): RunbookFacts {
  return {
    inputsOf: (id) => {
      const row = sources.runbooks.get(id);
      return row === undefined ? undefined : childGraphOf(sources, row, isPublishedRun).graph.inputs;
    },
  };
}
