/**
 * Two versions of a runbook compared (or a version and the draft): what changed step by step,
 * and their export files line by line — the files are written in a fixed order, so the lines
 * that differ are the change. A side whose file cannot be written (a method it uses was deleted
 * since) still has its steps compared; the file comparison says why it is missing.
 */
import { draftSide, type RunbookComparison } from '../../../shared/domain/runbookComparison';
import { diffLines, hunksOf } from '../../../shared/io/lineDiff';
import { diffGraphs } from '../../../shared/runbook/graphDiff';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { RunbookService } from './runbookService';
import type { RunbookVersionService } from './runbookVersionService';

export interface VersionComparisonDependencies {
  runbooks: Pick<RunbookService, 'get'>;
  versions: Pick<RunbookVersionService, 'get'>;
  /** The runbook's export file with `graph` in place of its draft. */
  exportFile(runbookId: string, graph: RunbookGraph): string;
}

/** Compares side `from` with side `to`, each a version id or "draft". */
export type CompareVersions = (runbookId: string, from: string, to: string) => RunbookComparison;

export function createVersionComparison(deps: VersionComparisonDependencies): CompareVersions {
  const sideOf = (runbookId: string, side: string): RunbookComparison['from'] => {
    if (side === draftSide)
      return { label: 'Draft', versionId: null, graph: deps.runbooks.get(runbookId).draft };
    const version = deps.versions.get(runbookId, side);
    return { label: `Version ${String(version.number)}`, versionId: version.id, graph: version.graph };
  };
  const fileOf = (runbookId: string, graph: RunbookGraph) => {
    try {
      return { content: deps.exportFile(runbookId, graph) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  return (runbookId, fromSide, toSide) => {
    const from = sideOf(runbookId, fromSide);
    const to = sideOf(runbookId, toSide);
    const before = fileOf(runbookId, from.graph);
    const after = fileOf(runbookId, to.graph);
    const file =
      before.content === undefined || after.content === undefined
        ? {
            unavailable: `${before.content === undefined ? from.label : to.label} cannot be written as a file: ${before.error ?? after.error ?? ''}`,
          }
        : (() => {
            const lines = diffLines(before.content, after.content);
            return { hunks: hunksOf(lines), changedLines: lines.filter((line) => line.op !== 'keep').length };
          })();
    return { from, to, diff: diffGraphs(from.graph, to.graph), file };
  };
}
