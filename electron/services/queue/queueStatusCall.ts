/**
 * The `queue.status` call: "single" when runs run in this process, else where the queue is and
 * its state (depth, workers, and why it queues nothing if another main holds the lease).
 */
import type { QueueStatusInfo } from '../../../shared/api/queueCalls';
import type { QueuedEngine } from './queuedEngine';

/**
 * `queued` and `address` are absent outside queue mode; `address` is the Redis address with its
 * password hidden.
 */
export function createQueueStatusCall(
  queued: Pick<QueuedEngine, 'status'> | undefined,
  address: string | undefined,
): () => Promise<QueueStatusInfo> {
  return async () =>
    queued === undefined || address === undefined
      ? { mode: 'single' }
      : { mode: 'queue', address, ...(await queued.status()) };
}
