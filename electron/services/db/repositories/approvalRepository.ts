/**
 * The approvals table (migration 9): one row per Wait for approval step a run reached. A row
 * 'pending' makes its run waiting; deciding it is one conditional UPDATE, so a decision made by
 * the window, the API, the link and the timeout at once counts once.
 */
import type { Database } from '../database';

export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'timed_out' | 'cancelled';

export interface ApprovalRow {
  runId: string;
  runbookId: string;
  seq: number;
  stepId: string;
  stepName: string;
  message: string;
  approvers: string;
  instructions: string;
  deadline: string;
  tokenHash: string;
  state: ApprovalState;
  createdAt: string;
}

export interface ApprovalDecisionRow {
  state: Exclude<ApprovalState, 'pending'>;
  decidedBy: string;
  decidedVia: string;
  comment: string;
  decidedAt: string;
}

export interface ApprovalRepository {
  insert(row: Omit<ApprovalRow, 'runbookId' | 'state'>): void;
  /** The pending approvals, oldest first (all, or one run's). */
  pending(runId?: string): ApprovalRow[];
  /** A run's approval at one step record, whatever its state. */
  at(runId: string, seq: number): ApprovalRow | undefined;
  byTokenHash(tokenHash: string): ApprovalRow | undefined;
  /** Decides a pending approval; false when it was no longer pending (decided already). */
  decide(runId: string, seq: number, decision: ApprovalDecisionRow): boolean;
}

interface Row {
  run_id: string;
  runbook_id: string;
  seq: number;
  step_id: string;
  step_name: string;
  message: string;
  approvers: string;
  instructions: string;
  deadline: string;
  token_hash: string;
  state: ApprovalState;
  created_at: string;
}

const toApproval = (row: Row): ApprovalRow => ({
  runId: row.run_id,
  runbookId: row.runbook_id,
  seq: row.seq,
  stepId: row.step_id,
  stepName: row.step_name,
  message: row.message,
  approvers: row.approvers,
  instructions: row.instructions,
  deadline: row.deadline,
  tokenHash: row.token_hash,
  state: row.state,
  createdAt: row.created_at,
});

const columns = 'approvals.*, runs.runbook_id AS runbook_id';
const joined = 'approvals JOIN runs ON runs.id = approvals.run_id';

export function createApprovalRepository(db: Database): ApprovalRepository {
  const insert = db.prepare(
    `INSERT INTO approvals (run_id, seq, step_id, step_name, message, approvers, instructions, deadline,
       token_hash, created_at)
     VALUES (@runId, @seq, @stepId, @stepName, @message, @approvers, @instructions, @deadline, @tokenHash,
       @createdAt)`,
  );
  const allPending = db.prepare<[], Row>(
    `SELECT ${columns} FROM ${joined} WHERE approvals.state = 'pending' ORDER BY approvals.created_at LIMIT 1000`,
  );
  const runPending = db.prepare<[string], Row>(
    `SELECT ${columns} FROM ${joined} WHERE approvals.run_id = ? AND approvals.state = 'pending'`,
  );
  const at = db.prepare<[string, number], Row>(
    `SELECT ${columns} FROM ${joined} WHERE approvals.run_id = ? AND approvals.seq = ?`,
  );
  const byToken = db.prepare<[string], Row>(
    `SELECT ${columns} FROM ${joined} WHERE approvals.token_hash = ?`,
  );
  const decide = db.prepare(
    `UPDATE approvals SET state = @state, decided_by = @decidedBy, decided_via = @decidedVia,
       comment = @comment, decided_at = @decidedAt
     WHERE run_id = @runId AND seq = @seq AND state = 'pending'`,
  );
  return {
    insert: (row) => insert.run(row),
    pending: (runId) => (runId === undefined ? allPending.all() : runPending.all(runId)).map(toApproval),
    at: (runId, seq) => {
      const row = at.get(runId, seq);
      return row === undefined ? undefined : toApproval(row);
    },
    byTokenHash: (tokenHash) => {
      const row = byToken.get(tokenHash);
      return row === undefined ? undefined : toApproval(row);
    },
    decide: (runId, seq, decision) => decide.run({ runId, seq, ...decision }).changes === 1,
  };
}
