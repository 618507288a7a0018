/**
 * The contract's calls for queue mode (a team's server with workers on Redis). Kept beside
 * contract.ts, which lists them with every other call.
 */
import { z } from 'zod';

export const queueWorkerSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  concurrency: z.number().int(),
  running: z.number().int(),
  done: z.number().int(),
  startedAt: z.string(),
  lastSeen: z.string(),
});
export type QueueWorkerInfo = z.infer<typeof queueWorkerSchema>;

export const queueStatusSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('single') }),
  z.object({
    mode: z.literal('queue'),
    /** The Redis address, its password hidden. */
    address: z.string(),
    waiting: z.number().int(),
    active: z.number().int(),
    delayed: z.number().int(),
    failed: z.number().int(),
    workers: z.array(queueWorkerSchema),
    /**
     * Why this server queues no runs: another server holds this Redis (it was refused at the
     * start, or lost its lease to one later). Null while it serves the queue.
     */
    problem: z.string().nullable(),
  }),
]);
export type QueueStatusInfo = z.infer<typeof queueStatusSchema>;

export const queueCalls = {
  'queue.status': {
    description:
      'Where runs run: "single" (this process) or "queue" — the queue’s depth (waiting, active, delayed, failed) and the workers taking its runs (host, concurrency, runs in progress and done, last seen), and why it queues no runs if another server holds this Redis.',
    input: z.object({}),
    output: queueStatusSchema,
  },
} as const;
