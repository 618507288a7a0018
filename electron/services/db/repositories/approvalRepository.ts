/**
 * The approvals table (migrations 9 and 12): one row per Wait for approval step a run reached. A
 * row 'pending' makes its run waiting; deciding it is one conditional UPDATE, so a decision made
 * by the window, the API, the link and the timeout at once counts once. The link's token is kept
 * sealed (the service seals and opens it) beside its hash; `loops` and `notify` are JSON text.
 */
import type { Database } from '../database';
import { storageError } from '../storageFault';
import type { WriteBehind } from '../writeBehind';

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
  /** The token encrypted with the app's data key; null for rows written before migration 12. */
  tokenSealed: Buffer | null;
  /** The For each loops open at the step, as JSON (null: none, or a row from before migration 12). */
  loops: string | null;
  /** The Notify request's record, as JSON (null: the step has none, or it is not sent yet). */
  notify: string | null;
  state: ApprovalState;
  createdAt: string;
  /** The process that waits on it (its data folder process file's name); null: kept before migration 17. */
  owner: string | null;
}

export interface ApprovalDecisionRow {
  state: Exclude<ApprovalState, 'pending'>;
  decidedBy: string;
  decidedVia: string;
  comment: string;
  decidedAt: string;
}

export interface ApprovalRepository {
  /**
   * Resolves once what an approval follows (its run's row, the step records before it) is on
   * disk: another program's lock is waited out as a step record's is (up to 30 s, or until
   * `signal` aborts); a full disk, or a lock that outlasts the wait, rejects with the storage
   * error. An insert after it meets no fault of the records behind.
   */
  whenWritable(signal?: AbortSignal): Promise<void>;
  insert(row: Omit<ApprovalRow, 'runbookId' | 'state' | 'notify'> & { owner: string }): void;
  /** Keeps what the step's Notify request sent and got back. */
  setNotify(runId: string, seq: number, notify: string): void;
  /** The pending approvals, oldest first (all, or one run's). */
  pending(runId?: string): ApprovalRow[];
  /** A run's approval at one step record, whatever its state. */
  at(runId: string, seq: number): ApprovalRow | undefined;
  byTokenHash(tokenHash: string): ApprovalRow | undefined;
  /** How an approval was decided; undefined while it is pending (or when there is none). */
  decisionAt(runId: string, seq: number): ApprovalDecisionRow | undefined;
  /** Decides a pending approval; false when it was no longer pending (decided already). */
  decide(runId: string, seq: number, decision: ApprovalDecisionRow): boolean;
  /**
   * Makes `owner` the owner of a pending approval still owned by `from` (its process gone);
   * false when another process claimed it first, or it was decided meanwhile.
   */
  claim(runId: string, seq: number, from: string | null, owner: string): boolean;
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
  token_sealed: Buffer | null;
  loops: string | null;
  notify: string | null;
  state: ApprovalState;
  created_at: string;
  owner: string | null;
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
  tokenSealed: row.token_sealed,
  loops: row.loops,
  notify: row.notify,
  state: row.state,
  createdAt: row.created_at,
  owner: row.owner,
});

const columns = 'approvals.*, runs.runbook_id AS runbook_id';
const joined = 'approvals JOIN runs ON runs.id = approvals.run_id';

/**
 * With `writes`: an approval's run may still wait in the batch of records written behind (its row
 * is written with its first records), so that batch is written first.
 */
export function createApprovalRepository(db: Database, writes?: WriteBehind): ApprovalRepository {
  const insert = db.prepare(
    `INSERT INTO approvals (run_id, seq, step_id, step_name, message, approvers, instructions, deadline,
       token_hash, token_sealed, loops, created_at, owner)
     VALUES (@runId, @seq, @stepId, @stepName, @message, @approvers, @instructions, @deadline, @tokenHash,
       @tokenSealed, @loops, @createdAt, @owner)`,
  );
  const setNotify = db.prepare('UPDATE approvals SET notify = ? WHERE run_id = ? AND seq = ?');
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
  const decisionAt = db.prepare<
    [string, number],
    {
      state: ApprovalState;
      decided_by: string;
      decided_via: string;
      comment: string;
      decided_at: string | null;
    }
  >(
    `SELECT state, decided_by, decided_via, comment, decided_at FROM approvals
     WHERE run_id = ? AND seq = ? AND state != 'pending'`,
  );
  const decide = db.prepare(
    `UPDATE approvals SET state = @state, decided_by = @decidedBy, decided_via = @decidedVia,
       comment = @comment, decided_at = @decidedAt
     WHERE run_id = @runId AND seq = @seq AND state = 'pending'`,
  );
  // A child run's approval is never claimed: the child ends with its parent (no start takes a
  // parent up again), at the first start-up clean-up (runRepository's markInterrupted).
  const claim = db.prepare<[string, string, number, string | null]>(
    `UPDATE approvals SET owner = ? WHERE run_id = ? AND seq = ? AND state = 'pending' AND owner IS ?
       AND NOT EXISTS (SELECT 1 FROM runs WHERE runs.id = approvals.run_id AND runs.parent_run_id IS NOT NULL)`,
  );
  return {
    whenWritable: async (signal) => {
      if (writes === undefined) return;
      try {
        await writes.commit(signal === undefined ? {} : { signal });
      } catch (error) {
        const fault = writes.fault();
        if (fault === undefined || signal?.aborted === true) throw error;
        throw storageError(fault, 'The approval');
      }
    },
    insert: (row) => {
      writes?.flush();
      // The run's row cannot be written now (a full disk, a lock): neither can the approval.
      const fault = writes?.fault();
      if (fault !== undefined) throw storageError(fault, 'The approval');
      insert.run(row);
    },
    setNotify: (runId, seq, notify) => void setNotify.run(notify, runId, seq),
    pending: (runId) => (runId === undefined ? allPending.all() : runPending.all(runId)).map(toApproval),
    at: (runId, seq) => {
      const row = at.get(runId, seq);
      return row === undefined ? undefined : toApproval(row);
    },
    byTokenHash: (tokenHash) => {
      const row = byToken.get(tokenHash);
      return row === undefined ? undefined : toApproval(row);
    },
    decisionAt: (runId, seq) => {
      const row = decisionAt.get(runId, seq);
      if (row === undefined || row.state === 'pending') return undefined;
      return {
        state: row.state,
        decidedBy: row.decided_by,
        decidedVia: row.decided_via,
        comment: row.comment,
        decidedAt: row.decided_at ?? '',
      };
    },
    decide: (runId, seq, decision) => decide.run({ runId, seq, ...decision }).changes === 1,
    claim: (runId, seq, from, owner) => claim.run(owner, runId, seq, from).changes === 1,
  };
}
