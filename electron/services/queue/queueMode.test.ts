/**
 * Queue mode with real parts: Debian's redis-server on 127.0.0.1, a main (the whole backend, in
 * queue mode) and workers taking its runs, a local HTTP target. A webhook delivery's run is run
 * by a worker and recorded by the main: every step, the call log, the worker in the registry; and
 * nothing that crosses Redis can be read without the team's key.
 */
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { rehearsalOf } from '../../../shared/rehearsal/rehearsal';
import { createMasterKeyProvider } from '../secrets/masterKeyProvider';
import { waitForRun } from '../testSupport/runs';
import { oneStepDraft } from '../testSupport/drafts';
import { startBackend, stopBackend, temporaryDirectory } from '../testSupport/temporaryBackend';
import { inProcessApi } from '../testSupport/typedApi';
import { queueConnectionOf } from './queueAddress';
import { commitAckChannel, recordStreamKey, type CommitAck, type RunRecordMessage } from './queueMessages';
import { startQueueWorker, type QueueWorker } from './queueWorker';
import { createTeamSeal } from './teamSeal';
import { startRedisServer, type RedisServer } from './testSupport/redisServer';

const teamKey = 'team-key-for-queue-tests';
const credential = 'tok-QUEUE-MARKER-7f3a91';
const webhookSecret = 'whsec-queue-5d2c';

let redis: RedisServer;
const received: { method: string; url: string; authorization: string }[] = [];
let target: http.Server;
let targetUrl = '';
const workers: QueueWorker[] = [];
/** Requests the target holds unanswered, each settling once its connection closes. */
const held: Promise<void>[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  target = http.createServer((request, response) => {
    received.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization ?? '',
    });
    request.resume();
    request.on('end', () => {
      // A ticket named "hold" is never answered: its request waits until the caller gives up.
      if (request.url?.endsWith('/hold') === true) {
        held.push(new Promise((resolve) => response.on('close', () => resolve())));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 7, status: 'open' }));
    });
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${String((target.address() as AddressInfo).port)}`;
}, 30_000);

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
});

afterAll(async () => {
  await redis.stop();
  target.close();
});

function startWorker(concurrency = 2): QueueWorker {
  const dataDirectory = temporaryDirectory();
  const worker = startQueueWorker({
    connection: queueConnectionOf(redis.url),
    seal: createTeamSeal(teamKey),
    dataDirectory,
    keyProvider: createMasterKeyProvider({ dataDirectory, environmentKey: teamKey }),
    concurrency,
    log: () => undefined,
  });
  workers.push(worker);
  return worker;
}

/** A main in queue mode with a published webhook runbook: GET then POST with a bearer credential. */
async function setUpMain(log: (line: string) => void = () => undefined) {
  const main = startBackend(temporaryDirectory(), teamKey, {
    log,
    queue: { address: redis.url, connection: queueConnectionOf(redis.url), seal: createTeamSeal(teamKey) },
  });
  await main.triggersReady;
  await main.queue?.ready;
  const api = inProcessApi(main);
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Tickets', category: 'Other' },
  });
  await api.call('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: targetUrl, auth: { type: 'bearer' } },
  });
  await api.call('configurations.create', {
    integrationId,
    name: 'Production',
    secrets: { token: credential },
  });
  const method = (name: string, httpMethod: 'GET' | 'POST') =>
    api.call('methods.create', {
      integrationId,
      definition: {
        name,
        httpMethod,
        path: '/tickets/{id}',
        outputs: [{ name: 'id', expression: 'response^id!' }],
      },
    });
  const read = await method('Read ticket', 'GET');
  const write = await method('Close ticket', 'POST');
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Close ticket' } });
  await api.call('runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          webhook: { isEnabled: true, inputMapping: [{ input: 'ticket', path: '$.ticket' }] },
        },
        {
          id: 'read',
          name: 'Read',
          type: 'method',
          methodId: read.id,
          arguments: { id: '{{inputs.ticket}}' },
        },
        {
          id: 'close',
          name: 'Close',
          type: 'method',
          methodId: write.id,
          arguments: { id: '{{steps.read.outputs.id}}' },
        },
        {
          id: 'done',
          name: 'Done',
          type: 'end',
          outcome: 'succeeded',
          message: 'closed {{steps.close.outputs.id}}',
        },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'read' },
        { from: 'read', kind: 'success', to: 'close' },
        { from: 'close', kind: 'success', to: 'done' },
      ],
    },
  });
  await api.call('runbooks.publish', { id: runbookId, note: 'First' });
  await api.call('runbooks.setTriggerSecret', { id: runbookId, secret: webhookSecret });
  const url = (await api.call('runbooks.triggers', { id: runbookId })).webhook.url ?? '';
  const deliver = async (ticket: string) => {
    const body = JSON.stringify({ ticket });
    const signature = `sha256=${crypto.createHmac('sha256', webhookSecret).update(body).digest('hex')}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body,
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { runId: string }).runId;
  };
  return { main, api, integrationId, runbookId, deliver };
}

describe('queue mode', () => {
  it('runs a webhook run on a worker and records every step, the call log and the worker on the main', async () => {
    const { main, api, integrationId, deliver } = await setUpMain();
    const worker = startWorker();
    await worker.ready;
    received.length = 0;
    const runId = await deliver('42');
    const run = await waitForRun(main, runId, 30);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'webhook', message: 'closed 7' });
    expect(run.steps.map((step) => [step.stepId, step.status])).toEqual([
      ['start', 'succeeded'],
      ['read', 'succeeded'],
      ['close', 'succeeded'],
      ['done', 'succeeded'],
    ]);
    expect(received).toEqual([
      { method: 'GET', url: '/tickets/42', authorization: `Bearer ${credential}` },
      { method: 'POST', url: '/tickets/7', authorization: `Bearer ${credential}` },
    ]);
    const log = await api.call('integrations.callLog', { id: integrationId });
    expect(
      log.calls
        .filter((call) => call.runId === runId)
        .map((call) => call.httpMethod)
        .sort(),
    ).toEqual(['GET', 'POST']);
    const status = await api.call('queue.status', {});
    expect(status).toMatchObject({ mode: 'queue', waiting: 0, active: 0 });
    expect(status.mode === 'queue' ? status.workers.map((entry) => [entry.id, entry.done]) : []).toEqual([
      [worker.id, 1],
    ]);
  }, 60_000);

  it('lets nothing cross Redis in clear: no credential, no payload, no URL in any key', async () => {
    const { main, deliver } = await setUpMain();
    await startWorker().ready;
    const runId = await deliver('PAYLOAD-MARKER-93');
    await waitForRun(main, runId, 30);
    const cli = (...args: string[]) =>
      execFileSync('redis-cli', ['-p', String(redis.port), '--no-auth-warning', ...args]);
    const keys = cli('--scan')
      .toString()
      .split('\n')
      .filter((key) => key !== '');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const dumped = cli('--raw', 'DUMP', key).toString('latin1');
      for (const marker of [credential, 'PAYLOAD-MARKER-93', targetUrl, '/tickets/'])
        expect(dumped.includes(marker), `${marker} in ${key}`).toBe(false);
    }
  }, 60_000);

  it('sends a designer run of a draft without pins, and a re-run, to a worker', async () => {
    const { main, api, runbookId } = await setUpMain();
    const worker = startWorker();
    await worker.ready;
    const { runId } = await api.call('runs.start', { runbookId, inputs: { ticket: '11' } });
    expect(await waitForRun(main, runId, 30)).toMatchObject({ status: 'succeeded', trigger: 'manual' });
    const again = await api.call('runs.rerun', { id: runId });
    expect(await waitForRun(main, again.runId, 30)).toMatchObject({ status: 'succeeded', trigger: 'rerun' });
    // Only the worker counts runs as done: both ran there.
    await expect
      .poll(
        async () => {
          const status = await api.call('queue.status', {});
          return status.mode === 'queue' ? status.workers.map((entry) => entry.done) : [];
        },
        { timeout: 10_000 },
      )
      .toEqual([2]);
  }, 60_000);

  it('keeps rehearsals on the main: a designer run with a pin, and a dry run (no worker is running)', async () => {
    const { main, api, runbookId } = await setUpMain();
    await api.call('pins.set', { runbookId, stepId: 'read', pin: { status: 200, outputs: { id: '9' } } });
    const pinned = await api.call('runs.start', { runbookId, inputs: { ticket: '12' } });
    const run = await waitForRun(main, pinned.runId, 30);
    expect(run).toMatchObject({ status: 'succeeded', message: 'closed 7' });
    expect(rehearsalOf(run.steps.find((step) => step.stepId === 'read')?.response)?.source).toBe('pin');
    await api.call('pins.delete', { runbookId, stepId: 'read' });
    const dry = await api.call('runs.start', { runbookId, inputs: { ticket: '13' }, mode: 'dryRun' });
    expect(await waitForRun(main, dry.runId, 30)).toMatchObject({ status: 'succeeded', mode: 'dryRun' });
  }, 60_000);

  it('runs on the main a run whose sub-runbook (two levels down) waits for an approval', async () => {
    const { main, api } = await setUpMain();
    const runbook = async (name: string, steps: unknown[], edges: unknown[]) => {
      const { id } = await api.call('runbooks.create', { details: { name } });
      await api.call('runbooks.update', {
        id,
        draft: { steps: [{ id: 'start', name: 'Start', type: 'start' }, ...steps], edges } as never,
      });
      return id;
    };
    const approving = await runbook(
      'Ask first',
      [
        { id: 'ask', name: 'Ask', type: 'approval', message: 'Go on?', timeoutMinutes: 60 },
        { id: 'yes', name: 'Yes', type: 'end', outcome: 'succeeded' },
        { id: 'no', name: 'No', type: 'end', outcome: 'failed' },
      ],
      [
        { from: 'start', kind: 'next', to: 'ask' },
        { from: 'ask', kind: 'approved', to: 'yes' },
        { from: 'ask', kind: 'rejected', to: 'no' },
        { from: 'ask', kind: 'timed_out', to: 'no' },
      ],
    );
    const call = (id: string) => [
      { id: 'call', name: 'Call', type: 'runRunbook', runbookId: id, inputs: {} },
      { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded' },
    ];
    const callEdges = [
      { from: 'start', kind: 'next', to: 'call' },
      { from: 'call', kind: 'success', to: 'done' },
    ];
    const middle = await runbook('Middle', call(approving), callEdges);
    const top = await runbook('Top', call(middle), callEdges);
    // No worker runs: a run put on the queue would stay queued.
    const { runId } = await api.call('runs.start', { runbookId: top, inputs: {} });
    await expect.poll(async () => (await api.call('approvals.list', {})).length, { timeout: 20_000 }).toBe(1);
    const [pending] = await api.call('approvals.list', {});
    await api.call('approvals.decide', { runId: pending?.runId ?? '', decision: 'approved' });
    expect(await waitForRun(main, runId, 30)).toMatchObject({ status: 'succeeded' });
  }, 60_000);

  it('cancels a run going on a worker when its runbook is deleted, and deletes it with its records', async () => {
    const logged: string[] = [];
    const { api, runbookId } = await setUpMain((line) => logged.push(line));
    const worker = startWorker();
    await worker.ready;
    const heldBefore = held.length;
    const { runId } = await api.call('runs.start', { runbookId, inputs: { ticket: 'hold' } });
    await expect.poll(() => held.length, { timeout: 20_000 }).toBe(heldBefore + 1);
    // The worker's records reach the main a moment later.
    await expect
      .poll(async () => (await api.call('runs.get', { id: runId })).status, { timeout: 10_000 })
      .toBe('running');

    await expect(api.call('runbooks.delete', { id: runbookId })).resolves.toEqual({ id: runbookId });
    // The worker gave up its request: the run was cancelled there before its records went.
    await held[heldBefore];
    await expect(api.call('runbooks.get', { id: runbookId })).rejects.toMatchObject({ code: 'not_found' });
    await expect(api.call('runs.get', { id: runId })).rejects.toMatchObject({ code: 'not_found' });
    // Nothing the worker recorded afterwards came back for a run no longer there.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logged.filter((line) => line.includes('could not be written'))).toEqual([]);
    expect(await api.call('runs.list', { runbookId, limit: 10 })).toEqual([]);
  }, 60_000);

  it('sets aside the records of a run its database does not hold, says so once, and refuses its request', async () => {
    // Another main's run, still going on a worker after that main lost its lease: its records
    // reach this main, which has no row for them.
    const logged: string[] = [];
    const { main, deliver } = await setUpMain((line) => logged.push(line));
    await startWorker().ready;
    const seal = createTeamSeal(teamKey);
    const client = new Redis(redis.url);
    const listener = new Redis(redis.url);
    try {
      const answers: CommitAck[] = [];
      listener.on('message', (_channel: string, text: string) => answers.push(seal.open<CommitAck>(text)));
      await listener.subscribe(commitAckChannel('worker-of-another-main'));
      const runId = crypto.randomUUID();
      const startedAt = new Date().toISOString();
      const step = { runId, seq: 1, stepId: 'close', stepType: 'method', startedAt };
      const records: RunRecordMessage[] = [
        { kind: 'runStarted', runId, startedAt, worker: 'worker-of-another-main' },
        { kind: 'stepStarted', step },
        { kind: 'changingRequest', step: { runId, seq: 1 }, ancestors: [], worker: 'worker-of-another-main' },
        {
          kind: 'stepFinished',
          step: {
            ...step,
            status: 'succeeded',
            request: null,
            response: null,
            outputs: {},
            error: null,
            finishedAt: startedAt,
            durationMs: 1,
          },
        },
        {
          kind: 'runFinished',
          run: { runId, status: 'succeeded', error: null, message: null, finishedAt: startedAt },
        },
      ];
      for (const record of records) await client.xadd(recordStreamKey, '*', 'm', seal.seal(record));

      await vi.waitFor(() => expect(answers).toHaveLength(1), { timeout: 10_000 });
      expect(answers[0]).toEqual({
        runId,
        seq: 1,
        answer: {
          ok: false,
          error: `This server holds no record of run ${runId}, so this step's request was not sent.`,
        },
      });
      // Its own runs are recorded as before, after those records.
      const own = await deliver('91');
      expect(await waitForRun(main, own, 30)).toMatchObject({ status: 'succeeded' });
      expect(logged.filter((line) => line.includes(runId))).toEqual([
        `records of run ${runId} are set aside: this server's database holds no such run (another server queued it, or it was deleted)`,
      ]);
      expect(logged.filter((line) => line.includes('could not be written'))).toEqual([]);
    } finally {
      client.disconnect();
      listener.disconnect();
    }
  }, 60_000);

  it('refuses a second main on the same Redis: it queues no run, and the first goes on', async () => {
    const { main, deliver } = await setUpMain();
    const worker = startWorker();
    await worker.ready;
    const logged: string[] = [];
    const second = startBackend(temporaryDirectory(), teamKey, {
      log: (line) => logged.push(line),
      queue: { address: redis.url, connection: queueConnectionOf(redis.url), seal: createTeamSeal(teamKey) },
    });
    const api = inProcessApi(second);
    const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Refused' } });
    await api.call('runbooks.update', {
      id: runbookId,
      draft: oneStepDraft({
        id: 'note',
        name: 'Note',
        type: 'setVariables',
        assignments: [{ name: 'x', value: '1' }],
      }),
    });
    // Started while the second main still waits to see whether the first is alive: held back,
    // then failed, never queued for a worker.
    const { runId: heldBack } = await api.call('runs.start', { runbookId, inputs: {} });
    await expect(second.queue?.claimed).rejects.toThrow(`Another server (process ${String(process.pid)} on`);
    expect(await waitForRun(second, heldBack, 10)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('already serves this Redis') as unknown,
      steps: [],
    });
    expect(logged.join('\n')).toContain('queue: Another server');
    await expect(api.call('runs.start', { runbookId, inputs: {} })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already serves this Redis') as unknown,
    });
    expect(await api.call('runs.list', { runbookId, limit: 10 })).toHaveLength(1);
    // Settings › Runs says why.
    expect(await api.call('queue.status', {})).toMatchObject({
      mode: 'queue',
      problem: expect.stringContaining('already serves this Redis') as unknown,
    });
    expect(await inProcessApi(main).call('queue.status', {})).toMatchObject({ problem: null });
    stopBackend(second);

    // The first main still reads every record of its runs.
    const runId = await deliver('88');
    expect(await waitForRun(main, runId, 30)).toMatchObject({ status: 'succeeded' });
  }, 60_000);
});
