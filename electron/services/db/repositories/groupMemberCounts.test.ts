import { describe, expect, it } from 'vitest';
import { temporaryDatabase } from '../../testSupport/temporaryDatabase';
import { groupMemberCountsSql } from './groupMemberCounts';

describe('the run groups list’s counts', () => {
  it('read the members and their runs’ statuses from indexes, not a row of either table', () => {
    const db = temporaryDatabase();
    const plan = db
      .prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN ${groupMemberCountsSql}`)
      .all('[]')
      .map((step) => step.detail);
    expect(plan).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^SEARCH run_group_members USING COVERING INDEX run_group_members_latest \(group_id=\?\)/,
        ),
        expect.stringMatching(
          /^SEARCH runs USING COVERING INDEX runs_status_by_group \(group_id=\? AND id=\?\)/,
        ),
      ]),
    );
  });
});
