/**
 * The main's side of the record stream: reads what workers' engines told their hooks, in order,
 * and hands it to the main's own run hooks (which write run history and publish events) and call
 * log. Read through a consumer group and acknowledged only once handed on, so records sent while
 * the main was down, or read but not yet written when it stopped, are read again when it starts.
 */
import { ioredisLibrary } from './redisLibraries';
import { settledWithin, watchConnection, type QueueConnection } from './queueAddress';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import type { FinishedRun, RunHooks } from '../engine/runHooks';
import { recordGroup, recordStreamKey, type CommitAck, type RunRecordMessage } from './queueMessages';
import type { TeamSeal } from './teamSeal';

export interface RecordStreamDependencies {
  connection: QueueConnection;
  seal: TeamSeal;
  hooks: RunHooks;
  /**
   * Whether this main's database holds the run. A worker may still be running a run queued by a
   * main that lost its lease: its records come here, where they have no run to belong to.
   */
  holdsRun(runId: string): boolean;
  /**
   * Whether the run is still queued or running here. One this main ended meanwhile (interrupted
   * when its worker's lock lapsed, its worker only frozen) may have been run again since.
   */
  isUnfinished(runId: string): boolean;
  recordCall(call: ApiCallRecord): void;
  /** Tells a worker that a step's start is on disk, or why its request must not go. */
  acknowledge(worker: string, ack: CommitAck): Promise<void>;
  onRunFinished(run: FinishedRun): void;
  log(line: string): void;
}

const batch = 200;
const blockMs = 1_000;
/** Runs remembered as this main's, or as not: enough for every run going at once. */
const rememberedRuns = 10_000;

type StreamReply = [string, [string, string[]][]][] | null;

/** Starts reading; `stop` ends the loop after the batch in hand. */
export interface RecordStream {
  ready: Promise<void>;
  /** Settles once every record sent before the call has been handed on. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

export function readRecordStream(deps: RecordStreamDependencies): RecordStream {
  const reader = watchConnection(
    new (ioredisLibrary().Redis)(deps.connection),
    'the record stream',
    deps.log,
  );
  let isStopped = false;
  /** A batch read is being handed on (written, then acknowledged). */
  let isHanding = false;
  const createGroup = () =>
    reader
      .xgroup('CREATE', recordStreamKey, recordGroup, '0', 'MKSTREAM')
      .catch((error: unknown) => {
        if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
      })
      .then(() => undefined);
  const ready = createGroup();

  /** Runs this main holds (asked once each), and runs whose records were set aside (told once). */
  const held = new Set<string>();
  const foreign = new Set<string>();
  const remember = (runs: Set<string>, runId: string) => {
    if (runs.size >= rememberedRuns) runs.delete(runs.values().next().value as string);
    runs.add(runId);
  };
  const isHeld = (runId: string) => {
    if (held.has(runId)) return true;
    if (!deps.holdsRun(runId)) return false;
    remember(held, runId);
    return true;
  };
  /**
   * A record of a run this main does not hold is set aside, saying so once: written, it would fail
   * on every row; a request it asks leave for is refused, since nothing here could record it.
   */
  const setAside = async (runId: string, message: RunRecordMessage) => {
    if (!foreign.has(runId)) {
      remember(foreign, runId);
      deps.log(
        `records of run ${runId} are set aside: this server's database holds no such run (another server queued it, or it was deleted)`,
      );
    }
    if (message.kind === 'changingRequest') {
      const error = `This server holds no record of run ${runId}, so this step's request was not sent.`;
      await deps.acknowledge(message.worker, { runId, seq: message.step.seq, answer: { ok: false, error } });
    }
  };

  /** Writes the step's start and lets the worker send, or tells it why not. */
  const answerChangingRequest = async (
    message: Extract<RunRecordMessage, { kind: 'changingRequest' }>,
  ): Promise<void> => {
    const { runId, seq } = message.step;
    // Its run, or a run it is a sub-runbook's run of, may have been ended here meanwhile.
    const ended = [runId, ...message.ancestors.map((ancestor) => ancestor.runId)].find(
      (each) => !deps.isUnfinished(each),
    );
    if (ended !== undefined) {
      const error = `This server had already ended run ${ended} when its worker, taken for stopped, asked to send this step's request: the run may have been run again since.`;
      return deps.acknowledge(message.worker, { runId, seq, answer: { ok: false, error } });
    }
    try {
      await deps.hooks.beforeChangingRequest(message.step, message.ancestors, AbortSignal.timeout(60_000));
      await deps.acknowledge(message.worker, { runId, seq, answer: { ok: true } });
    } catch (error) {
      const answer = { ok: false as const, error: (error as Error).message };
      await deps.acknowledge(message.worker, { runId, seq, answer });
    }
  };

  const apply = async (message: RunRecordMessage) => {
    const runId = runIdOf(message);
    if (runId !== null && message.kind !== 'runQueued' && !isHeld(runId)) return setAside(runId, message);
    if (message.kind === 'runFinished') held.delete(message.run.runId);
    switch (message.kind) {
      case 'runQueued':
        // A run that a worker's run started (a sub-runbook's): its row is written here.
        deps.hooks.runQueued(message.run);
        return remember(held, message.run.runId);
      case 'runStarted':
        return deps.hooks.runStarted(message.runId, message.startedAt);
      case 'inputsPrepared':
        return deps.hooks.inputsPrepared(message.runId, message.inputs);
      case 'stepStarted':
        return deps.hooks.stepStarted(message.step);
      case 'stepWaiting':
        return deps.hooks.stepWaiting?.(message.step, message.wait);
      case 'stepFinished':
        return deps.hooks.stepFinished(message.step);
      case 'runFinished':
        deps.hooks.runFinished(message.run);
        return deps.onRunFinished(message.run);
      case 'apiCall':
        return deps.recordCall(message.call);
      case 'changingRequest':
        return answerChangingRequest(message);
    }
  };

  const readFrom = async (cursor: '0' | '>') => {
    const reply = (await reader.xreadgroup(
      'GROUP',
      recordGroup,
      'main',
      'COUNT',
      batch,
      'BLOCK',
      blockMs,
      'STREAMS',
      recordStreamKey,
      cursor,
    )) as StreamReply;
    const entries = reply?.[0]?.[1] ?? [];
    isHanding = true;
    try {
      const handed: string[] = [];
      for (const [id, fields] of entries) {
        // Closing: what is not handed on stays unacknowledged and is read again at the next start.
        if (isStopped) break;
        try {
          await apply(deps.seal.open<RunRecordMessage>(fields[1] ?? ''));
        } catch (error) {
          deps.log(`a record from a worker could not be written: ${(error as Error).message}`);
        }
        handed.push(id);
      }
      // One round trip for the batch: acknowledged (and removed) once handed on.
      if (handed.length > 0)
        await reader
          .multi()
          .xack(recordStreamKey, recordGroup, ...handed)
          .xdel(recordStreamKey, ...handed)
          .exec();
    } finally {
      isHanding = false;
    }
    return entries.length;
  };

  // Waiters for the stream to be read to its end (reconcile: records a worker sent while this
  // main was down are written before its runs are judged lost).
  let drainWaiters: (() => void)[] = [];
  const loop = (async () => {
    await ready;
    while (!isStopped) {
      try {
        // First what was read but not acknowledged before a restart, then what is new.
        while (!isStopped && (await readFrom('0')) > 0);
        while (!isStopped) {
          const waiters = drainWaiters;
          drainWaiters = [];
          const count = await readFrom('>');
          if (count < batch) for (const resolve of waiters) resolve();
          else drainWaiters.push(...waiters);
        }
      } catch (error) {
        // Redis restarted or unreachable: ioredis reconnects; read again after a pause.
        if (isStopped) break;
        deps.log(`the record stream paused: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        // Redis came back without the stream (no append-only file, or emptied): made again, or
        // no record would ever be read again.
        if (String((error as Error).message).includes('NOGROUP')) await createGroup().catch(() => undefined);
      }
    }
  })();

  return {
    ready,
    drained: () => new Promise<void>((resolve) => drainWaiters.push(resolve)),
    stop: async () => {
      isStopped = true;
      for (const resolve of drainWaiters.splice(0)) resolve();
      // A batch in hand is finished first. A read still waiting for records is not: the
      // connection goes at once, or it would go on taking records for up to a second after the
      // stop, records another main started meanwhile waits for (a record Redis hands it as it
      // goes stays pending, and is read again at the next start).
      if (isHanding) await settledWithin(loop, blockMs + 500);
      reader.disconnect();
      await settledWithin(loop, 500);
    },
  };
}

/** The run a record belongs to (a call made outside any run has none). */
function runIdOf(message: RunRecordMessage): string | null {
  switch (message.kind) {
    case 'runQueued':
      return message.run.runId;
    case 'runStarted':
    case 'inputsPrepared':
      return message.runId;
    case 'stepStarted':
    case 'stepWaiting':
    case 'stepFinished':
    case 'changingRequest':
      return message.step.runId;
    case 'runFinished':
      return message.run.runId;
    case 'apiCall':
      return message.call.runId;
  }
}
