/**
 * Reads published versions as runs use them: the latest available one (which webhook and schedule
 * run, and Run runbook steps of published runs) and any one by id (re-runs of the runs that ran it).
 * Read straight from the version repository, so the runbook service, the version service and the
 * triggers share it without depending on each other.
 */
import { AppError } from '../../../shared/api/appError';
import { runbookGraphSchema, type RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type {
  RunbookVersionRepository,
  RunbookVersionRow,
} from '../db/repositories/runbookVersionRepository';

/** A published version's graph, as triggers run it. */
export interface PublishedGraph {
  id: string;
  number: number;
  graph: RunbookGraph;
}

/** The version triggers run, with when it was published. */
export interface TriggeredVersion extends PublishedGraph {
  publishedAt: string;
}

export interface PublishedVersions {
  /** The highest-numbered available version, which webhook and schedule run; undefined when none. */
  triggeredVersion(runbookId: string): TriggeredVersion | undefined;
  /** Any version's graph (available or not), as re-runs of its runs run it; undefined when gone. */
  publishedGraph(versionId: string): PublishedGraph | undefined;
  /** Whether the runbook was ever published (its versions may all be switched off). */
  hasVersions(runbookId: string): boolean;
}

/** A stored version's graph read through the schema; an unreadable one is reported, not guessed at. */
export function graphOfVersion(row: RunbookVersionRow): RunbookGraph {
  const parsed = runbookGraphSchema.safeParse(row.graph);
  if (!parsed.success)
    throw new AppError('internal', `Version ${String(row.number)} of this runbook could not be read.`);
  return parsed.data;
}

export function createPublishedVersions(
  versions: Pick<RunbookVersionRepository, 'get' | 'latestAvailable' | 'list'>,
): PublishedVersions {
  return {
    triggeredVersion: (runbookId) => {
      const row = versions.latestAvailable(runbookId);
      if (row === undefined) return undefined;
      return { id: row.id, number: row.number, publishedAt: row.publishedAt, graph: graphOfVersion(row) };
    },
    hasVersions: (runbookId) => versions.list(runbookId, 1).length > 0,
    publishedGraph: (versionId) => {
      const row = versions.get(versionId);
      return row === undefined ? undefined : { id: row.id, number: row.number, graph: graphOfVersion(row) };
    },
  };
}
