/**
 * What deleting a method or a runbook would break or take with it, for the window's confirmation:
 * the runbooks whose steps use the method, the runbooks that run the runbook as a step, and the
 * runs deleted with it.
 */
import { AppError } from '../../../shared/api/appError';
import type { MethodRepository } from '../db/repositories/methodRepository';
import type { RunbookName, RunbookRepository } from '../db/repositories/runbookRepository';
import type { RunRepository } from '../db/repositories/runRepository';

export interface DeletionImpacts {
  ofMethod(id: string): { runbooks: RunbookName[] };
  ofRunbook(id: string): { runs: number; runbooks: RunbookName[] };
}

export interface DeletionImpactDependencies {
  methods: Pick<MethodRepository, 'get'>;
  runbooks: Pick<RunbookRepository, 'get' | 'usingMethod' | 'running'>;
  runs: Pick<RunRepository, 'countOf'>;
}

export function createDeletionImpacts({
  methods,
  runbooks,
  runs,
}: DeletionImpactDependencies): DeletionImpacts {
  return {
    ofMethod: (id) => {
      if (methods.get(id) === undefined)
        throw new AppError('not_found', 'This method no longer exists; it may have been deleted.');
      return { runbooks: runbooks.usingMethod(id) };
    },
    ofRunbook: (id) => {
      if (runbooks.get(id) === undefined)
        throw new AppError('not_found', 'This runbook no longer exists; it may have been deleted.');
      return { runs: runs.countOf(id), runbooks: runbooks.running(id) };
    },
  };
}
