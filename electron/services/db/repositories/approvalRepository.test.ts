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
});
