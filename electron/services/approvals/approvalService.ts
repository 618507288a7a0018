/**
 * Approvals (issue 15, Wait for approval): the engine's `awaitApproval` keeps the question on
 * disk (approvals table) and waits in memory for a decision — from the window, the API, the
 * single-use link or the deadline, whichever comes first (the table's conditional UPDATE lets
 * only one count). While it waits the run is "waiting": it holds no transaction and blocks
 * nothing; its run and the approvals are announced by events so pages update without polling.
 * The link's token is kept sealed with the app's data key (and its hash, to look a link up), so
 * the link can be shown again after a restart; it is never stored in clear. A step's Notify
 * request is sent once the approval exists, its record kept beside the question.
 */
import crypto from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../../shared/api/appError';
import type { PendingApproval, approvalDecisionInputSchema } from '../../../shared/api/approvalCalls';
import type { ApprovalChannel, ApprovalDecision } from '../../../shared/runbook/steps/approval';
import type { DataFolderProcess } from '../db/dataFolderProcesses';
import type { ApprovalRepository, ApprovalRow } from '../db/repositories/approvalRepository';
import type { RunRepository } from '../db/repositories/runRepository';
import type { ApprovalOutcome, ApprovalRequest, NotifyRecord } from '../engine/executionContext';
import type { EventBus } from '../events/eventBus';
import type { SecretStore } from '../secrets/secretStore';
import { assertWaitsHere, isDecidableHere } from './assertWaitsHere';
import { watchDecisionsElsewhere } from './decisionsElsewhere';
import { secretMask } from '../../../shared/domain/configuration';

/** setTimeout's longest delay (about 24.8 days); a later deadline is reached in several waits. */
const longestTimerMs = 2_147_483_647;

export interface ApprovalServiceDependencies {
  approvals: ApprovalRepository;
  runs: Pick<RunRepository, 'get'>;
  events: Pick<EventBus, 'emit'>;
  /** Seals the link's token (bound to its run and step record) and opens it again. */
  secrets: Pick<SecretStore, 'encrypt' | 'decrypt'>;
  /** Where links are served (the webhook listener: http://host:port), or null while it is off. */
  linkBase(): string | null;
  /** This process among those with the data folder open: only its own approvals are decided here. */
  processes: Pick<DataFolderProcess, 'name' | 'isOpenBy'>;
  now?: () => Date;
}

/**
 * What a link's token finds: its approval while pending, else why it cannot decide (here).
 * `stopped`: its run stopped waiting with nobody deciding (cancelled, its Notify failed, or
 * interrupted) — not to be told as decided, which would read as someone else's answer.
 */
export type TokenLookup =
  | { kind: 'pending'; approval: PendingApproval }
  | { kind: 'decided' | 'stopped' | 'expired' | 'unknown' | 'elsewhere' };

export interface ApprovalService {
  /** The engine's capability (see EngineCapabilities.awaitApproval). */
  awaitApproval(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalOutcome>;
  list(runId?: string): PendingApproval[];
  decide(input: z.output<typeof approvalDecisionInputSchema>): {
    runId: string;
    decision: 'approved' | 'rejected';
  };
  lookUpToken(token: string): TokenLookup;
  /** Decides by a link's token; what the token finds when it can no longer decide. */
  decideByToken(
    token: string,
    decision: 'approved' | 'rejected',
    comment: string,
  ): 'done' | Exclude<TokenLookup['kind'], 'pending'>;
  /** The backend is closing: timers stop; pending approvals stay on disk for the next start. */
  close(): void;
}

export interface Waiter {
  seq: number;
  finish(outcome: ApprovalOutcome): void;
}

const hashOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
/** What a sealed token is bound to: it opens only in its own row. */
const tokenContext = (runId: string, seq: number) => `approval-token:${runId}:${String(seq)}`;

/** How the Notify request went, as the window shows it (null: none, or not answered yet). */
function notifyStatusOf(row: ApprovalRow): { status: number | null; error: string | null } | null {
  const record = notifyOf(row);
  return record === null ? null : { status: record.status, error: record.error };
}

/** A kept Notify record, read back. */
function notifyOf(row: ApprovalRow): NotifyRecord | null {
  return row.notify === null ? null : (JSON.parse(row.notify) as NotifyRecord);
}

export function createApprovalService(deps: ApprovalServiceDependencies): ApprovalService {
  const now = deps.now ?? (() => new Date());
  const isOwn = (row: ApprovalRow) => row.owner === deps.processes.name;
  const waiters = new Map<string, Waiter>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  /** The row's token, opened (null for a row kept before tokens were sealed, or one that will not open). */
  const tokenOf = (row: ApprovalRow): string | null => {
    if (row.tokenSealed === null) return null;
    try {
      return deps.secrets.decrypt(row.tokenSealed, tokenContext(row.runId, row.seq));
    } catch {
      return null;
    }
  };
  /**
   * The link as a decided approval's outputs name it: its token •••• — it no longer decides
   * anything, and run history keeps no credential in clear.
   */
  const decidedLinkOf = (): string => {
    const base = deps.linkBase();
    return base === null ? '' : `${base}/approvals/${secretMask}`;
  };
  /** The link to decide by, while the webhook listener serves links. */
  const linkOf = (row: ApprovalRow): string | null => {
    const base = deps.linkBase();
    const token = base === null ? null : tokenOf(row);
    return base === null || token === null ? null : `${base}/approvals/${token}`;
  };

  const announce = (runId: string, state: ApprovalRow['state'], via: ApprovalChannel | null) => {
    deps.events.emit({ name: 'approvals.changed', payload: { runId, state, decidedVia: via } });
    const run = deps.runs.get(runId);
    if (run === undefined) return;
    const { steps: _records, ...summary } = run;
    deps.events.emit({ name: 'runs.changed', payload: { run: summary } });
  };

  const shown = (row: ApprovalRow): PendingApproval => ({
    runId: row.runId,
    runbookId: row.runbookId,
    seq: row.seq,
    stepId: row.stepId,
    stepName: row.stepName,
    message: row.message,
    approvers: row.approvers,
    instructions: row.instructions,
    deadline: row.deadline,
    createdAt: row.createdAt,
    // Only its owner can decide it: another process offers no link to it.
    link: isOwn(row) ? linkOf(row) : null,
    notify: notifyStatusOf(row),
  });

  /** Records a decision once; the waiting run (if this process runs it) goes on. */
  const settle = (
    row: ApprovalRow,
    decision: ApprovalDecision | 'cancelled',
    decidedBy: string,
    via: ApprovalChannel,
    comment: string,
  ): boolean => {
    const decidedAt = now().toISOString();
    const state = decision;
    if (!deps.approvals.decide(row.runId, row.seq, { state, decidedBy, decidedVia: via, comment, decidedAt }))
      return false;
    const waiter = waiters.get(row.runId);
    const link = decidedLinkOf();
    if (decision !== 'cancelled' && waiter?.seq === row.seq) {
      waiters.delete(row.runId);
      waiter.finish({ decision, decidedBy, decidedVia: via, comment, decidedAt, link });
    }
    announce(row.runId, state, via);
    return true;
  };

  // A decision another process on the data folder wrote (see decisionsElsewhere.ts).
  const decisionsElsewhere = watchDecisionsElsewhere({
    approvals: deps.approvals,
    waiters,
    goOn: (runId, waiter, decided) => {
      const via = decided.decidedVia as ApprovalChannel;
      const { decidedBy, comment, decidedAt } = decided;
      waiter.finish({
        decision: decided.state,
        decidedBy,
        decidedVia: via,
        comment,
        decidedAt,
        link: decidedLinkOf(),
      });
      announce(runId, decided.state, via);
    },
  });

  /** Times the approval out at its deadline, in waits setTimeout can take. */
  const timeOutAt = (row: ApprovalRow) => {
    const wait = () => {
      const left = Date.parse(row.deadline) - now().getTime();
      if (left <= 0) {
        settle(row, 'timed_out', '', 'timeout', '');
        return;
      }
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          wait();
        },
        Math.min(left, longestTimerMs),
      );
      timers.add(timer);
    };
    wait();
  };

  /**
   * The approval a run's step record waits on: the one kept from before a restart, or a new one
   * (then `isNew`, and its token is at hand once, to be masked in the Notify request's record).
   */
  const approvalFor = async (
    request: ApprovalRequest,
    signal: AbortSignal,
  ): Promise<{ row: ApprovalRow; isNew: boolean; token: string }> => {
    const kept = deps.approvals.at(request.runId, request.seq);
    if (kept !== undefined) return { row: kept, isNew: false, token: tokenOf(kept) ?? '' };
    // Its run's row and records go first: another program's lock is waited out, not a failed run.
    await deps.approvals.whenWritable(signal);
    const token = crypto.randomBytes(32).toString('base64url');
    const createdAt = now();
    deps.approvals.insert({
      runId: request.runId,
      seq: request.seq,
      stepId: request.stepId,
      stepName: request.stepName,
      message: request.message,
      approvers: request.approvers,
      instructions: request.instructions,
      deadline: new Date(createdAt.getTime() + request.timeoutMinutes * 60_000).toISOString(),
      tokenHash: hashOf(token),
      tokenSealed: deps.secrets.encrypt(token, tokenContext(request.runId, request.seq)),
      loops: request.loops.length === 0 ? null : JSON.stringify(request.loops),
      createdAt: createdAt.toISOString(),
      owner: deps.processes.name,
    });
    const row = deps.approvals.at(request.runId, request.seq);
    if (row === undefined) throw new Error('The approval could not be kept.');
    return { row, isNew: true, token };
  };

  const lookUp = (token: string): { row: ApprovalRow | undefined; kind: TokenLookup['kind'] } => {
    // The token is 43 base64url characters; anything else is no token of ours.
    const row = /^[A-Za-z0-9_-]{43}$/.test(token) ? deps.approvals.byTokenHash(hashOf(token)) : undefined;
    if (row === undefined) return { row, kind: 'unknown' };
    if (row.state === 'timed_out' || (row.state === 'pending' && Date.parse(row.deadline) <= now().getTime()))
      return { row, kind: 'expired' };
    if (row.state === 'cancelled') return { row, kind: 'stopped' };
    if (row.state !== 'pending') return { row, kind: 'decided' };
    return { row, kind: isDecidableHere(row, deps.processes) ? 'pending' : 'elsewhere' };
  };

  return {
    awaitApproval: async (request, signal) => {
      const { row, isNew, token } = await approvalFor(request, signal);
      if (row.state !== 'pending') throw new Error('This approval was already decided.');
      // Cancelled while the approval was being kept, before the wait below listens for it.
      if (signal.aborted) {
        settle(row, 'cancelled', '', 'api', '');
        throw new Error('Cancelled.');
      }
      let notified = notifyOf(row);
      let stopWaiting: () => void = () => undefined;
      const outcome = new Promise<ApprovalOutcome>((resolve, reject) => {
        const onAbort = () => {
          settle(row, 'cancelled', '', 'api', '');
          waiters.delete(row.runId);
          reject(new Error('Cancelled.'));
        };
        stopWaiting = () => {
          signal.removeEventListener('abort', onAbort);
          waiters.delete(row.runId);
        };
        waiters.set(row.runId, {
          seq: row.seq,
          finish: (decided) => {
            signal.removeEventListener('abort', onAbort);
            resolve({ ...decided, notify: notified });
          },
        });
        signal.addEventListener('abort', onAbort, { once: true });
      });
      announce(row.runId, 'pending', null);
      timeOutAt(row);
      decisionsElsewhere.look();
      // Sent once, when the wait starts: a run taken up after a restart has sent it already.
      if (isNew && request.notify !== undefined) {
        const { record, failsStep } = await request.notify({
          link: linkOf(row) ?? '',
          message: row.message,
          expiresAt: row.deadline,
          token,
        });
        notified = record;
        deps.approvals.setNotify(row.runId, row.seq, JSON.stringify(record));
        if (failsStep && settle(row, 'cancelled', '', 'api', '')) {
          stopWaiting();
          throw new Error(record.error ?? 'The Notify request failed.');
        }
        deps.events.emit({
          name: 'approvals.changed',
          payload: { runId: row.runId, state: 'pending', decidedVia: null },
        });
      }
      return outcome;
    },
    list: (runId) => deps.approvals.pending(runId).map(shown),
    decide: ({ runId, decision, comment, decidedBy, via }) => {
      const [row] = deps.approvals.pending(runId);
      if (row === undefined)
        throw new AppError(
          'conflict',
          'This run is not waiting for an approval (it was decided already, or timed out).',
          'runId',
        );
      assertWaitsHere(row, deps.processes);
      if (!settle(row, decision, decidedBy, via, comment))
        throw new AppError('conflict', 'This approval was decided meanwhile.', 'runId');
      return { runId, decision };
    },
    lookUpToken: (token) => {
      const { row, kind } = lookUp(token);
      return kind === 'pending' && row !== undefined
        ? { kind, approval: shown(row) }
        : { kind: kind === 'pending' ? 'unknown' : kind };
    },
    decideByToken: (token, decision, comment) => {
      const { row, kind } = lookUp(token);
      if (kind !== 'pending' || row === undefined) return kind === 'pending' ? 'unknown' : kind;
      return settle(row, decision, '', 'link', comment) ? 'done' : 'decided';
    },
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      decisionsElsewhere.stop();
      waiters.clear();
    },
  };
}
