/**
 * The Start steps of many runbooks at once, for the runbooks list's triggers column: each
 * runbook's draft Start step (its trigger switches apply at once) and that of the version its
 * triggers run (the latest available). One statement for the whole list: SQLite picks the Start
 * step out of each graph, so no graph travels whole and no runbook costs a query of its own.
 */
import type { Database } from '../database';

/** A runbook's Start steps as stored (unparsed JSON values); undefined where there is none. */
export interface StoredStartSteps {
  draft: unknown;
  /** The Start step of the latest available version; undefined when none is available. */
  live: unknown;
}

interface Row {
  runbook_id: string;
  draft_start: string | null;
  live_start: string | null;
}

const startOf = (graph: string) =>
  `(SELECT step.value FROM json_each(${graph}, '$.steps') AS step
     WHERE json_extract(step.value, '$.type') = 'start' LIMIT 1)`;

/** Reads the Start steps of the given runbooks (unknown ids are left out). */
export function createStartStepQuery(
  db: Database,
): (runbookIds: readonly string[]) => Map<string, StoredStartSteps> {
  // The latest available version is found through the (runbook_id, number) key.
  const statement = db.prepare<[string], Row>(
    `SELECT runbooks.id AS runbook_id,
       ${startOf('runbooks.draft')} AS draft_start,
       ${startOf(`(SELECT graph FROM runbook_versions
          WHERE runbook_id = runbooks.id AND is_available = 1 ORDER BY number DESC LIMIT 1)`)} AS live_start
     FROM runbooks WHERE runbooks.id IN (SELECT value FROM json_each(?))`,
  );
  const parse = (text: string | null): unknown => (text === null ? undefined : (JSON.parse(text) as unknown));
  return (runbookIds) => {
    if (runbookIds.length === 0) return new Map();
    return new Map(
      statement
        .all(JSON.stringify(runbookIds))
        .map((row) => [row.runbook_id, { draft: parse(row.draft_start), live: parse(row.live_start) }]),
    );
  };
}
