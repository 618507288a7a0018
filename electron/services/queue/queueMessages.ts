/**
 * What travels through Redis in queue mode, and under which keys. A run goes to the workers as a
 * BullMQ job (id = the run's id, so a run is queued once and taken by one worker at a time); what
 * the worker's engine tells its hooks comes back, in order, on one Redis stream the main reads
 * with a consumer group, so records sent while the main is down wait for it. Both are sealed
 * under the team's key (teamSeal.ts).
 */
import type { RateLimitWait } from '../../../shared/domain/rateLimitWait';
import type { ApiCallRecord } from '../db/repositories/apiCallRepository';
import type { StartRunInput } from '../engine/engine';
import type {
  FinishedRun,
  FinishedStep,
  QueuedRun,
  StartedStep,
  StepRef,
  WaitingStep,
} from '../engine/runHooks';
import type { RunSnapshot } from './runSnapshot';

/** The BullMQ queue of runs, and the prefix of every key queue mode writes. */
export const runQueueName = 'runs';
export const keyPrefix = 'rbd';
export const recordStreamKey = `${keyPrefix}:records`;
export const recordGroup = 'main';
/** Held by the one main that reads the record stream (mainLease.ts). */
export const mainLeaseKey = `${keyPrefix}:main`;
export const cancelChannel = `${keyPrefix}:cancel`;
/**
 * Set by the main when it cancels a run out on the queue, and read by the worker that takes the
 * run's job once its engine holds the run: a cancel published before then reaches no run there.
 */
export const cancelMarkKey = (runId: string) => `${keyPrefix}:cancelled:${runId}`;
export const workerKeyPrefix = `${keyPrefix}:workers:`;
/**
 * A value the main seals under its team key once it serves: a worker started with another key
 * cannot open it, and takes no run (each one it took would fail at once, however many).
 */
export const keyCheckKey = `${keyPrefix}:key-check`;
/** The channel on which the main tells a worker that a step's start record is on disk (or why not). */
export const commitAckChannel = (workerId: string) => `${keyPrefix}:ack:${workerId}`;

/** The main's answer to a `changingRequest`: 'ok', or why the request must not go. */
export interface CommitAck {
  runId: string;
  seq: number;
  answer: { ok: true } | { ok: false; error: string };
}

/** A run as a job carries it (sealed): how to start it, and what to run it with. */
export interface RunJob {
  input: Omit<StartRunInput, 'rehearsal' | 'pauseGate' | 'continued'> & { runId: string };
  snapshot: RunSnapshot;
}

/** One record from a worker, in the order its engine told its hooks. */
export type RunRecordMessage =
  | { kind: 'runQueued'; run: QueuedRun }
  | { kind: 'runStarted'; runId: string; startedAt: string; worker: string }
  | { kind: 'inputsPrepared'; runId: string; inputs: Record<string, unknown> }
  | { kind: 'stepStarted'; step: StartedStep }
  /** The running step's request waits for the rate limit (why), or no longer does (null). */
  | { kind: 'stepWaiting'; step: WaitingStep; wait: RateLimitWait | null }
  | { kind: 'stepFinished'; step: FinishedStep }
  | { kind: 'runFinished'; run: FinishedRun }
  | { kind: 'changingRequest'; step: StepRef; ancestors: StepRef[]; worker: string }
  | { kind: 'apiCall'; call: ApiCallRecord };

/** A worker's entry in the registry, refreshed while it lives. */
export interface WorkerEntry {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  running: number;
  /** Runs it has finished since it started. */
  done: number;
  startedAt: string;
  lastSeen: string;
}
