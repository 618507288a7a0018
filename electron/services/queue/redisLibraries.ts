/**
 * BullMQ and ioredis, loaded the first time queue mode needs them. Imported at the top of the
 * queue's modules, both were evaluated at every start of the app, `serve` and the CLI — about
 * 50 ms of start-up (measured on `cli --help`: bullmq 29 ms, ioredis 22 ms) — though most starts
 * never use a queue. A `require` inside the function keeps them out of the start: the shells'
 * bundles evaluate a bundled module when it is first required, and the test runner gives
 * `require` too.
 */
import type * as BullMq from 'bullmq';
import type * as IoRedis from 'ioredis';

let bullmq: typeof BullMq | undefined;
let ioredis: typeof IoRedis | undefined;

/** BullMQ's Queue, QueueEvents and Worker. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first used, see above
export const bullmqLibrary = (): typeof BullMq => (bullmq ??= require('bullmq') as typeof BullMq);

/** ioredis' Redis client. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first used, see above
export const ioredisLibrary = (): typeof IoRedis => (ioredis ??= require('ioredis') as typeof IoRedis);
