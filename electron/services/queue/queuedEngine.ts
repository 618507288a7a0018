/**
 * The main's engine in queue mode: the same `Engine` the services start runs on, but a run is
 * recorded as queued here and put on the BullMQ queue for a worker, whose records come back on
 * the record stream and are written through the same run hooks as a local run's (so run history,
 * events and the window do not know the difference). Rehearsals (dry runs, pinned runs, replays)
 * are designer work on this machine's drafts and run on the local engine. The lease and the record
 * stream are serveAsMain.ts, the runs out on workers remoteRuns.ts, a queued run's record and job
 * queuedRun.ts, the status queueStatus.ts; this module queues, cancels and takes up runs.
 */
import { AppError } from '../../../shared/api/appError';
import {
  closeConnection,
  errorLogger,
  settledWithin,
  watchConnection,
  type QueueConnection,
} from './queueAddress';
import type { Engine, RunResult, StartRunInput } from '../engine/engine';
import type { RunHooks } from '../engine/runHooks';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import {
  cancelChannel,
  cancelMarkKey,
  keyCheckKey,
  keyPrefix,
  runQueueName,
  type RunJob,
} from './queueMessages';
import { isJobNotTaken, isJobOnQueue, queuedRecordOf, runJobOf } from './queuedRun';
import { readQueueStatus, type QueueStatus } from './queueStatus';
import { createRemoteRuns } from './remoteRuns';
import { serveAsMain } from './serveAsMain';
import type { RunSnapshot } from './runSnapshot';
import type { TeamSeal } from './teamSeal';
import { newRunId } from '../../../shared/domain/runId';
import { bullmqLibrary, ioredisLibrary } from './redisLibraries';

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

export type { QueueStatus } from './queueStatus';

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

/** How long a cancel's mark waits for a worker to take the run's job (one queued while Redis was away). */
const cancelMarkMs = 24 * 60 * 60 * 1_000;

export function createQueuedEngine(deps: QueuedEngineDependencies): QueuedEngine {
  const queue = new (bullmqLibrary().Queue)<{ sealed: string }, void, 'run'>(runQueueName, {
    connection: deps.connection,
    prefix: keyPrefix,
  });
  const queueEvents = new (bullmqLibrary().QueueEvents)(runQueueName, {
    connection: deps.connection,
    prefix: keyPrefix,
  });
  const commands = watchConnection(new (ioredisLibrary().Redis)(deps.connection), 'the main', deps.log);
  // Without a listener, each of their errors is printed whole, several a second while Redis is away.
  queue.on('error', errorLogger('the run queue', deps.log));
  queueEvents.on('error', errorLogger('the run queue’s events', deps.log));
  const remoteRuns = createRemoteRuns({ hooks: deps.hooks, interrupt: deps.interrupt });
  const failRun = (runId: string, error: string) => {
    remoteRuns.endHere(runId, 'failed', error);
  };

  const main = serveAsMain({
    connection: deps.connection,
    seal: deps.seal,
    hooks: deps.hooks,
    commands,
    remoteRuns,
    holdsRun: deps.holdsRun,
    isUnfinished: deps.isUnfinished,
    recordCall: deps.recordCall,
    log: deps.log,
  });

  // Workers check their key against it before they take a run.
  const keyCheckWritten = main.claimed
    .then(() => commands.set(keyCheckKey, deps.seal.seal({ team: 'runbook-designer' })))
    .then(
      () => undefined,
      () => undefined,
    );

  // A worker killed mid-run: its job's lock lapses, BullMQ fails it as stalled, and the run is
  // interrupted here as the single-process app does at start (the step that may have been sent says so).
  queueEvents.on('failed', ({ jobId, failedReason }) => {
    if (!remoteRuns.has(jobId)) return;
    remoteRuns.interrupt([jobId], `interrupted: the worker running it stopped (${failedReason})`);
  });

  function start(input: StartRunInput): { runId: string; finished: Promise<RunResult> } {
    // Debug runs, runs taken up again after an approval, and what `runsHere` keeps (rehearsals,
    // runbooks that may wait for one) stay here: they need this machine's pins, its window or
    // its approvals' state. A designer run without pins is sent as it is: a worker runs it.
    if (input.pauseGate !== undefined || input.continued !== undefined || deps.runsHere(input))
      return deps.local.start(input);
    const problem = main.problem();
    if (problem !== undefined) throw new AppError('conflict', problem);
    const runId = input.runId ?? newRunId();
    if (remoteRuns.has(runId))
      throw new AppError('conflict', 'A run with this id is already going; give a new id.', 'runId');
    deps.hooks.runQueued(queuedRecordOf(input, runId, new Date().toISOString()));
    const finished = remoteRuns.add(runId);
    let job: RunJob;
    try {
      job = runJobOf(input, runId, deps.snapshotOf(input));
    } catch (error) {
      failRun(runId, `The run could not be prepared for a worker: ${(error as Error).message}`);
      return { runId, finished };
    }
    // Queued only once this main holds the lease: a run queued by a main that is then refused
    // would have its records read by the other one.
    main.claimed
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
    cancelRemote(runId).catch((error: unknown) =>
      deps.log(`cancelling run ${runId} failed: ${(error as Error).message}`),
    );
    return true;
  }

  /**
   * Takes the run's job off the queue if no worker has it, else tells the workers. Marked first:
   * a worker taking the job between the two (its removal then fails, the job locked) or holding
   * it before its engine starts the run hears no published cancel, but reads the mark.
   */
  async function cancelRemote(runId: string): Promise<void> {
    await commands.set(cancelMarkKey(runId), '1', 'PX', cancelMarkMs);
    const job = await queue.getJob(runId);
    const state = job === undefined ? 'unknown' : await job.getState();
    const isRemoved =
      job !== undefined &&
      isJobNotTaken(state) &&
      (await job.remove().then(
        () => true,
        () => false,
      ));
    if (isRemoved) remoteRuns.endHere(runId, 'cancelled', 'Cancelled.');
    else await commands.publish(cancelChannel, runId);
  }

  async function reconcile(unfinished: readonly string[]): Promise<void> {
    const gone: string[] = [];
    for (const runId of unfinished) {
      const job = await queue.getJob(runId);
      const state = job === undefined ? 'missing' : await job.getState();
      if (isJobOnQueue(state)) remoteRuns.track(runId);
      else gone.push(runId);
    }
    if (gone.length === 0) return;
    // A job finished while this main was down is gone from the queue, but its records (its end
    // included, sent before the job completes) wait on the stream: write them, then judge.
    await main.drained();
    const lost = gone.filter((runId) => deps.isUnfinished(runId));
    if (lost.length > 0)
      deps.interrupt(lost, 'interrupted: its job was no longer on the queue when the server started');
  }

  return {
    start,
    cancel,
    status: () => readQueueStatus(queue, commands, main.problem),
    reconcile,
    claimed: main.claimed,
    ready: Promise.all([
      queue.waitUntilReady(),
      queueEvents.waitUntilReady(),
      main.streamReady,
      keyCheckWritten,
    ]).then(() => undefined),
    dispose: async () => {
      await main.dispose();
      // BullMQ's close waits for a connection it never made while Redis is away.
      await settledWithin(Promise.allSettled([queueEvents.close(), queue.close()]), 2_000);
      await closeConnection(commands);
    },
  };
}
