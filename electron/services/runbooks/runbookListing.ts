/**
 * The runbooks list as the window shows it: each runbook with its last run (status and time) and
 * its published versions (the latest, and the one triggers run), so a list of many runbooks says
 * which ran, failed or were never published without opening each.
 */
import type { RunStatus } from '../../../shared/domain/runStatus';
import type { RunbookRepository, RunbookSummary } from '../db/repositories/runbookRepository';
import type { RunbookVersionRepository } from '../db/repositories/runbookVersionRepository';
import type { RunRepository } from '../db/repositories/runRepository';

export interface ListedRunbook extends RunbookSummary {
  lastRun: { id: string; status: RunStatus; queuedAt: string } | null;
  versions: { latest: number; live: number | null } | null;
}

export interface RunbookListing {
  list(search: string, category: string): { items: ListedRunbook[]; total: number };
}

/** At most this many runbooks are listed (the total says how many match). */
export const runbookListLimit = 2_000;

export function createRunbookListing(deps: {
  runbooks: Pick<RunbookRepository, 'list'>;
  runs: Pick<RunRepository, 'latestOf'>;
  versions: Pick<RunbookVersionRepository, 'numbers'>;
}): RunbookListing {
  return {
    list: (search, category) => {
      const { items, total } = deps.runbooks.list({ search, category, limit: runbookListLimit });
      const numbers = deps.versions.numbers();
      return {
        total,
        items: items.map((item) => {
          const run = deps.runs.latestOf(item.id);
          return {
            ...item,
            lastRun: run === undefined ? null : { id: run.id, status: run.status, queuedAt: run.queuedAt },
            versions: numbers.get(item.id) ?? null,
          };
        }),
      };
    },
  };
}
