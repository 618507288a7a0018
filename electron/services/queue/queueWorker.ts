/**
 * `runbook-designer worker --queue redis://…`: takes runs from the queue and runs them with the
 * same engine as the main (workerRuntime.ts), sending every record back on the record stream.
 * A request that may change another system waits for the main's word that its step's start is
 * on disk, as it waits for the local disk in single-process mode. On SIGTERM it takes no new run
 * and finishes those it has (BullMQ's `close`); killed, its runs' locks lapse and the main marks
 * them interrupted.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { AppError } from '../../../shared/api/appError';
import { bullmqLibrary, ioredisLibrary } from './redisLibraries';
import {
  closeConnection,
  errorLogger,
  settledWithin,
  watchConnection,
  type QueueConnection,
} from './queueAddress';
import type { RunHooks } from '../engine/runHooks';
import type { KeyProvider } from '../secrets/keyProvider';
import {
  cancelChannel,
  cancelMarkKey,
  commitAckChannel,
  keyCheckKey,
  keyPrefix,
  recordStreamKey,
  runQueueName,
  workerKeyPrefix,
  type CommitAck,
  type RunJob,
  type RunRecordMessage,
  type WorkerEntry,
} from './queueMessages';
import type { TeamSeal } from './teamSeal';
import { createRedisRateLimiter } from './redisRateLimiter';
import { openWorkerRuntime, removeReplicas, type WorkerRuntime } from './workerRuntime';
import { createHistoryBudget } from '../runs/historyBudget';

export interface QueueWorkerOptions {
  connection: QueueConnection;
  seal: TeamSeal;
  dataDirectory: string;
  keyProvider: KeyProvider;
  concurrency: number;
  log(line: string): void;
}

export interface QueueWorker {
  id: string;
  ready: Promise<void>;
  /** Takes no new run, finishes those it has, then leaves the registry. */
  close(): Promise<void>;
}

const heartbeatMs = 5_000;
/** How long a changing request waits for the main to write its step's start. */
const commitWaitMs = 120_000;
/** Replicas of snapshots no run uses, kept for the next run of the same runbook. */
const idleRuntimesKept = 4;

/** How long a worker with no run in hand and no Redis waits for BullMQ to close. */
const idleCloseWaitMs = 2_000;

export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const id = `${os.hostname()}-${String(process.pid)}-${crypto.randomBytes(3).toString('hex')}`;
  const startedAt = new Date().toISOString();
  removeReplicas(options.dataDirectory);
  const sender = watchConnection(new (ioredisLibrary().Redis)(options.connection), 'the worker', options.log);
  // One limiter for every runtime of this worker, shared through Redis with the main and the others.
  const rateLimiter = createRedisRateLimiter({ connection: options.connection, log: options.log });
  const listener = watchConnection(
    new (ioredisLibrary().Redis)(options.connection),
    'the worker’s listener',
    options.log,
  );
  // The last record sent: a job completes only once its run's records are on the stream.
  let lastSent: Promise<unknown> = Promise.resolve();
  // A run stops once its records pass the bound, as in one process (sealed: a little more than kept).
  const history = createHistoryBudget();
  const send = (message: RunRecordMessage) => {
    const sealed = options.seal.seal(message);
    if (message.kind === 'stepFinished') history.add(message.step.runId, sealed.length);
    if (message.kind === 'runFinished') history.forget(message.run.runId);
    lastSent = sender
      .xadd(recordStreamKey, '*', 'm', sealed)
      .catch((error: unknown) => options.log(`a record could not be sent: ${(error as Error).message}`));
  };
  let runsDone = 0;
  const commits = new Map<string, (ack: CommitAck['answer']) => void>();
  const topRuns = new Set<string>();
  /** The step of each run whose wait for the rate limit was told the main: only its end is told. */
  const waitsTold = new Map<string, number>();
  const hooks: RunHooks = {
    // The run a job carries was recorded as queued by the main; its Run runbook children were not.
    runQueued: (run) => (topRuns.has(run.runId) ? undefined : send({ kind: 'runQueued', run })),
    runStarted: (runId, at) => send({ kind: 'runStarted', runId, startedAt: at, worker: id }),
    inputsPrepared: (runId, inputs) => send({ kind: 'inputsPrepared', runId, inputs }),
    stepStarted: (step) => send({ kind: 'stepStarted', step }),
    // Told "over" after every limited request here (the Redis limiter's places come as promises):
    // sent only when the wait was told, not once per request.
    stepWaiting: (step, wait) => {
      if (wait === null && waitsTold.get(step.runId) !== step.seq) return;
      if (wait === null) waitsTold.delete(step.runId);
      else waitsTold.set(step.runId, step.seq);
      send({ kind: 'stepWaiting', step, wait });
    },
    stepFinished: (step) => send({ kind: 'stepFinished', step }),
    runFinished: (run) => {
      waitsTold.delete(run.runId);
      send({ kind: 'runFinished', run });
    },
    stopBeforeStep: (runId, stepName) => history.stopReason(runId, stepName),
    beforeChangingRequest: (step, ancestors, signal) =>
      new Promise<void>((resolve, reject) => {
        const key = `${step.runId}:${String(step.seq)}`;
        const timer = setTimeout(
          () => settle({ ok: false, error: 'the main did not confirm the step start' }),
          commitWaitMs,
        );
        const onAbort = () => settle({ ok: false, error: 'Cancelled.' });
        function settle(answer: CommitAck['answer']) {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          commits.delete(key);
          // Refused, the step shows the main's reason (an AppError's message is kept).
          if (answer.ok) resolve();
          else reject(new AppError('conflict', answer.error));
        }
        signal.addEventListener('abort', onAbort, { once: true });
        commits.set(key, settle);
        send({ kind: 'changingRequest', step, ancestors: [...ancestors], worker: id });
      }),
  };

  /**
   * A run the main cancelled before this engine held it is cancelled now. Asked on the connection
   * the run's records go by, so the answer comes before the main could let any request of it go.
   */
  const cancelIfMarked = (engine: WorkerRuntime['engine'], runId: string) =>
    sender.exists(cancelMarkKey(runId)).then(
      (count) => count > 0 && engine.cancel(runId),
      (error: unknown) => options.log(`a run's cancel could not be read: ${(error as Error).message}`),
    );

  const runtimes = new Map<string, { runtime: WorkerRuntime; users: number }>();
  const runtimeFor = (job: RunJob) => {
    let entry = runtimes.get(job.snapshot.digest);
    if (entry === undefined) {
      const runtime = openWorkerRuntime({
        directory: options.dataDirectory,
        snapshot: job.snapshot,
        keyProvider: options.keyProvider,
        hooks,
        recordCall: (call) => send({ kind: 'apiCall', call }),
        rateLimiter,
        log: options.log,
      });
      entry = { runtime, users: 0 };
      runtimes.set(job.snapshot.digest, entry);
    }
    entry.users += 1;
    return entry;
  };
  const release = (digest: string) => {
    const entry = runtimes.get(digest);
    if (entry !== undefined) entry.users -= 1;
    const idle = [...runtimes].filter(([, each]) => each.users === 0);
    for (const [key, each] of idle.slice(0, Math.max(0, idle.length - idleRuntimesKept))) {
      runtimes.delete(key);
      each.runtime.dispose();
    }
  };

  const worker = new (bullmqLibrary().Worker)<{ sealed: string }>(
    runQueueName,
    async (job) => {
      const runJob = options.seal.open<RunJob>(job.data.sealed);
      const entry = runtimeFor(runJob);
      topRuns.add(runJob.input.runId);
      try {
        const run = entry.runtime.engine.start(runJob.input);
        void cancelIfMarked(entry.runtime.engine, run.runId);
        await run.finished;
        await lastSent;
        runsDone += 1;
      } finally {
        topRuns.delete(runJob.input.runId);
        release(runJob.snapshot.digest);
        void beat();
      }
    },
    {
      connection: options.connection,
      prefix: keyPrefix,
      concurrency: options.concurrency,
      // A run is never run twice: a job whose worker died fails, and the main marks its run interrupted.
      maxStalledCount: 0,
      lockDuration: 15_000,
      stalledInterval: 10_000,
      // Started once the key is known to be the team's (checkKey).
      autorun: false,
    },
  );
  worker.on('error', errorLogger('the worker’s queue', options.log));

  listener.on('message', (channel, text) => {
    if (channel === cancelChannel) {
      for (const { runtime } of runtimes.values()) runtime.engine.cancel(text);
      return;
    }
    try {
      const ack = options.seal.open<CommitAck>(text);
      commits.get(`${ack.runId}:${String(ack.seq)}`)?.(ack.answer);
    } catch (error) {
      options.log((error as Error).message);
    }
  });
  const registryKey = `${workerKeyPrefix}${id}`;
  const beat = () => {
    const entry: WorkerEntry = {
      id,
      host: os.hostname(),
      pid: process.pid,
      concurrency: options.concurrency,
      running: topRuns.size,
      done: runsDone,
      startedAt,
      lastSeen: new Date().toISOString(),
    };
    return sender.set(registryKey, JSON.stringify(entry), 'PX', heartbeatMs * 3).catch(() => undefined);
  };
  const heartbeat = setInterval(() => void beat(), heartbeatMs);
  /** Rejects when the main serving this Redis sealed its check under another key. */
  const checkKey = async () => {
    const sealed = await sender.get(keyCheckKey);
    if (sealed === null) return; // No main has served this Redis yet.
    try {
      options.seal.open(sealed);
    } catch {
      throw new AppError(
        'secrets_key_mismatch',
        'This worker was started with another RUNBOOK_DESIGNER_KEY than the server that queues the runs, ' +
          'so it could open none of them: it takes no run. Start it with the same key as the server.',
      );
    }
  };
  const ready = Promise.all([
    listener.subscribe(cancelChannel, commitAckChannel(id)),
    worker.waitUntilReady(),
    rateLimiter.ready,
    beat(),
    checkKey(),
  ]).then(() => {
    worker.run().catch((error: unknown) => options.log(`the worker stopped: ${(error as Error).message}`));
  });

  return {
    id,
    ready,
    close: async () => {
      clearInterval(heartbeat);
      // Runs in hand are finished first (BullMQ waits for them). With none and Redis away, the
      // wait is bounded: BullMQ would wait for ever for a connection it cannot make.
      if (topRuns.size === 0 && sender.status !== 'ready')
        await settledWithin(worker.close(), idleCloseWaitMs);
      else await worker.close();
      if (sender.status === 'ready') await settledWithin(sender.del(registryKey), 1_000);
      for (const { runtime } of runtimes.values()) runtime.dispose();
      runtimes.clear();
      await rateLimiter.dispose();
      listener.disconnect();
      await closeConnection(sender);
    },
  };
}
