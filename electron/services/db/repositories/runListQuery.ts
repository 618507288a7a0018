/**
 * The query behind the runs list: newest first, filtered by runbook, status, trigger and time, a
 * page at a time. Each filter given becomes a condition of its own, so SQLite can walk the index
 * that fits (a condition written as "no filter, or this value" hides every index); a page goes on
 * from the last run of the one before (keyset paging), so the thousandth page costs what the first
 * does. One statement is prepared per shape of filter, the first time that shape is asked for.
 */
import type { Statement } from 'better-sqlite3';
import type { Database } from '../database';
import type { RunStatus } from '../../../../shared/domain/runStatus';
import type { TriggerKind } from '../../../../shared/domain/triggerKind';

/** Where a page starts: after this run, in the list's order (newest first). */
export interface RunCursor {
  queuedAt: string;
  id: string;
}

export interface RunFilter {
  runbookId?: string | undefined;
  status?: RunStatus | undefined;
  trigger?: TriggerKind | undefined;
  /** Only the runs of this run group (run across clients). */
  groupId?: string | undefined;
  /** ISO times, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** Only runs older than this one: the next page of a list. */
  after?: RunCursor | undefined;
  limit: number;
}

/**
 * Whether a run waits for an approval: the database keeps a waiting run as running, with a
 * pending approval (migration 9), so "waiting" and "running" are told apart by this.
 */
export const isWaitingSql =
  "EXISTS (SELECT 1 FROM approvals WHERE approvals.run_id = runs.id AND approvals.state = 'pending')";

/** The status a run is stored with: a waiting run is stored as running. */
const storedStatus = (status: RunStatus | undefined) => (status === 'waiting' ? 'running' : status);

/** One condition a filter may add: its SQL and the values it binds. */
const conditions: readonly {
  sql: string;
  values: (filter: RunFilter) => readonly (string | number)[] | undefined;
}[] = [
  { sql: 'runbook_id = ?', values: (filter) => one(filter.runbookId) },
  { sql: 'status = ?', values: (filter) => one(storedStatus(filter.status)) },
  { sql: isWaitingSql, values: (filter) => (filter.status === 'waiting' ? [] : undefined) },
  { sql: `NOT ${isWaitingSql}`, values: (filter) => (filter.status === 'running' ? [] : undefined) },
  { sql: 'trigger_kind = ?', values: (filter) => one(filter.trigger) },
  { sql: 'queued_at >= ?', values: (filter) => one(filter.from) },
  { sql: 'queued_at <= ?', values: (filter) => one(filter.to) },
  {
    // As a row value, so the (…, queued_at, id) indexes serve it as one range.
    sql: '(queued_at, id) < (?, ?)',
    values: (filter) => (filter.after === undefined ? undefined : [filter.after.queuedAt, filter.after.id]),
  },
  { sql: 'group_id = ?', values: (filter) => one(filter.groupId) },
];

/**
 * What a run is read as: its row, with the number of the published version it ran (null for a
 * run of the draft). The number is looked up for the rows read only, by the versions' key.
 */
export const runColumns =
  'runs.*, (SELECT number FROM runbook_versions WHERE runbook_versions.id = runs.version_id) AS version_number, ' +
  `${isWaitingSql} AS is_waiting`;

const one = (value: string | undefined) => (value === undefined ? undefined : [value]);

/** Runs the list query for any filter; `Row` is whatever the caller reads `runs` rows as. */
export function createRunListQuery<Row>(db: Database): (filter: RunFilter) => Row[] {
  const byShape = new Map<number, Statement<(string | number)[], Row>>();
  return (filter) => {
    let shape = 0;
    const parameters: (string | number)[] = [];
    conditions.forEach((condition, index) => {
      const values = condition.values(filter);
      if (values === undefined) return;
      shape |= 1 << index;
      parameters.push(...values);
    });
    let statement = byShape.get(shape);
    if (statement === undefined) {
      const where = conditions.filter((_, index) => (shape & (1 << index)) !== 0).map(({ sql }) => sql);
      statement = db.prepare<(string | number)[], Row>(
        `SELECT ${runColumns} FROM runs ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
         ORDER BY queued_at DESC, id DESC LIMIT ?`,
      );
      byShape.set(shape, statement);
    }
    return statement.all(...parameters, filter.limit);
  };
}
