import { describe, expect, it } from 'vitest';
import { insertRunbook, temporaryDatabase, timestamp } from '../../testSupport/temporaryDatabase';
import type { Database } from '../database';
import { createWriteNotices } from '../writeNotices';
import { createRunbookRepository, type RunbookWrite } from './runbookRepository';
import { createRunRepository } from './runRepository';
import { createRunbookVersionRepository, type RunbookVersionRepository } from './runbookVersionRepository';

function setUp(): { db: Database; versions: RunbookVersionRepository } {
  const db = temporaryDatabase();
  insertRunbook(db);
  return { db, versions: createRunbookVersionRepository(db) };
}

const publish = (versions: RunbookVersionRepository, id: string, runbookId = 'r1') =>
  versions.publish({ id, runbookId, note: `note ${id}`, graph: { id }, publishedAt: timestamp });

describe('runbook version repository', () => {
  it('numbers published versions 1, 2, 3 and lists the newest first', () => {
    const { versions } = setUp();
    expect(['v1', 'v2', 'v3'].map((id) => publish(versions, id).number)).toEqual([1, 2, 3]);
    expect(versions.list('r1').map((version) => version.number)).toEqual([3, 2, 1]);
  });

  it('keeps a version’s note and graph, available from the start', () => {
    const { versions } = setUp();
    publish(versions, 'v1');
    expect(versions.get('v1')).toEqual({
      id: 'v1',
      runbookId: 'r1',
      number: 1,
      note: 'note v1',
      graph: { id: 'v1' },
      isAvailable: true,
      publishedAt: timestamp,
    });
  });

  it('numbers each runbook’s versions on their own', () => {
    const { db, versions } = setUp();
    createRunbookRepository(db).insert({
      id: 'r2',
      name: 'Offboard',
      description: '',
      category: '',
      tags: [],
      draft: {},
      createdAt: timestamp,
      updatedAt: timestamp,
    });
    publish(versions, 'a1');
    publish(versions, 'a2');
    expect(publish(versions, 'b1', 'r2').number).toBe(1);
    expect(versions.list('r2').map((version) => version.id)).toEqual(['b1']);
  });

  it('bounds the list by its limit', () => {
    const { versions } = setUp();
    for (const id of ['v1', 'v2', 'v3']) publish(versions, id);
    expect(versions.list('r1', 2).map((version) => version.id)).toEqual(['v3', 'v2']);
  });

  it('runs the latest available version, skipping unavailable ones', () => {
    const { versions } = setUp();
    publish(versions, 'v1');
    publish(versions, 'v2');
    expect(versions.setAvailable('v2', false)).toBe(true);
    expect(versions.latestAvailable('r1')?.id).toBe('v1');
    versions.setAvailable('v1', false);
    expect(versions.latestAvailable('r1')).toBeUndefined();
  });

  it('makes an unavailable version available again', () => {
    const { versions } = setUp();
    publish(versions, 'v1');
    versions.setAvailable('v1', false);
    versions.setAvailable('v1', true);
    expect(versions.get('v1')?.isAvailable).toBe(true);
    expect(versions.latestAvailable('r1')?.id).toBe('v1');
  });

  it('answers false or undefined for a version that does not exist', () => {
    const { versions } = setUp();
    expect(versions.setAvailable('missing', false)).toBe(false);
    expect(versions.get('missing')).toBeUndefined();
    expect(versions.latestAvailable('r1')).toBeUndefined();
  });

  it('keeps numbering after the latest version, even when it is unavailable', () => {
    const { versions } = setUp();
    publish(versions, 'v1');
    versions.setAvailable('v1', false);
    expect(publish(versions, 'v2').number).toBe(2);
  });

  it('counts the runs of each version, leaving out runs of the draft', () => {
    const { db, versions } = setUp();
    publish(versions, 'v1');
    publish(versions, 'v2');
    const runs = createRunRepository(db);
    const queue = (id: string, versionId: string | null) =>
      runs.create({
        id,
        runbookId: 'r1',
        versionId,
        trigger: 'webhook',
        clientName: '',
        inputs: {},
        queuedAt: timestamp,
      });
    queue('run1', 'v1');
    queue('run2', 'v1');
    queue('run3', null);
    expect(versions.runCounts('r1')).toEqual(new Map([['v1', 2]]));
  });

  it('goes with its runbook', () => {
    const { db, versions } = setUp();
    publish(versions, 'v1');
    createRunbookRepository(db).delete('r1');
    expect(versions.get('v1')).toBeUndefined();
  });
});

describe('runbook version repository change notices', () => {
  it('tells whoever keeps a copy after a publish and an availability change of a runbook’s versions', () => {
    const db = temporaryDatabase();
    insertRunbook(db);
    const notices: string[] = [];
    const writes = createWriteNotices<RunbookWrite>();
    writes.onDidWrite(({ id, change }) => notices.push(`${id} ${change}`));
    const versions = createRunbookVersionRepository(db, writes);
    publish(versions, 'v1');
    versions.setAvailable('v1', false);
    versions.setAvailable('no-such-version', false);
    expect(notices).toEqual(['r1 updated', 'r1 updated']);
  });
});
