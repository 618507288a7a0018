/**
 * Published versions (PRODUCT.md §4 "Versions"): the saved draft published as the next number
 * with a note, versions listed and viewed, marked available or not, and restored into the draft.
 * Webhook and schedule run the latest available version; the Run button runs the draft.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import type { Runbook, RunbookVersion, RunbookVersionSummary } from '../../../shared/domain/runbook';
import type {
  RunbookVersionRepository,
  RunbookVersionRow,
} from '../db/repositories/runbookVersionRepository';
import { withSwitchesOf, type WithDraftSwitches } from './draftSwitches';
import { graphOfVersion } from './publishedVersions';
import { firstIssueOf, type RunbookService } from './runbookService';

export interface RunbookVersionService {
  /** Publishes the saved draft as the next number; refuses a draft with problems. */
  publish(runbookId: string, note: string): RunbookVersionSummary;
  /** Newest first. */
  list(runbookId: string): RunbookVersionSummary[];
  get(runbookId: string, versionId: string): RunbookVersion;
  setAvailable(runbookId: string, versionId: string, isAvailable: boolean): RunbookVersionSummary;
  /**
   * Replaces the draft with the version's graph, in one transaction, keeping the draft's webhook
   * switch and schedule pause, which apply at once (triggerSwitches.ts).
   */
  restore(runbookId: string, versionId: string): Runbook;
}

export interface RunbookVersionServiceDependencies {
  versions: RunbookVersionRepository;
  runbooks: RunbookService;
  transaction: <T>(fn: () => T) => T;
  /**
   * A Start step with the draft's trigger switches, the settings that apply as soon as the draft
   * is saved (triggers' withDraftSwitches); a restore keeps them.
   */
  withDraftSwitches: WithDraftSwitches;
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

export function createRunbookVersionService(deps: RunbookVersionServiceDependencies): RunbookVersionService {
  const now = deps.now ?? (() => new Date());
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
      // Checked as the version will run: its Run runbook steps run the children's published versions.
      const issues = deps.runbooks.validate(runbookId, { isPublishedRun: true });
      if (issues.length > 0)
        throw new AppError('invalid_input', `The runbook cannot be published yet: ${firstIssueOf(issues)}`);
      const row = deps.versions.publish({
        id: crypto.randomUUID(),
        runbookId,
        note,
        graph: draft,
        publishedAt: now().toISOString(),
      });
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
      return summaryOf({ ...row, isAvailable }, runCountOf(row));
    },
    restore: (runbookId, versionId) => {
      const graph = graphOfVersion(find(runbookId, versionId));
      return deps.transaction(() =>
        deps.runbooks.update(
          runbookId,
          undefined,
          withSwitchesOf(deps.runbooks.get(runbookId).draft, graph, deps.withDraftSwitches),
        ),
      );
    },
  };
}
