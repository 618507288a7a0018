/**
 * Queue mode with every part real and separate: Debian's redis-server (append-only file on),
 * the built command line as the main and as worker processes, webhook deliveries signed as a
 * sender signs them, a local HTTP target counting what it receives. Five thousand deliveries
 * over three workers, none lost and none run twice; a worker killed mid-run; a worker stopped
 * with SIGTERM; the main restarted during runs; Redis killed with runs queued.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../shared/api/contract';
import { startRedisServer, type RedisServer } from '../../electron/services/queue/testSupport/redisServer';
import { queueConnectionOf } from '../../electron/services/queue/queueAddress';
import { mainLeaseKey } from '../../electron/services/queue/queueMessages';
import { Redis } from 'ioredis';
import { launchChromium, screenshotDirectory } from './support/browser';
import type { RateLimits } from '../../shared/domain/rateLimits';
import {
  cli,
  deliverWebhooks,
  publishWebhookRunbook,
  startQueueMain,
  startQueueWorker,
  type WorkerProcess,
} from './support/queueProcesses';
import { callApi, type ServeProcess } from './support/serveProcess';

const teamKey = 'team-key-queue-e2e-41c9';
const webhookSecret = 'whsec-queue-e2e';
const slowMs = 1_500;

let redis: RedisServer;
let target: http.Server;
let targetUrl = '';
/** Requests received, by path. */
const received = new Map<string, number>();
/** Every request's path and arrival (ms since the epoch). */
const arrivals: { url: string; at: number }[] = [];
/** The first request to this path is answered 429 with Retry-After; when it was (ms since the epoch). */
const throttledFirst = '/throttled/1';
/** Answers of `/held/…` requests, kept until a test lets them go. */
const held: (() => void)[] = [];
const retryAfterSeconds = 2;
let throttledAt = 0;
const started: { mains: ServeProcess[]; workers: WorkerProcess[]; directories: string[] } = {
  mains: [],
  workers: [],
  directories: [],
};

beforeAll(async () => {
  redis = await startRedisServer({ appendOnly: true });
  target = http.createServer((request, response) => {
    const url = request.url ?? '';
    received.set(url, (received.get(url) ?? 0) + 1);
    // Wall-clock time, as Redis's clock the shared limiter counts by.
    arrivals.push({ url, at: Date.now() });
    const answer = () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok": true}');
    };
    if (url.startsWith('/slow/')) setTimeout(answer, slowMs);
    else if (url.startsWith('/held/')) held.push(answer);
    else if (url === throttledFirst && received.get(url) === 1) {
      response.writeHead(429, { 'retry-after': String(retryAfterSeconds) });
      response.end();
      throttledAt = Date.now();
    } else answer();
  });
  target.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${String((target.address() as AddressInfo).port)}`;
}, 60_000);

afterEach(async () => {
  await Promise.all(started.workers.splice(0).map((worker) => worker.kill()));
  await Promise.all(started.mains.splice(0).map((main) => main.kill()));
  for (const directory of started.directories.splice(0))
    fs.rmSync(directory, { recursive: true, force: true });
});

afterAll(async () => {
  await redis.stop();
  target.close();
});

const dataDirectory = () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-queue-main-'));
  started.directories.push(directory);
  return directory;
};
const main = async (directory = dataDirectory()) => {
  const process = await startQueueMain(directory, redis.url, teamKey);
  started.mains.push(process);
  return process;
};
const worker = async (concurrency: number) => {
  const process = await startQueueWorker(redis.url, teamKey, concurrency);
  started.workers.push(process);
  return process;
};
const forget = (process: WorkerProcess | ServeProcess) => {
  for (const list of [started.workers, started.mains] as unknown[][]) {
    const index = list.indexOf(process);
    if (index >= 0) list.splice(index, 1);
  }
};

/** A published runbook whose webhook maps `n` and GETs `<pathPrefix>/<n>`. */
const publishRunbook = (
  server: ServeProcess,
  name: string,
  pathPrefix: string,
  rateLimits?: Partial<RateLimits>,
) =>
  publishWebhookRunbook(server, {
    name,
    targetUrl,
    pathPrefix,
    secret: webhookSecret,
    ...(rateLimits === undefined ? {} : { rateLimits }),
  });

/** Delivers `n` for each of `values`, `inFlight` at a time; answers the run ids. */
const deliver = (runbook: { url: string }, values: string[], inFlight = 1) =>
  deliverWebhooks(runbook.url, webhookSecret, values, inFlight);

/** Polls (bounded) until `check` holds; fails with what it last saw. */
async function until<T>(
  what: string,
  read: () => Promise<T>,
  check: (value: T) => boolean,
  seconds: number,
): Promise<T> {
  let last: T | undefined;
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline;) {
    last = await read();
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${what} did not happen within ${String(seconds)} s; last seen: ${JSON.stringify(last)?.slice(0, 500)}`,
  );
}

/** The run, once it has succeeded (bounded). */
const succeededRun = (server: ServeProcess, what: string, runId: string, seconds: number) =>
  until(
    what,
    () => callApi(server, 'runs.get', { id: runId }),
    (each) => each.status === 'succeeded',
    seconds,
  );

/** Every run of the runbook with the status, all pages. */
async function runsOf(server: ServeProcess, runbookId: string, status: 'succeeded' | 'failed') {
  const runs: CallOutput<'runs.list'> = [];
  for (let page = 0; page < 100; page += 1) {
    const last = runs.at(-1);
    const next = await callApi(server, 'runs.list', {
      runbookId,
      status,
      limit: 500,
      ...(last === undefined ? {} : { after: { queuedAt: last.queuedAt, id: last.id } }),
    });
    runs.push(...next);
    if (next.length < 500) break;
  }
  return runs;
}

/** A port nothing listens on: Redis is not there. */
async function closedPort(): Promise<number> {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  return port;
}

const queueStatus = async (server: ServeProcess) => {
  const status = await callApi(server, 'queue.status', {});
  if (status.mode !== 'queue') throw new Error('the main is not in queue mode');
  return status;
};

describe('queue mode across processes', () => {
  it('spreads 5,000 webhook deliveries over three workers: none lost, none run twice', async () => {
    const server = await main();
    const workers = await Promise.all([worker(8), worker(8), worker(8)]);
    const runbook = await publishRunbook(server, 'Five thousand', '/tickets');
    const values = Array.from({ length: 5_000 }, (_, index) => String(index));
    const runIds = await deliver(runbook, values, 32);
    expect(new Set(runIds).size).toBe(5_000);
    const done = await until(
      'all 5,000 runs finishing',
      () => queueStatus(server),
      (status) =>
        status.workers.reduce((sum, each) => sum + each.done, 0) >= 5_000 &&
        status.waiting + status.active === 0,
      900,
    );
    expect(done.workers.map((each) => each.id).sort()).toEqual(workers.map((each) => each.id).sort());
    for (const each of done.workers) expect(each.done, `runs done by ${each.id}`).toBeGreaterThan(0);
    expect(done.workers.reduce((sum, each) => sum + each.done, 0)).toBe(5_000);
    // Each value's request reached the target exactly once.
    for (const value of values) expect(received.get(`/tickets/${value}`), value).toBe(1);
    await until(
      'every run recorded as succeeded',
      () => runsOf(server, runbook.id, 'succeeded'),
      (runs) => runs.length === 5_000,
      600,
    );
    expect(await runsOf(server, runbook.id, 'failed')).toEqual([]);
    const sample = await callApi(server, 'runs.get', { id: runIds[4_321] ?? '' });
    expect(sample).toMatchObject({ status: 'succeeded', trigger: 'webhook', message: 'got 4321' });
    expect(sample.steps.map((step) => step.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  }, 1_200_000);

  it('interrupts the runs of a worker killed mid-run, runs none of them again, and goes on with the others', async () => {
    const server = await main();
    const doomed = await worker(4);
    const runbook = await publishRunbook(server, 'Killed worker', '/slow/killed');
    const runIds = await deliver(runbook, ['1', '2', '3', '4'], 4);
    await until(
      'four requests in flight',
      async () => [1, 2, 3, 4].filter((n) => received.has(`/slow/killed/${String(n)}`)).length,
      (count) => count === 4,
      60,
    );
    await doomed.kill();
    forget(doomed);
    await worker(4);
    const failed = await until(
      'the killed worker’s runs failing as interrupted',
      () => runsOf(server, runbook.id, 'failed'),
      (runs) => runs.length === 4,
      120,
    );
    for (const run of failed) expect(run.error).toMatch(/interrupted/);
    expect(failed.map((run) => run.id).sort()).toEqual([...runIds].sort());
    const [later = ''] = await deliver(runbook, ['5']);
    await until(
      'a later run succeeding on the other worker',
      () => callApi(server, 'runs.get', { id: later }),
      (run) => run.status === 'succeeded',
      60,
    );
    for (const n of [1, 2, 3, 4]) expect(received.get(`/slow/killed/${String(n)}`)).toBe(1);
  }, 300_000);

  it('stops a worker on SIGTERM only once the runs in hand have finished', async () => {
    const server = await main();
    const leaving = await worker(3);
    const runbook = await publishRunbook(server, 'Graceful stop', '/slow/graceful');
    const runIds = await deliver(runbook, ['1', '2', '3'], 3);
    await until(
      'three requests in flight',
      async () => [1, 2, 3].filter((n) => received.has(`/slow/graceful/${String(n)}`)).length,
      (count) => count === 3,
      60,
    );
    forget(leaving);
    expect(await leaving.stop()).toBe(0);
    for (const runId of runIds) {
      const run = await until(
        'the run recorded as finished',
        () => callApi(server, 'runs.get', { id: runId }),
        (each) => each.status !== 'queued' && each.status !== 'running',
        60,
      );
      expect(run.status).toBe('succeeded');
    }
    const status = await queueStatus(server);
    expect(status.workers.map((each) => each.id)).not.toContain(leaving.id);
  }, 300_000);

  it('loses no record when the main restarts while workers run', async () => {
    const directory = dataDirectory();
    let server = await main(directory);
    await worker(4);
    const runbook = await publishRunbook(server, 'Main restart', '/slow/restart');
    const values = Array.from({ length: 12 }, (_, index) => String(index));
    const runIds = await deliver(runbook, values, 12);
    await until(
      'a first request in flight',
      async () => values.some((n) => received.has(`/slow/restart/${n}`)),
      Boolean,
      60,
    );
    forget(server);
    await server.stop();
    // While the main is down the worker finishes runs and sends their records to Redis.
    await until(
      'every request made',
      async () => values.filter((n) => received.has(`/slow/restart/${n}`)).length,
      (count) => count === 12,
      120,
    );
    server = await main(directory);
    for (const runId of runIds) {
      const run = await until(
        'the run recorded as finished',
        () => callApi(server, 'runs.get', { id: runId }),
        (each) => each.status !== 'queued' && each.status !== 'running',
        120,
      );
      expect(run.status, run.error ?? '').toBe('succeeded');
      expect(run.steps.map((step) => step.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    }
  }, 300_000);

  it('refuses a second main on the same Redis before it serves, and lets one in at once after a kill -9', async () => {
    const directory = dataDirectory();
    const first = await main(directory);
    // Another data folder, the same Redis and team key: it would take part of every run's records.
    await expect(startQueueMain(dataDirectory(), redis.url, teamKey)).rejects.toThrow(
      /serve exited with 1 before printing; stderr:\n(.*\n)*.* queue: Another server \(process \d+ on [^,]+, since [^)]+\) already serves this Redis/,
    );
    expect((await queueStatus(first)).mode).toBe('queue');

    // Killed, it cannot give the lease up; a main restarted on this machine takes it at once.
    forget(first);
    await first.kill();
    const restarted = await main(directory);
    await worker(1);
    const runbook = await publishRunbook(restarted, 'After a kill', '/tickets/after-kill');
    const [runId = ''] = await deliver(runbook, ['1']);
    const run = await succeededRun(restarted, 'the run recorded as finished', runId, 60);
    expect(run.steps).toHaveLength(3);
  }, 300_000);

  it('serves while Redis is away, and stops on SIGTERM all the same', async () => {
    const port = await closedPort();
    const server = await startQueueMain(dataDirectory(), `redis://127.0.0.1:${String(port)}`, teamKey);
    started.mains.push(server);
    expect(server.stderr()).toContain('the lease on Redis is not settled yet');
    await server.stop();
    // Ended by itself (the helper's SIGKILL comes only after 5 s), its data saved.
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.stderr()).not.toContain('Unhandled');
  }, 120_000);

  it('stops a worker still waiting for Redis on SIGTERM, saying so once, its temporary folder gone', async () => {
    const port = await closedPort();
    // No --data-dir: the worker's own temporary folder, made under a TMPDIR of this test's.
    const temporary = dataDirectory();
    const child = spawn(process.execPath, [cli(), 'worker', '--queue', `redis://127.0.0.1:${String(port)}`], {
      env: { ...process.env, RUNBOOK_DESIGNER_KEY: teamKey, TMPDIR: temporary },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await until(
      'the worker saying it cannot reach Redis',
      () => Promise.resolve(stderr),
      (text) => text.includes('the worker cannot reach Redis'),
      30,
    );
    expect(
      fs.readdirSync(temporary).filter((name) => name.startsWith('runbook-designer-worker-')),
    ).toHaveLength(1);
    // Its connections retry several times a second meanwhile: each outage is told once.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopping before Redis was reached: no run was taken');
    expect(stderr.split('\n').filter((line) => line.includes('ECONNREFUSED')).length).toBeLessThanOrEqual(5);
    expect(stderr).not.toContain('Unhandled');
    expect(fs.readdirSync(temporary)).toEqual([]);
  }, 120_000);

  it('keeps queued runs when Redis is killed (append-only file) and runs them once a worker comes', async () => {
    const server = await main();
    const runbook = await publishRunbook(server, 'Redis killed', '/tickets/aof');
    const values = ['1', '2', '3', '4', '5'];
    const runIds = await deliver(runbook, values, 5);
    expect((await queueStatus(server)).waiting).toBe(5);
    await redis.kill();
    await redis.restart();
    await worker(2);
    for (const runId of runIds) {
      const run = await succeededRun(server, 'the queued run finishing', runId, 120);
      expect(run.steps).toHaveLength(3);
    }
    for (const n of values) expect(received.get(`/tickets/aof/${n}`)).toBe(1);
  }, 300_000);

  it('shows the queue and its workers in Settings, and runs done by workers live in the window', async () => {
    const server = await main();
    const workers = [await worker(4), await worker(2)];
    const runbook = await publishRunbook(server, 'Seen in the window', '/tickets/window');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(server.url);
      await page.getByRole('link', { name: 'Settings' }).click();
      const panel = page.getByRole('region', { name: 'Runs' });
      for (const each of workers) await panel.getByRole('cell', { name: each.id }).waitFor();
      const [runId = ''] = await deliver(runbook, ['1']);
      // The worker's "done" reaches the panel on its next read (every 5 s).
      await expect
        .poll(() => panel.getByRole('cell', { name: '1', exact: true }).count(), { timeout: 20_000 })
        .toBeGreaterThan(0);
      await panel.scrollIntoViewIfNeeded();
      fs.mkdirSync(screenshotDirectory, { recursive: true });
      await panel.screenshot({ path: path.join(screenshotDirectory, 'queue-settings.png') });
      await page.goto(`${server.origin}/#/runs/${runId}`);
      await page.getByText('got 1').first().waitFor();
    } finally {
      await browser.close();
    }
  }, 300_000);

  it('says in Settings when another main took this one’s lease, refuses runs by hand, and lets go of its runs out on workers', async () => {
    const server = await main();
    await worker(1);
    const runbook = await publishRunbook(server, 'Lease lost', '/tickets/lease');
    const inHand = await publishRunbook(server, 'Lease lost mid-run', '/held/lease');
    const [inHandRunId = ''] = await deliver(inHand, ['1']);
    await until('the worker sending the request', async () => received.has('/held/lease/1'), Boolean, 60);
    // As if this main had stalled past its lease and another had taken Redis meanwhile.
    const other = {
      id: 'other-main',
      host: 'another-machine.invalid',
      pid: 4242,
      since: '2026-12-03T11:00:00.000Z',
    };
    const client = new Redis(queueConnectionOf(redis.url));
    const browser = await launchChromium();
    try {
      await client.set(mainLeaseKey, JSON.stringify(other), 'PX', 60_000);
      const status = await until(
        'the main noticing',
        () => queueStatus(server),
        (each) => each.problem !== null,
        30,
      );
      expect(status.problem).toContain(
        'lost its lease on Redis to another server (process 4242 on another-machine.invalid',
      );
      await expect(callApi(server, 'runs.start', { runbookId: runbook.id, inputs: {} })).rejects.toThrow(
        'lost its lease on Redis',
      );
      // Its records now go to the other server: shown here as running for ever before.
      const lost = await callApi(server, 'runs.get', { id: inHandRunId });
      expect(lost.status).toBe('failed');
      expect(lost.error).toContain('lost its lease on Redis to another server (process 4242');
      expect(lost.steps.find((step) => step.stepType === 'method')?.status).toBe('failed');
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(server.url);
      await page.getByRole('link', { name: 'Settings' }).click();
      const panel = page.getByRole('region', { name: 'Runs' });
      await panel.getByRole('alert').filter({ hasText: 'lost its lease on Redis' }).waitFor();
      await panel.scrollIntoViewIfNeeded();
      fs.mkdirSync(screenshotDirectory, { recursive: true });
      await panel.screenshot({ path: path.join(screenshotDirectory, 'queue-lease-lost.png') });
      // The run let go of, as its page shows it.
      await page.goto(`${server.origin}/#/runs/${inHandRunId}`);
      await page.getByText('lost its lease on Redis').first().waitFor();
      await page.screenshot({ path: path.join(screenshotDirectory, 'queue-lease-lost-run.png') });
    } finally {
      for (const answer of held.splice(0)) answer();
      await browser.close();
      // The next test's main must not wait for that other main's lease to lapse.
      await client.del(mainLeaseKey);
      client.disconnect();
    }
  }, 300_000);

  it('holds an integration limited to 10 requests a second to 10 in any second across three workers', async () => {
    const server = await main();
    const workers = await Promise.all([worker(4), worker(4), worker(4)]);
    const runbook = await publishRunbook(server, 'Ten a second', '/limited', { requestsPerSecond: 10 });
    const values = Array.from({ length: 60 }, (_, index) => String(index));
    await deliver(runbook, values, 16);
    await until(
      'all 60 runs succeeding',
      () => runsOf(server, runbook.id, 'succeeded'),
      (runs) => runs.length === 60,
      180,
    );
    expect(await runsOf(server, runbook.id, 'failed')).toEqual([]);
    const times = arrivals.filter((each) => each.url.startsWith('/limited/')).map((each) => each.at);
    expect(times).toHaveLength(60);
    // Redis and this process read the same clock in whole ms: 2 ms spare for the rounding.
    const most = mostInAnyWindow(times, 998);
    const spanSeconds = (Math.max(...times) - Math.min(...times)) / 1000;
    process.stdout.write(
      `queue rate limit 10/s, 60 runs over 3 workers: at most ${String(most)} requests in any second; ` +
        `first to last request ${spanSeconds.toFixed(2)} s at the API\n`,
    );
    expect(most).toBeLessThanOrEqual(10);
    const status = await until(
      'the workers counting their runs',
      () => queueStatus(server),
      (each) => each.workers.reduce((sum, entry) => sum + entry.done, 0) === 60,
      30,
    );
    const ours = status.workers.filter((entry) => workers.some((each) => each.id === entry.id));
    expect(ours.filter((entry) => entry.done > 0).length).toBeGreaterThanOrEqual(2);
  }, 300_000);

  it('pauses the requests of other workers when one of them is answered 429 with Retry-After', async () => {
    const server = await main();
    const workers = await Promise.all([worker(1), worker(1), worker(1)]);
    const runbook = await publishRunbook(server, 'Told to wait', '/throttled', { requestsPerSecond: 10 });
    const [first = ''] = await deliver(runbook, ['1']);
    await until(
      'the first request answered 429',
      async () => throttledAt,
      (at) => at > 0,
      60,
    );
    await until(
      'the pause shared in Redis',
      async () =>
        execFileSync('redis-cli', ['-p', String(redis.port), '--scan', '--pattern', 'rbd:limits:*:pause'])
          .toString()
          .trim(),
      (keys) => keys !== '',
      30,
    );
    // The first run's worker (concurrency 1) is busy with it: these go to the other workers.
    const others = await deliver(runbook, ['2', '3'], 2);
    for (const runId of [first, ...others]) {
      const run = await until(
        'the run finishing',
        () => callApi(server, 'runs.get', { id: runId }),
        (each) => each.status !== 'queued' && each.status !== 'running',
        60,
      );
      expect(run.status, run.error ?? '').toBe('succeeded');
    }
    const after = arrivals.filter((each) => each.url.startsWith('/throttled/') && each.at > throttledAt);
    expect(after.map((each) => each.url).sort()).toEqual(['/throttled/1', '/throttled/2', '/throttled/3']);
    for (const each of after)
      expect(each.at - throttledAt).toBeGreaterThanOrEqual(retryAfterSeconds * 1_000 - 2);
    const status = await queueStatus(server);
    const ours = status.workers.filter((entry) => workers.some((each) => each.id === entry.id));
    expect(ours.filter((entry) => entry.done > 0).length).toBeGreaterThanOrEqual(2);
  }, 300_000);
});

/** The most arrivals that fall in any window of `windowMs` (times in any order). */
function mostInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last += 1) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
