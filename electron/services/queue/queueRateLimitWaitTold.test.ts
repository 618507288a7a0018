/**
 * Queue mode with real parts (redis-server on 127.0.0.1, a main, a worker, a local API allowing
 * one request a minute): a run's step waiting on the worker for the shared limit is told by the
 * main's runs.stepWaiting while it waits, and Cancel on the main ends it with nothing sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventMessage } from '../../../shared/api/contract';
import { createMasterKeyProvider } from '../secrets/masterKeyProvider';
import { limitedPingRunbook, limits, useLimitedApis } from '../testSupport/limitedApi';
import { waitForRun } from '../testSupport/runs';
import { startBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { queueConnectionOf } from './queueAddress';
import { startQueueWorker, type QueueWorker } from './queueWorker';
import { createTeamSeal } from './teamSeal';
import { startRedisServer, type RedisServer } from './testSupport/redisServer';

const teamKey = 'team-key-for-wait-tests';
const localApi = useLimitedApis();
let redis: RedisServer;
let worker: QueueWorker | undefined;

beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);

afterAll(async () => {
  await worker?.close();
  await redis.stop();
});

/** Waits until `isThere` holds, at most 20 s. */
async function eventually(isThere: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 400 && !isThere(); attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (!isThere()) throw new Error('not within 20 s');
}

describe('a worker’s run whose step waits for the shared rate limit', () => {
  it('is told on the main while it waits, and Cancel there ends it with nothing sent', async () => {
    const target = await localApi();
    const main = startBackend(temporaryDirectory(), teamKey, {
      queue: { address: redis.url, connection: queueConnectionOf(redis.url), seal: createTeamSeal(teamKey) },
    });
    await main.queue?.ready;
    const told: { message: ApiEventMessage; seen: number }[] = [];
    main.events.onDidEmit((message) => told.push({ message, seen: target.arrivals.length }));
    const dataDirectory = temporaryDirectory();
    worker = startQueueWorker({
      connection: queueConnectionOf(redis.url),
      seal: createTeamSeal(teamKey),
      dataDirectory,
      keyProvider: createMasterKeyProvider({ dataDirectory, environmentKey: teamKey }),
      concurrency: 1,
      log: () => undefined,
    });
    const { api, integrationId, method, methodDefinition, runbookId } = await limitedPingRunbook(main, {
      baseUrl: target.url,
      behaviour: { rateLimits: limits({ requestsPerMinute: 1 }) },
    });
    // The minute's one request, from the main's Test: the worker's run waits for it.
    const first = await api.call('methods.test', {
      integrationId,
      methodId: method.id,
      definition: methodDefinition,
    });
    expect(first.response?.status).toBe(200);

    const { runId } = await api.call('runs.start', { runbookId, inputs: {} });
    const waits = () =>
      told.flatMap(({ message, seen }) =>
        message.name === 'runs.stepWaiting' && message.payload.runId === runId
          ? [{ ...message.payload, seen }]
          : [],
      );
    await eventually(() => waits().length > 0);
    expect(waits()[0]).toMatchObject({
      wait: { kind: 'limit', integrationName: 'Limited API', limits: { requestsPerMinute: 1 } },
      seen: 1,
    });

    await api.call('runs.cancel', { id: runId });
    expect((await waitForRun(main, runId, 20)).status).toBe('cancelled');
    expect(target.arrivals).toHaveLength(1);
  }, 60_000);
});
