/**
 * A worker frozen past its job's lock (stopped by the system, swapped out, a VM paused) is taken
 * for dead: BullMQ fails its job as stalled and the main marks the run interrupted, which may then
 * be run again. Woken, the worker goes on with the run: the main must not let its request that
 * changes something go. Here the test takes the job as that worker does, fails it as BullMQ's
 * stalled check does, and asks for leave to send as the worker would. Real redis-server.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitForRun } from '../testSupport/runs';
import { queueConnectionOf } from './queueAddress';
import {
  commitAckChannel,
  keyPrefix,
  recordStreamKey,
  runQueueName,
  type CommitAck,
  type RunRecordMessage,
} from './queueMessages';
import { createTeamSeal } from './teamSeal';
import { startPostingMain, testTeamKey } from './testSupport/queueMain';
import { startRedisServer, type RedisServer } from './testSupport/redisServer';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);
afterAll(() => redis.stop());

describe('a run the main has ended', () => {
  it('gets no leave to send a changing request from a worker woken after its lock lapsed', async () => {
    // Any http(s) base URL: nothing is sent.
    const { main, api, runbookId } = await startPostingMain(redis, 'http://127.0.0.1:9');
    const seal = createTeamSeal(testTeamKey);
    const frozen = new Worker(runQueueName, null, {
      connection: queueConnectionOf(redis.url),
      prefix: keyPrefix,
    });
    const client = new Redis(redis.url);
    const listener = new Redis(redis.url);
    try {
      const answers: CommitAck[] = [];
      listener.on('message', (_channel: string, text: string) => answers.push(seal.open<CommitAck>(text)));
      await listener.subscribe(commitAckChannel('frozen-worker'));
      const { runId } = await api.call('runs.start', { runbookId, inputs: { id: '1' } });
      const job = await vi.waitFor(
        async () => {
          const taken = await frozen.getNextJob('frozen-token');
          if (taken === undefined) throw new Error('no job yet');
          return taken;
        },
        { timeout: 10_000 },
      );
      expect(job.id).toBe(runId);
      const startedAt = new Date().toISOString();
      const send = (record: RunRecordMessage) => client.xadd(recordStreamKey, '*', 'm', seal.seal(record));
      await send({ kind: 'runStarted', runId, startedAt, worker: 'frozen-worker' });
      // Its lock lapsed while it was frozen: failed as stalled, the run interrupted on the main.
      await job.moveToFailed(new Error('job stalled more than allowable limit'), 'frozen-token');
      expect(await waitForRun(main, runId, 10)).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('interrupted') as unknown,
      });

      // Woken, it reaches the POST and asks for leave to send it.
      const step = { runId, seq: 2, stepId: 'post', stepType: 'method', startedAt };
      await send({ kind: 'stepStarted', step });
      await send({
        kind: 'changingRequest',
        step: { runId, seq: 2 },
        ancestors: [],
        worker: 'frozen-worker',
      });
      await vi.waitFor(() => expect(answers).toHaveLength(1), { timeout: 10_000 });
      expect(answers[0]).toEqual({
        runId,
        seq: 2,
        answer: {
          ok: false,
          error: `This server had already ended run ${runId} when its worker, taken for stopped, asked to send this step's request: the run may have been run again since.`,
        },
      });
    } finally {
      client.disconnect();
      listener.disconnect();
      await frozen.close();
    }
  }, 60_000);
});
