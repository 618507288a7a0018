/**
 * Test support: many run groups at once, written straight to the database — copies of a group
 * that ran, each with its members and their runs, each a minute older than the one before.
 */
import type { Database } from '../../db/database';

/** The id of copy `index` (from 1) of group or run `id`. */
export const copyId = (id: string, index: number): string => `${id}-c${String(index).padStart(5, '0')}`;

/** Whether copy n.i is of the other runbook. */
const isOther = '@every > 0 AND n.i % @every = 0';
/** A time column of copy n.i: i minutes earlier. */
const earlier = (column: string) =>
  `CASE WHEN ${column} IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', ${column}, printf('-%d minutes', n.i)) END`;

/**
 * Copies group `groupId` `count` times, copy i made (and its runs run) i minutes before it;
 * every `other.every`-th copy is of runbook `other.runbookId` instead, when given.
 */
export function copyGroup(
  db: Database,
  groupId: string,
  count: number,
  other?: { runbookId: string; every: number },
): void {
  const columns = (db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map(({ name }) => name);
  const copiedAs: Record<string, string> = {
    id: "printf('%s-c%05d', runs.id, n.i)",
    group_id: "printf('%s-c%05d', runs.group_id, n.i)",
    runbook_id: `CASE WHEN ${isOther} THEN @otherRunbookId ELSE runs.runbook_id END`,
    queued_at: earlier('runs.queued_at'),
    started_at: earlier('runs.started_at'),
    finished_at: earlier('runs.finished_at'),
  };
  const copied = columns.map((name) => copiedAs[name] ?? `runs.${name}`);
  const numbers = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)';
  const parameters = {
    count,
    groupId,
    otherRunbookId: other?.runbookId ?? null,
    every: other?.every ?? 0,
  };
  db.transaction(() => {
    db.prepare(
      `${numbers} INSERT INTO run_groups (id, runbook_id, trigger_kind, concurrency, created_at, owner)
       SELECT printf('%s-c%05d', g.id, n.i),
         CASE WHEN ${isOther} THEN @otherRunbookId ELSE g.runbook_id END,
         g.trigger_kind, g.concurrency,
         ${earlier('g.created_at')}, g.owner
       FROM run_groups g, n WHERE g.id = @groupId`,
    ).run(parameters);
    db.prepare(
      `${numbers} INSERT INTO runs (${columns.join(', ')}) SELECT ${copied.join(', ')}
       FROM runs, n WHERE runs.group_id = @groupId`,
    ).run(parameters);
    db.prepare(
      `${numbers} INSERT INTO run_group_members (group_id, client_name, attempt, state, run_id, note)
       SELECT printf('%s-c%05d', m.group_id, n.i), m.client_name, m.attempt, m.state,
         CASE WHEN m.run_id IS NULL THEN NULL ELSE printf('%s-c%05d', m.run_id, n.i) END, m.note
       FROM run_group_members m, n WHERE m.group_id = @groupId`,
    ).run({ count, groupId });
  })();
}
