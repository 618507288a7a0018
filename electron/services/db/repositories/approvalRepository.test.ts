import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { insertRunbook, temporaryDatabase, timestamp } from '../../testSupport/temporaryDatabase';
import { createWriteBehind } from '../writeBehind';
import { createApprovalRepository } from './approvalRepository';
import { createRunRepository } from './runRepository';

const approvalOf = (runId: string) => ({
  runId,
  seq: 2,
  stepId: 'approve',
  stepName: 'Approve',
  message: 'Go ahead?',
  approvers: '',
  instructions: '',
  deadline: '2026-11-23T11:00:00.000Z',
  tokenHash: `hash-${runId}`,
  tokenSealed: null,
  loops: null,
  createdAt: timestamp,
  owner: '4242-aaaaaa@host',
});

/** A run whose row waits in a batch written behind, with its approvals' repository. */
function setUp(inputs: Record<string, unknown>, options: Parameters<typeof createWriteBehind>[1]) {
  const db = temporaryDatabase();
  insertRunbook(db);
  const writes = createWriteBehind(db, options);
  const runs = createRunRepository(db, writes);
  runs.create({
    id: 'run1',
    runbookId: 'r1',
    versionId: null,
    trigger: 'manual',
    clientName: '',
    inputs,
    queuedAt: timestamp,
  });
  return { db, runs, approvals: createApprovalRepository(db, writes) };
}

describe('approval repository', () => {
  it('keeps the approval of a run whose row still waits to be written behind', () => {
    const { runs, approvals } = setUp({}, { delayMs: 60_000 });
    runs.markStarted('run1', timestamp);
    approvals.insert(approvalOf('run1'));
    expect(approvals.pending('run1')).toEqual([
      expect.objectContaining({ runId: 'run1', runbookId: 'r1', stepId: 'approve', state: 'pending' }),
    ]);
  });

  it('refuses the approval of a run a full disk keeps from being written, saying so', () => {
    const { db, approvals } = setUp(
      { note: 'n'.repeat(50_000) },
      { delayMs: 60_000, retryMs: { first: 60_000, max: 60_000 } },
    );
    db.pragma(`max_page_count = ${String(db.pragma('page_count', { simple: true }))}`);
    expect(() => approvals.insert(approvalOf('run1'))).toThrow(
      expect.objectContaining({ code: 'storage_full', message: expect.stringContaining('The approval') }),
    );
  });

  it('waits out another program holding the database locked, then keeps the approval', async () => {
    const { db, runs, approvals } = setUp({}, { delayMs: 60_000, retryMs: { first: 20, max: 50 } });
    runs.markStarted('run1', timestamp);
    const other = new BetterSqlite3(db.name);
    other.exec('BEGIN IMMEDIATE');
    let isWritable = false;
    const waiting = approvals.whenWritable().then(() => (isWritable = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isWritable).toBe(false);
    other.exec('COMMIT');
    other.close();
    await waiting;
    approvals.insert(approvalOf('run1'));
    expect(approvals.pending('run1')).toHaveLength(1);
    expect(runs.get('run1')).toMatchObject({ status: 'waiting' });
  });

  it('gives an approval a new owner only from the owner it had, once, and never a child run’s', () => {
    const { db, runs, approvals } = setUp({}, {});
    runs.markStarted('run1', timestamp);
    approvals.insert(approvalOf('run1'));
    expect(approvals.claim('run1', 2, '4242-bbbbbb@host', '7-cccccc@host')).toBe(false);
    expect(approvals.claim('run1', 2, '4242-aaaaaa@host', '7-cccccc@host')).toBe(true);
    // Another process starting together read the same owner: it comes second.
    expect(approvals.claim('run1', 2, '4242-aaaaaa@host', '8-dddddd@host')).toBe(false);
    expect(approvals.at('run1', 2)?.owner).toBe('7-cccccc@host');
    runs.create({
      id: 'child',
      runbookId: 'r1',
      versionId: null,
      trigger: 'manual',
      clientName: '',
      inputs: {},
      queuedAt: timestamp,
      parent: { runId: 'run1', seq: 3 },
    });
    runs.markStarted('child', timestamp);
    approvals.insert(approvalOf('child'));
    expect(approvals.claim('child', 2, '4242-aaaaaa@host', '7-cccccc@host')).toBe(false);
    db.close();
  });

  it('says a full disk keeps the approval from being written instead of waiting for it', async () => {
    const { db, approvals } = setUp(
      { note: 'n'.repeat(50_000) },
      { delayMs: 60_000, retryMs: { first: 60_000, max: 60_000 } },
    );
    db.pragma(`max_page_count = ${String(db.pragma('page_count', { simple: true }))}`);
    await expect(approvals.whenWritable()).rejects.toMatchObject({
      code: 'storage_full',
      message: expect.stringContaining('The approval') as unknown,
    });
  });
});
