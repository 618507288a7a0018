/** Published versions of a runbook: numbered, with a note, each available or not. */
import type { Database } from '../database';
import type { WriteBehind } from '../writeBehind';
import type { WriteNotices } from '../writeNotices';
import type { RunbookName, RunbookWrite } from './runbookRepository';

export interface RunbookVersionRow {
  id: string;
  runbookId: string;
  number: number;
  note: string;
  graph: unknown;
  isAvailable: boolean;
  publishedAt: string;
}

export const versionListLimit = 200;

export interface RunbookVersionRepository {
  /** Stores the graph as the next number (1, 2, …) for the runbook. */
  publish(version: Omit<RunbookVersionRow, 'number' | 'isAvailable'>): RunbookVersionRow;
  get(id: string): RunbookVersionRow | undefined;
  /** Newest first; at most `limit` (default versionListLimit). */
  list(runbookId: string, limit?: number): RunbookVersionRow[];
  setAvailable(id: string, isAvailable: boolean): boolean;
  /** The highest-numbered available version, which webhook and schedule triggers run. */
  latestAvailable(runbookId: string): RunbookVersionRow | undefined;
  /** How many runs ran each of the runbook's versions, by version id (absent: none). */
  runCounts(runbookId: string): Map<string, number>;
  /** Every runbook's highest version number, and its highest available one (what triggers run). */
  numbers(): Map<string, { latest: number; live: number | null }>;
  /**
   * The runbooks other than `id` whose version that triggers run names `id` (a method's or a
   * runbook's UUID, which in a graph can only be a step's reference), by name.
   */
  triggeredUsing(id: string): RunbookName[];
}

interface Row {
  id: string;
  runbook_id: string;
  number: number;
  note: string;
  graph: string;
  is_available: number;
  published_at: string;
}

const toRow = (row: Row): RunbookVersionRow => ({
  id: row.id,
  runbookId: row.runbook_id,
  number: row.number,
  note: row.note,
  graph: JSON.parse(row.graph) as unknown,
  isAvailable: row.is_available === 1,
  publishedAt: row.published_at,
});

/**
 * `notices` hears each write that changed a runbook's versions (published, hidden or shown again);
 * `writes`, the records written behind (runs among them), is written before runs are counted.
 */
export function createRunbookVersionRepository(
  db: Database,
  notices?: WriteNotices<RunbookWrite>,
  writes?: WriteBehind,
): RunbookVersionRepository {
  const didWrite = (runbookId: string) => notices?.didWrite({ id: runbookId, change: 'updated' });
  const nextNumber = db.prepare<[string], { next: number }>(
    'SELECT coalesce(max(number), 0) + 1 AS next FROM runbook_versions WHERE runbook_id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO runbook_versions (id, runbook_id, number, note, graph, is_available, published_at)
     VALUES (@id, @runbookId, @number, @note, @graph, 1, @publishedAt)`,
  );
  const get = db.prepare<[string], Row>('SELECT * FROM runbook_versions WHERE id = ?');
  const list = db.prepare<[string, number], Row>(
    'SELECT * FROM runbook_versions WHERE runbook_id = ? ORDER BY number DESC LIMIT ?',
  );
  const setAvailable = db.prepare<[number, string]>(
    'UPDATE runbook_versions SET is_available = ? WHERE id = ?',
  );
  const latest = db.prepare<[string], Row>(
    'SELECT * FROM runbook_versions WHERE runbook_id = ? AND is_available = 1 ORDER BY number DESC LIMIT 1',
  );
  // Bounded by the runbook's own runs, found through runs_by_runbook.
  const numbers = db.prepare<[], { runbook_id: string; latest: number; live: number | null }>(
    `SELECT runbook_id, max(number) AS latest, max(CASE WHEN is_available = 1 THEN number END) AS live
     FROM runbook_versions GROUP BY runbook_id`,
  );
  // Read for a deletion's confirmation only: each runbook's latest available version, by its index.
  const triggeredUsing = db.prepare<[string, string], RunbookName>(
    `SELECT r.id, r.name FROM runbooks r JOIN runbook_versions v ON v.runbook_id = r.id
     WHERE r.id <> ? AND instr(v.graph, ?) > 0 AND v.number =
       (SELECT max(number) FROM runbook_versions WHERE runbook_id = r.id AND is_available = 1)
     ORDER BY r.name_key`,
  );
  const runCounts = db.prepare<[string], { version_id: string; count: number }>(
    `SELECT version_id, count(*) AS count FROM runs
     WHERE runbook_id = ? AND version_id IS NOT NULL GROUP BY version_id`,
  );
  const publish = db.transaction((version: Omit<RunbookVersionRow, 'number' | 'isAvailable'>) => {
    const number = nextNumber.get(version.runbookId)?.next ?? 1;
    insert.run({ ...version, number, graph: JSON.stringify(version.graph) });
    return { ...version, number, isAvailable: true };
  });
  return {
    // IMMEDIATE: take the write lock before reading the highest number, so that two connections
    // publishing at once cannot pick the same number.
    publish: (version) => {
      const published = publish.immediate(version);
      didWrite(version.runbookId);
      return published;
    },
    get: (id) => {
      const row = get.get(id);
      return row === undefined ? undefined : toRow(row);
    },
    list: (runbookId, limit = versionListLimit) => list.all(runbookId, limit).map(toRow),
    setAvailable: (id, isAvailable) => {
      const isChanged = setAvailable.run(isAvailable ? 1 : 0, id).changes > 0;
      const runbookId = isChanged ? get.get(id)?.runbook_id : undefined;
      if (runbookId !== undefined) didWrite(runbookId);
      return isChanged;
    },
    latestAvailable: (runbookId) => {
      const row = latest.get(runbookId);
      return row === undefined ? undefined : toRow(row);
    },
    runCounts: (runbookId) => {
      writes?.flush();
      return new Map(runCounts.all(runbookId).map((row) => [row.version_id, row.count]));
    },
    numbers: () =>
      new Map(numbers.all().map((row) => [row.runbook_id, { latest: row.latest, live: row.live }])),
    triggeredUsing: (id) => triggeredUsing.all(id, id),
  };
}
