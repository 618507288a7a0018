/**
 * The runbooks list as the window shows it: each runbook with its last run (status and time),
 * its published versions (the latest, and the one triggers run) and its triggers (webhook on or
 * off, schedule active with its next time, or paused), so a list of many runbooks says which
 * ran, failed, were never published or run on their own without opening each.
 */
import type { ListedTriggers } from '../../../shared/domain/runbook';
import type { RunStatus } from '../../../shared/domain/runStatus';
import type { RunbookRepository, RunbookSummary } from '../db/repositories/runbookRepository';
import type { RunbookVersionRepository } from '../db/repositories/runbookVersionRepository';
import type { RunRepository } from '../db/repositories/runRepository';

export interface ListedRunbook extends RunbookSummary {
  lastRun: { id: string; status: RunStatus; queuedAt: string } | null;
  versions: { latest: number; live: number | null } | null;
  triggers: ListedTriggers | null;
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
  /** The triggers of the listed runbooks, read at once (the trigger service's `listed`). */
  triggers: (runbookIds: readonly string[]) => Map<string, ListedTriggers | null>;
}): RunbookListing {
  return {
    list: (search, category) => {
      const { items, total } = deps.runbooks.list({ search, category, limit: runbookListLimit });
      const numbers = deps.versions.numbers();
      const triggers = deps.triggers(items.map((item) => item.id));
      return {
        total,
        items: items.map((item) => {
          const run = deps.runs.latestOf(item.id);
          return {
            ...item,
            lastRun: run === undefined ? null : { id: run.id, status: run.status, queuedAt: run.queuedAt },
            versions: numbers.get(item.id) ?? null,
            triggers: triggers.get(item.id) ?? null,
          };
        }),
      };
    },
  };
}
