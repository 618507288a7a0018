/**
 * Published versions (PRODUCT.md §4 "Versions"): the saved draft published as the next number
 * with a note, versions listed and viewed, marked available or not, and restored into the draft.
 * Webhook and schedule run the latest available version; the Run button runs the draft.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import type { Runbook, RunbookVersion, RunbookVersionSummary } from '../../../shared/domain/runbook';
import { runbookGraphSchema } from '../../../shared/runbook/runbookGraph';
import type {
  RunbookVersionRepository,
  RunbookVersionRow,
} from '../db/repositories/runbookVersionRepository';
import { firstIssueOf, type PublishedGraph, type RunbookService } from './runbookService';

/** The version triggers run, with when it was published. */
export interface TriggeredVersion extends PublishedGraph {
  publishedAt: string;
}

export interface RunbookVersionService {
  /** Publishes the saved draft as the next number; refuses a draft with problems. */
  publish(runbookId: string, note: string): RunbookVersionSummary;
  /** Newest first. */
  list(runbookId: string): RunbookVersionSummary[];
  get(runbookId: string, versionId: string): RunbookVersion;
  setAvailable(runbookId: string, versionId: string, isAvailable: boolean): RunbookVersionSummary;
  /** Replaces the draft with the version's graph, in one transaction. */
  restore(runbookId: string, versionId: string): Runbook;
  /** The highest-numbered available version, which webhook and schedule run; undefined when none. */
  triggeredVersion(runbookId: string): TriggeredVersion | undefined;
  /** Any version's graph (available or not), as re-runs of its runs run it; undefined when gone. */
  publishedGraph(versionId: string): PublishedGraph | undefined;
}

export interface RunbookVersionServiceDependencies {
  versions: RunbookVersionRepository;
  runbooks: RunbookService;
  transaction: <T>(fn: () => T) => T;
  /** Told when the version triggers run may have changed, so the webhook and schedule follow. */
  onPublishedChanged?: (runbookId: string) => void;
  now?: () => Date;
}

const summaryOf = (row: RunbookVersionRow, runCount: number): RunbookVersionSummary => ({
  id: row.id,
  number: row.number,
  note: row.note,
  isAvailable: row.isAvailable,
  publishedAt: row.publishedAt,
  runCount,
});

/** A stored version's graph read through the schema; an unreadable one is reported, not guessed at. */
function graphOfVersion(row: RunbookVersionRow) {
  const parsed = runbookGraphSchema.safeParse(row.graph);
  if (!parsed.success)
    throw new AppError('internal', `Version ${String(row.number)} of this runbook could not be read.`);
  return parsed.data;
}

export function createRunbookVersionService(deps: RunbookVersionServiceDependencies): RunbookVersionService {
  const now = deps.now ?? (() => new Date());
  const changed = (runbookId: string) => deps.onPublishedChanged?.(runbookId);
  /** The version, which must belong to the runbook (itself checked to exist). */
  const find = (runbookId: string, versionId: string): RunbookVersionRow => {
    deps.runbooks.get(runbookId);
    const row = deps.versions.get(versionId);
    if (row?.runbookId !== runbookId)
      throw new AppError('not_found', 'This version no longer exists.', 'versionId');
    return row;
  };
  const runCountOf = (row: RunbookVersionRow) => deps.versions.runCounts(row.runbookId).get(row.id) ?? 0;

  return {
    publish: (runbookId, note) => {
      const { draft } = deps.runbooks.get(runbookId);
      const issues = deps.runbooks.validate(runbookId);
      if (issues.length > 0)
        throw new AppError('invalid_input', `The runbook cannot be published yet: ${firstIssueOf(issues)}`);
      const row = deps.versions.publish({
        id: crypto.randomUUID(),
        runbookId,
        note,
        graph: draft,
        publishedAt: now().toISOString(),
      });
      changed(runbookId);
      return summaryOf(row, 0);
    },
    list: (runbookId) => {
      deps.runbooks.get(runbookId);
      const counts = deps.versions.runCounts(runbookId);
      return deps.versions.list(runbookId).map((row) => summaryOf(row, counts.get(row.id) ?? 0));
    },
    get: (runbookId, versionId) => {
      const row = find(runbookId, versionId);
      return { ...summaryOf(row, runCountOf(row)), graph: graphOfVersion(row) };
    },
    setAvailable: (runbookId, versionId, isAvailable) => {
      const row = find(runbookId, versionId);
      deps.versions.setAvailable(versionId, isAvailable);
      changed(runbookId);
      return summaryOf({ ...row, isAvailable }, runCountOf(row));
    },
    restore: (runbookId, versionId) => {
      const graph = graphOfVersion(find(runbookId, versionId));
      const runbook = deps.transaction(() => deps.runbooks.update(runbookId, undefined, graph));
      changed(runbookId);
      return runbook;
    },
    triggeredVersion: (runbookId) => {
      const row = deps.versions.latestAvailable(runbookId);
      if (row === undefined) return undefined;
      return { id: row.id, number: row.number, publishedAt: row.publishedAt, graph: graphOfVersion(row) };
    },
    publishedGraph: (versionId) => {
      const row = deps.versions.get(versionId);
      return row === undefined ? undefined : { id: row.id, number: row.number, graph: graphOfVersion(row) };
    },
  };
}
