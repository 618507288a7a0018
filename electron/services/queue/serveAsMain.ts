/** Whether this main serves the queue: its lease on Redis and, once held, the record stream it reads; apart from the engine that queues runs. */
import type { Redis } from 'ioredis';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import type { RunHooks } from '../engine/runHooks';
import { claimMainLease } from './mainLease';
import type { QueueConnection } from './queueAddress';
import { commitAckChannel } from './queueMessages';
import { readRecordStream, type RecordStream } from './recordStream';
import type { RemoteRuns } from './remoteRuns';
import type { TeamSeal } from './teamSeal';

export interface ServeAsMainDependencies {
  connection: QueueConnection;
  seal: TeamSeal;
  hooks: RunHooks;
  /** Publishes a worker's commit acknowledgements. */
  commands: Pick<Redis, 'publish'>;
  /** The runs this main put out on workers: settled by their ends, interrupted if the lease is lost. */
  remoteRuns: RemoteRuns;
  /** Whether the database holds the run: records of runs it does not are another main's. */
  holdsRun(runId: string): boolean;
  /** Whether the run is still queued or running in the database. */
  isUnfinished(runId: string): boolean;
  recordCall(call: ApiCallRecord): void;
  log(line: string): void;
}

export interface MainService {
  /**
   * Settles once this main holds the lease on Redis (mainLease.ts); rejects, saying who holds it,
   * when another main serves this Redis.
   */
  claimed: Promise<void>;
  /** Settles once the lease is held and the record stream is read. */
  streamReady: Promise<void>;
  /** Why runs are not queued here (another main holds the lease), or undefined while this one serves. */
  problem(): string | undefined;
  /** Settles once the stream is read and every record sent before the call has been written. */
  drained(): Promise<void>;
  /** Stops reading and gives the lease up. */
  dispose(): Promise<void>;
}

export function serveAsMain(deps: ServeAsMainDependencies): MainService {
  const { remoteRuns } = deps;
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
      remoteRuns.interrupt(
        remoteRuns.ids(),
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
      isUnfinished: deps.isUnfinished,
      recordCall: deps.recordCall,
      acknowledge: (worker, ack) =>
        deps.commands.publish(commitAckChannel(worker), deps.seal.seal(ack)).then(() => undefined),
      onRunFinished: (run) =>
        remoteRuns.settle(run.runId, {
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

  return {
    claimed: lease.claimed,
    streamReady,
    problem: () => problem,
    drained: async () => {
      await streamReady;
      await stream?.drained();
    },
    dispose: async () => {
      isDisposed = true;
      await stream?.stop();
      await lease.release();
    },
  };
}
