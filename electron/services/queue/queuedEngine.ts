/**
 * The main's engine in queue mode: the same `Engine` the services start runs on, but a run is
 * recorded as queued here and put on the BullMQ queue for a worker, whose records come back on
 * the record stream and are written through the same run hooks as a local run's (so run history,
 * events and the window do not know the difference). Rehearsals (dry runs, pinned runs, replays)
 * are designer work on this machine's drafts and run on the local engine.
 */
import { AppError } from '../../../shared/api/appError';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import {
  closeConnection,
  errorLogger,
  settledWithin,
  watchConnection,
  type QueueConnection,
} from './queueAddress';
import type { Engine, RunResult, StartRunInput } from '../engine/engine';
import { recordMaskFor } from '../engine/recordMask';
import type { RunHooks } from '../engine/runHooks';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import { claimMainLease } from './mainLease';
import { readRecordStream, type RecordStream } from './recordStream';
import {
  cancelChannel,
  commitAckChannel,
  keyPrefix,
  runQueueName,
  workerKeyPrefix,
  type RunJob,
  type WorkerEntry,
} from './queueMessages';
import type { RunSnapshot } from './runSnapshot';
import type { TeamSeal } from './teamSeal';
import { newRunId } from '../../../shared/domain/runId';

export interface QueuedEngineDependencies {
  connection: QueueConnection;
  seal: TeamSeal;
  /** Runs rehearsals, which stay on this machine. */
  local: Engine;
  hooks: RunHooks;
  recordCall(call: ApiCallRecord): void;
  /** What a worker needs to run `input` (read from the database when the run is queued). */
  snapshotOf(input: StartRunInput): RunSnapshot;
  /**
   * Whether a run must run on the main: a rehearsal (pins, dry run, replay) or a run that may wait
   * for an approval (runsOnMain.ts). A rehearsal it lets go is queued without it.
   */
  runsHere(input: StartRunInput): boolean;
  /** Whether the run is still queued or running in the database. */
  isUnfinished(runId: string): boolean;
  /** Whether the database holds the run: records of runs it does not are another main's. */
  holdsRun(runId: string): boolean;
  /** Marks runs that no worker will finish (their job failed or vanished) as interrupted. */
  interrupt(runIds: readonly string[], reason: string): void;
  log(line: string): void;
}

/** What the queue holds and who works on it, for the API and the Settings panel. */
export interface QueueStatus {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  workers: WorkerEntry[];
  /** Why this main queues no runs (another main holds the lease); null while it serves the queue. */
  problem: string | null;
}

export interface QueuedEngine extends Engine {
  status(): Promise<QueueStatus>;
  /**
   * Settles once this main holds the lease on Redis (mainLease.ts); rejects, saying who holds it,
   * when another main serves this Redis.
   */
  claimed: Promise<void>;
  /** Settles once the lease is held and the queue and the record stream are connected. */
  ready: Promise<void>;
  /** Takes up runs left queued or running when the main last stopped: those with no job are interrupted. */
  reconcile(unfinished: readonly string[]): Promise<void>;
  dispose(): Promise<void>;
}

export function createQueuedEngine(deps: QueuedEngineDependencies): QueuedEngine {
  const queue = new Queue<{ sealed: string }, void, 'run'>(runQueueName, {
    connection: deps.connection,
    prefix: keyPrefix,
  });
  const queueEvents = new QueueEvents(runQueueName, { connection: deps.connection, prefix: keyPrefix });
  const commands = watchConnection(new Redis(deps.connection), 'the main', deps.log);
  // Without a listener, each of their errors is printed whole, several a second while Redis is away.
  queue.on('error', errorLogger('the run queue', deps.log));
  queueEvents.on('error', errorLogger('the run queue’s events', deps.log));
  const waiting = new Map<string, (result: RunResult) => void>();
  const remoteRuns = new Set<string>();

  const settle = (runId: string, result: RunResult) => {
    remoteRuns.delete(runId);
    waiting.get(runId)?.(result);
    waiting.delete(runId);
  };
  const failRun = (runId: string, error: string) => {
    deps.hooks.runFinished({
      runId,
      status: 'failed',
      error,
      message: null,
      finishedAt: new Date().toISOString(),
    });
    settle(runId, { runId, status: 'failed', error, message: null, vars: {} });
  };

  /** Runs out on workers that this main will not hear the end of: failed with the reason. */
  const interruptRemote = (runIds: string[], reason: string) => {
    if (runIds.length === 0) return;
    deps.interrupt(runIds, reason);
    for (const runId of runIds)
      settle(runId, { runId, status: 'failed', error: 'interrupted', message: null, vars: {} });
  };

  /** Why runs are not queued here: another main holds the lease. */
  let problem: string | undefined;
  let isDisposed = false;
  let stream: RecordStream | undefined;
  const lease = claimMainLease({
    connection: deps.connection,
    log: deps.log,
    onLost: (holder) => {
      problem =
        `This server lost its lease on Redis to another server (${holder}), so it queues no more ` +
        'runs and writes no more records. Stop one of the two, then start this one again.';
      deps.log(`queue: ${problem}`);
      void stream?.stop();
      // The records of the runs out on workers now go to the other server: shown as going here
      // for ever otherwise. A worker may still finish them; this server hears no more of them.
      interruptRemote(
        [...remoteRuns],
        `interrupted: this server lost its lease on Redis to another server (${holder}) and hears no more of this run; a worker may still finish it`,
      );
    },
  });
  const readRecords = () =>
    readRecordStream({
      connection: deps.connection,
      seal: deps.seal,
      hooks: deps.hooks,
      // The runs it queued (most records) need no look in the database.
      holdsRun: (runId) => remoteRuns.has(runId) || deps.holdsRun(runId),
      recordCall: deps.recordCall,
      acknowledge: (worker, ack) =>
        commands.publish(commitAckChannel(worker), deps.seal.seal(ack)).then(() => undefined),
      onRunFinished: (run) =>
        settle(run.runId, {
          runId: run.runId,
          status: run.status,
          error: run.error,
          message: run.message,
          vars: {},
        }),
      log: deps.log,
    });
  // Records are read only once this main holds the lease: two readers would split every run.
  const streamReady = lease.claimed.then(
    () => {
      if (isDisposed) return;
      stream = readRecords();
      return stream.ready;
    },
    (error: unknown) => {
      problem = (error as Error).message;
      throw error;
    },
  );

  // A worker killed mid-run: its job's lock lapses, BullMQ fails it as stalled, and the run is
  // interrupted here as the single-process app does at start (the step that may have been sent says so).
  queueEvents.on('failed', ({ jobId, failedReason }) => {
    if (!remoteRuns.has(jobId)) return;
    interruptRemote([jobId], `interrupted: the worker running it stopped (${failedReason})`);
  });

  function start(input: StartRunInput): { runId: string; finished: Promise<RunResult> } {
    // Debug runs, runs taken up again after an approval, and what `runsHere` keeps (rehearsals,
    // runbooks that may wait for one) stay here: they need this machine's pins, its window or
    // its approvals' state. A designer run without pins is sent as it is: a worker runs it.
    if (input.pauseGate !== undefined || input.continued !== undefined || deps.runsHere(input))
      return deps.local.start(input);
    if (problem !== undefined) throw new AppError('conflict', problem);
    const runId = input.runId ?? newRunId();
    if (remoteRuns.has(runId))
      throw new AppError('conflict', 'A run with this id is already going; give a new id.', 'runId');
    const mask = recordMaskFor(input.maskedValues);
    deps.hooks.runQueued({
      runId,
      runbookId: input.runbookId,
      versionId: input.versionId,
      trigger: input.trigger,
      clientName: input.client ?? '',
      inputs: mask(input.inputs),
      queuedAt: new Date().toISOString(),
      triggerBody: mask(input.triggerBody ?? null),
      rerunOf: input.rerunOf ?? null,
      resumedFromStep: input.resume?.fromStepId ?? null,
      mode: 'live',
      groupId: input.groupId ?? null,
      isIdGiven: input.runId !== undefined,
    });
    remoteRuns.add(runId);
    const finished = new Promise<RunResult>((resolve) => waiting.set(runId, resolve));
    const { rehearsal: _rehearsal, pauseGate: _gate, continued: _continued, ...rest } = input;
    let job: RunJob;
    try {
      job = { input: { ...rest, runId }, snapshot: deps.snapshotOf(input) };
    } catch (error) {
      failRun(runId, `The run could not be prepared for a worker: ${(error as Error).message}`);
      return { runId, finished };
    }
    // Queued only once this main holds the lease: a run queued by a main that is then refused
    // would have its records read by the other one.
    lease.claimed
      .then(
        () =>
          queue
            .add(
              'run',
              { sealed: deps.seal.seal(job) },
              { jobId: runId, removeOnComplete: true, removeOnFail: 1_000 },
            )
            .catch((error: unknown) =>
              failRun(runId, `The run could not be queued: ${(error as Error).message}`),
            ),
        (error: unknown) => failRun(runId, (error as Error).message),
      )
      .catch((error: unknown) => deps.log(`queueing run ${runId} failed: ${(error as Error).message}`));
    return { runId, finished };
  }

  function cancel(runId: string): boolean {
    if (!remoteRuns.has(runId)) return deps.local.cancel(runId);
    void (async () => {
      const job = await queue.getJob(runId);
      const state = job === undefined ? 'unknown' : await job.getState();
      if (job !== undefined && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
        await job.remove();
        deps.hooks.runFinished({
          runId,
          status: 'cancelled',
          error: 'Cancelled.',
          message: null,
          finishedAt: new Date().toISOString(),
        });
        settle(runId, { runId, status: 'cancelled', error: 'Cancelled.', message: null, vars: {} });
        return;
      }
      await commands.publish(cancelChannel, runId);
    })().catch((error: unknown) => deps.log(`cancelling run ${runId} failed: ${(error as Error).message}`));
    return true;
  }

  async function reconcile(unfinished: readonly string[]): Promise<void> {
    const gone: string[] = [];
    for (const runId of unfinished) {
      const job = await queue.getJob(runId);
      const state = job === undefined ? 'missing' : await job.getState();
      if (state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized')
        remoteRuns.add(runId);
      else gone.push(runId);
    }
    if (gone.length === 0) return;
    // A job finished while this main was down is gone from the queue, but its records (its end
    // included, sent before the job completes) wait on the stream: write them, then judge.
    await streamReady;
    await stream?.drained();
    const lost = gone.filter((runId) => deps.isUnfinished(runId));
    if (lost.length > 0)
      deps.interrupt(lost, 'interrupted: its job was no longer on the queue when the server started');
  }

  async function status(): Promise<QueueStatus> {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    const keys = await commands.keys(`${workerKeyPrefix}*`);
    const entries = keys.length === 0 ? [] : await commands.mget(...keys);
    const workers = entries
      .flatMap((entry) => (entry === null ? [] : [JSON.parse(entry) as WorkerEntry]))
      .sort((a, b) => a.id.localeCompare(b.id));
    return {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      workers,
      problem: problem ?? null,
    };
  }

  return {
    start,
    cancel,
    status,
    reconcile,
    claimed: lease.claimed,
    ready: Promise.all([queue.waitUntilReady(), queueEvents.waitUntilReady(), streamReady]).then(
      () => undefined,
    ),
    dispose: async () => {
      isDisposed = true;
      await stream?.stop();
      await lease.release();
      // BullMQ's close waits for a connection it never made while Redis is away.
      await settledWithin(Promise.allSettled([queueEvents.close(), queue.close()]), 2_000);
      await closeConnection(commands);
    },
  };
}
