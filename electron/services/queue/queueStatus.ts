/** What the queue holds and who works on it, for the API and the Settings panel: read apart from the engine that queues. */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { workerKeyPrefix, type WorkerEntry } from './queueMessages';

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

/** The workers' registry entries (a lapsed one reads as null), sorted by id. */
export function workersOf(entries: readonly (string | null)[]): WorkerEntry[] {
  return entries
    .flatMap((entry) => (entry === null ? [] : [JSON.parse(entry) as WorkerEntry]))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Reads the queue's counts and the workers' registry; `problemNow` says why this main queues
 * nothing, asked once they are read (the lease may be lost meanwhile).
 */
export async function readQueueStatus(
  queue: Pick<Queue, 'getJobCounts'>,
  commands: Pick<Redis, 'keys' | 'mget'>,
  problemNow: () => string | undefined,
): Promise<QueueStatus> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
  const keys = await commands.keys(`${workerKeyPrefix}*`);
  const entries = keys.length === 0 ? [] : await commands.mget(...keys);
  return {
    waiting: counts.waiting ?? 0,
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    workers: workersOf(entries),
    problem: problemNow() ?? null,
  };
}
