/**
 * What deleting a method or a runbook would break or take with it, for the window's confirmation:
 * the runbooks whose steps use the method, the runbooks that run the runbook as a step — in their
 * drafts or in the published versions their webhook and schedule run — and the runs deleted with it.
 */
import { AppError } from '../../../shared/api/appError';
import type { MethodRepository } from '../db/repositories/methodRepository';
import type { RunbookName, RunbookRepository } from '../db/repositories/runbookRepository';
import type { RunbookVersionRepository } from '../db/repositories/runbookVersionRepository';
import type { RunRepository } from '../db/repositories/runRepository';

export interface DeletionImpacts {
  ofMethod(id: string): { runbooks: RunbookName[] };
  ofRunbook(id: string): { runs: number; runbooks: RunbookName[] };
}

export interface DeletionImpactDependencies {
  methods: Pick<MethodRepository, 'get'>;
  runbooks: Pick<RunbookRepository, 'get' | 'usingMethod' | 'running'>;
  runs: Pick<RunRepository, 'countOf'>;
  /** The runbooks whose triggered version refers to it: their webhook and schedule would fail. */
  versions: Pick<RunbookVersionRepository, 'triggeredUsing'>;
}

/** The runbooks of both lists, each once, by name as both are. */
function merged(drafts: RunbookName[], versions: RunbookName[]): RunbookName[] {
  const known = new Set(drafts.map((runbook) => runbook.id));
  const all = [...drafts, ...versions.filter((runbook) => !known.has(runbook.id))];
  return all.length === drafts.length ? drafts : all.sort((a, b) => a.name.localeCompare(b.name));
}

export function createDeletionImpacts({
  methods,
  runbooks,
  runs,
  versions,
}: DeletionImpactDependencies): DeletionImpacts {
  return {
    ofMethod: (id) => {
      if (methods.get(id) === undefined)
        throw new AppError('not_found', 'This method no longer exists; it may have been deleted.');
      return { runbooks: merged(runbooks.usingMethod(id), versions.triggeredUsing(id)) };
    },
    ofRunbook: (id) => {
      if (runbooks.get(id) === undefined)
        throw new AppError('not_found', 'This runbook no longer exists; it may have been deleted.');
      return { runs: runs.countOf(id), runbooks: merged(runbooks.running(id), versions.triggeredUsing(id)) };
    },
  };
}
