import { describe, expect, it } from 'vitest';
import { insertRunbook, temporaryDatabase, timestamp } from '../../testSupport/temporaryDatabase';
import { createRunbookVersionRepository } from './runbookVersionRepository';

function setUp() {
  const db = temporaryDatabase();
  insertRunbook(db);
  return createRunbookVersionRepository(db);
}

describe('runbook version repository', () => {
  it('numbers published versions 1, 2, 3', () => {
    const versions = setUp();
    for (const id of ['v1', 'v2', 'v3']) {
      versions.publish({ id, runbookId: 'r1', note: id, graph: { id }, publishedAt: timestamp });
    }
    expect(versions.list('r1').map((version) => version.number)).toEqual([3, 2, 1]);
    expect(versions.get('v2')).toMatchObject({
      number: 2,
      note: 'v2',
      graph: { id: 'v2' },
      isAvailable: true,
    });
  });

  it('runs the latest available version, skipping unavailable ones', () => {
    const versions = setUp();
    versions.publish({ id: 'v1', runbookId: 'r1', note: '', graph: {}, publishedAt: timestamp });
    versions.publish({ id: 'v2', runbookId: 'r1', note: '', graph: {}, publishedAt: timestamp });
    versions.setAvailable('v2', false);
    expect(versions.latestAvailable('r1')?.id).toBe('v1');
    versions.setAvailable('v1', false);
    expect(versions.latestAvailable('r1')).toBeUndefined();
  });
});
