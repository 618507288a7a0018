/**
 * What the queue tests of one file share: a real redis-server and a local API that answers 200
 * and records `METHOD /path` of each request, started before the file's tests and stopped after.
 */
import http from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { listen, type LocalServer } from '../../http/testSupport/localServers';
import { startRedisServer, type RedisServer } from './redisServer';

export interface QueueTestBed {
  redis: RedisServer;
  target: LocalServer;
  /** `METHOD /path` of every request the API received, in order. */
  received: string[];
}

export function useQueueTestBed(): QueueTestBed {
  const bed = { received: [] as string[] } as QueueTestBed;
  beforeAll(async () => {
    bed.redis = await startRedisServer();
    bed.target = await listen(
      http.createServer((request, response) => {
        bed.received.push(`${request.method ?? ''} ${request.url ?? ''}`);
        request.resume();
        request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
      }),
    );
  }, 30_000);
  afterAll(async () => {
    await bed.redis.stop();
    await bed.target.close();
  });
  return bed;
}
