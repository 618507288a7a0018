/**
 * Queue mode's throughput: the same webhook runs (Start → one GET → End against a local target)
 * delivered to one worker-less `serve`, and to a queue-mode main with 1, 2 and 3 worker
 * processes on Redis — all on this machine. Each figure is the time for a round of runs, from the
 * first delivery until every run is recorded as succeeded on the server, as a ratio to the
 * worker-less server's (lower is better). On 2 cores the workers share the cores with the main and
 * Redis, so the ratios say what the queue costs more than what it gains.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startRedisServer } from '../../electron/services/queue/testSupport/redisServer';
import {
  deliverWebhooks,
  publishWebhookRunbook,
  startQueueMain,
  startQueueWorker,
  type WorkerProcess,
} from '../e2e/support/queueProcesses';
import { callApi, repositoryRoot, startServe, type ServeProcess } from '../e2e/support/serveProcess';
import { referenceRatio, type BenchResult } from './benchResult';

const teamKey = 'bench-team-key';
const secret = 'bench-webhook-secret';
const runsPerRound = 400;
const rounds = 3;
const inFlight = 32;

async function succeededCount(server: ServeProcess, runbookId: string): Promise<number> {
  let count = 0;
  let after: { queuedAt: string; id: string } | undefined;
  for (let page = 0; page < 200; page += 1) {
    const runs = await callApi(server, 'runs.list', {
      runbookId,
      status: 'succeeded',
      limit: 500,
      ...(after === undefined ? {} : { after }),
    });
    count += runs.length;
    const last = runs.at(-1);
    if (runs.length < 500 || last === undefined) break;
    after = { queuedAt: last.queuedAt, id: last.id };
  }
  return count;
}

/** Milliseconds for `runs` deliveries to be recorded as succeeded runs. */
async function round(
  server: ServeProcess,
  runbook: { id: string; url: string },
  runs: number,
): Promise<number> {
  const before = await succeededCount(server, runbook.id);
  const started = performance.now();
  const values = Array.from({ length: runs }, (_, index) => String(index + 1));
  await deliverWebhooks(runbook.url, secret, values, inFlight);
  for (let polls = 0; polls < 6_000; polls += 1) {
    if ((await succeededCount(server, runbook.id)) >= before + runs) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the runs did not all succeed within 5 minutes');
}

async function measure(server: ServeProcess, targetUrl: string): Promise<number[]> {
  const runbook = await publishWebhookRunbook(server, {
    name: 'Throughput',
    targetUrl,
    pathPrefix: '/tickets',
    secret,
  });
  await round(server, runbook, 100);
  const times: number[] = [];
  for (let index = 0; index < rounds; index += 1) times.push(await round(server, runbook, runsPerRound));
  return times;
}

export async function benchQueue(): Promise<BenchResult[]> {
  const target = http.createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok": true}');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const targetUrl = `http://127.0.0.1:${String((target.address() as AddressInfo).port)}`;
  const redis = await startRedisServer();
  const directories: string[] = [];
  const dataDirectory = () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-bench-queue-'));
    directories.push(directory);
    return directory;
  };
  try {
    const single = await startServe({
      dataDirectory: dataDirectory(),
      env: { RUNBOOK_DESIGNER_KEY: teamKey },
      command: [process.execPath, path.join(repositoryRoot, 'dist', 'headless', 'cli.cjs'), 'serve'],
    });
    let singleTimes: number[];
    try {
      singleTimes = await measure(single, targetUrl);
    } finally {
      await single.stop();
    }
    const results: BenchResult[] = [];
    for (const workerCount of [1, 2, 3]) {
      const main = await startQueueMain(dataDirectory(), redis.url, teamKey);
      const workers: WorkerProcess[] = [];
      try {
        for (let index = 0; index < workerCount; index += 1)
          workers.push(await startQueueWorker(redis.url, teamKey, 8));
        const times = await measure(main, targetUrl);
        results.push(
          referenceRatio(
            `queue: ${String(runsPerRound)} webhook runs, main + ${String(workerCount)} worker(s) on Redis vs one worker-less server, time per round`,
            times,
            singleTimes,
            `queue with ${String(workerCount)} worker(s) vs single process`,
          ),
        );
      } finally {
        await Promise.all(workers.map((worker) => worker.stop()));
        await main.stop();
      }
    }
    return results;
  } finally {
    await redis.stop();
    target.close();
    for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
  }
}
