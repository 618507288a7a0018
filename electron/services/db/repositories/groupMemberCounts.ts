/**
 * What the run groups list counts each group by, counted by SQLite for a whole page of groups at
 * once: for each group, how many clients' latest attempts are in each status, and the highest
 * attempt. Reading each group's members and runs into the process instead cost ~5 ms per group of
 * 1,000 clients, a page of 50 such groups a quarter of a second of a blocked backend.
 */
import type { GroupMemberStatus } from '../../../../shared/domain/runGroup';
import type { Database } from '../database';
import { isWaitingSql } from './runListQuery';

/** A group's members counted: how many latest attempts are in each status, and the highest attempt. */
export interface GroupMemberCounts {
  attempts: number;
  statusCounts: [GroupMemberStatus, number][];
}

interface CountRow {
  group_id: string;
  status: GroupMemberStatus;
  count: number;
  attempts: number;
}

/**
 * 1. Each client's latest attempt, by the members' key (group, client, attempt): with one max(),
 *    SQLite takes the row's other columns from the row holding that max.
 * 2. Its status as the group's page gives it: pending while it waits for a place, not started,
 *    or its run's — "waiting" for a running run with a pending approval, as the runs list says;
 *    "queued" for a run whose row is not there.
 * 3. Counted by group and status.
 * Both read from indexes alone (migration 24): the members' covering one, and the runs' by group,
 * which a run is found in by its group as well as its id (a group's runs name it).
 */
export const groupMemberCountsSql = `
  WITH latest AS (
    SELECT group_id, state, run_id, max(attempt) AS attempt FROM run_group_members
    WHERE group_id IN (SELECT value FROM json_each(?)) GROUP BY group_id, client_name
  )
  SELECT latest.group_id AS group_id,
    CASE latest.state
      WHEN 'waiting' THEN 'pending'
      WHEN 'notStarted' THEN 'notStarted'
      ELSE CASE WHEN runs.status = 'running' AND ${isWaitingSql} THEN 'waiting'
        ELSE coalesce(runs.status, 'queued') END
    END AS status,
    count(*) AS count, max(latest.attempt) AS attempts
  FROM latest LEFT JOIN runs ON runs.group_id = latest.group_id AND runs.id = latest.run_id
  GROUP BY latest.group_id, status`;

/** Counts the members of the groups given, by group id; a group without members is left out. */
export function createGroupMemberCounts(
  db: Database,
): (groupIds: readonly string[]) => Map<string, GroupMemberCounts> {
  const counts = db.prepare<[string], CountRow>(groupMemberCountsSql);
  return (groupIds) => {
    const byGroup = new Map<string, GroupMemberCounts>();
    if (groupIds.length === 0) return byGroup;
    for (const row of counts.all(JSON.stringify(groupIds))) {
      const group = byGroup.get(row.group_id) ?? { attempts: 1, statusCounts: [] };
      group.attempts = Math.max(group.attempts, row.attempts);
      group.statusCounts.push([row.status, row.count]);
      byGroup.set(row.group_id, group);
    }
    return byGroup;
  };
}
