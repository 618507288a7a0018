/**
 * The `run` command as a CI job's process lives and dies: its output piped into a reader that
 * stops reading (`| head -c 10`), and Ctrl+C (SIGINT) while a step waits on the API. The run must
 * be recorded as what it was, and the process must end without a stack trace. The API holds each
 * request until the test lets it go, so nothing depends on timing.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientsRunbook } from '../../electron/services/runGroups/testSupport/clientsApi';
import { oneStepDraft } from '../../electron/services/testSupport/drafts';
import { startBackend, stopBackend } from '../../electron/services/testSupport/temporaryBackend';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';
import { startCli } from './support/cliProcess';
import { exportedRunbook } from './support/exportedRunbook';

const cliKey = 'cli-process-life-e2e-key-0123456789';
const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-cli-life-'));
let runbookFile = '';
let apiUrl = '';

/** An API on 127.0.0.1 that keeps each request waiting until `release` (or answers at once). */
const api = {
  server: undefined as http.Server | undefined,
  isHolding: false,
  /** While above 0, the next requests are held (one each), and the others answered at once. */
  holdNext: 0,
  held: [] as http.ServerResponse[],
  arrived: undefined as (() => void) | undefined,
  release() {
    for (const response of this.held.splice(0)) response.end('{"ok": true}');
  },
};

function startApi(): Promise<string> {
  api.server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    if (!api.isHolding && api.holdNext === 0) return void response.end('{"ok": true}');
    api.holdNext = Math.max(0, api.holdNext - 1);
    api.held.push(response);
    api.arrived?.();
  });
  return new Promise((resolve) =>
    api.server?.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${String((api.server?.address() as AddressInfo).port)}`),
    ),
  );
}

beforeAll(async () => {
  const baseUrl = await startApi();
  apiUrl = baseUrl;
  runbookFile = await exportedRunbook(workDirectory, 'Held call', async (call) => {
    const { id: integrationId } = await call('integrations.create', {
      details: { name: 'Held API', category: 'Other' },
    });
    await call('integrations.updateDefinition', { id: integrationId, definition: { baseUrl } });
    const { id: methodId } = await call('methods.create', {
      integrationId,
      definition: { name: 'Wait for it', httpMethod: 'GET', path: '/held' },
    });
    return oneStepDraft({ id: 'call', name: 'Wait for it', type: 'method', methodId, arguments: {} });
  });
}, 60_000);

afterAll(async () => {
  api.release();
  await new Promise((resolve) => api.server?.close(resolve));
  fs.rmSync(workDirectory, { recursive: true, force: true });
});

/** `run <file>` in a data folder of its own, its output collected as it comes. */
const startRun = (dataDirectory: string, file = runbookFile, extraArgs: readonly string[] = []) =>
  startCli(['run', file, '--data-dir', dataDirectory, ...extraArgs], { RUNBOOK_DESIGNER_KEY: cliKey });

/** The runs the data folder recorded, read after the CLI has closed it. */
async function runsIn(dataDirectory: string) {
  const reader = startBackend(dataDirectory, cliKey);
  const { call } = inProcessApi(reader);
  const listed = await call('runs.list', {});
  const runs = await Promise.all(listed.map((item) => call('runs.get', { id: item.id })));
  stopBackend(reader);
  return runs;
}

const freshDataDirectory = () => fs.mkdtempSync(path.join(workDirectory, 'data-'));

describe('runbook-designer run, its output read by a reader that stops', () => {
  it('finishes and records the run when stdout is closed, without a stack trace; exit 0', async () => {
    api.isHolding = false;
    const dataDirectory = freshDataDirectory();
    const run = startRun(dataDirectory);
    run.child.stdout?.destroy();
    expect(await run.exited, run.stderr()).toBe(0);
    expect(run.stderr()).toContain('✓ Done succeeded');
    expect(run.stderr()).not.toMatch(/EPIPE|at .*cli\.cjs/);
    expect((await runsIn(dataDirectory)).map((record) => record.status)).toEqual(['succeeded']);
  });

  it('still prints the result and records the run when stderr is closed; exit 0', async () => {
    api.isHolding = false;
    const dataDirectory = freshDataDirectory();
    const run = startRun(dataDirectory);
    run.child.stderr?.destroy();
    expect(await run.exited).toBe(0);
    expect(JSON.parse(run.stdout())).toMatchObject({ status: 'succeeded' });
    expect((await runsIn(dataDirectory)).map((record) => record.status)).toEqual(['succeeded']);
  });
});

describe('runbook-designer run, stopped with Ctrl+C', () => {
  it('cancels the run it waits on: recorded as cancelled, exit 130, without a stack trace', async () => {
    api.isHolding = true;
    const dataDirectory = freshDataDirectory();
    const arrived = new Promise<void>((resolve) => (api.arrived = resolve));
    const run = startRun(dataDirectory);
    await arrived;
    run.child.kill('SIGINT');
    expect(await run.exited, run.stderr()).toBe(130);
    api.release();
    expect(run.stderr()).toContain('cancelling the run');
    expect(run.stderr()).not.toMatch(/at .*cli\.cjs/);
    expect(JSON.parse(run.stdout())).toMatchObject({ status: 'cancelled' });
    const [record] = await runsIn(dataDirectory);
    expect(record?.status).toBe('cancelled');
    expect(record?.steps.find((step) => step.stepId === 'call')?.status).not.toBe('running');
  });
});

describe('runbook-designer run, cancelled from the app on its data folder', () => {
  it('cancels the run it waits on there: recorded as cancelled, exit 1', async () => {
    api.isHolding = true;
    const dataDirectory = freshDataDirectory();
    const arrived = new Promise<void>((resolve) => (api.arrived = resolve));
    const run = startRun(dataDirectory);
    await arrived;
    const app = startBackend(dataDirectory, cliKey);
    const { call } = inProcessApi(app);
    const [going] = await call('runs.list', {});
    expect(going?.status).toBe('running');
    expect(await call('runs.cancel', { id: going?.id ?? '' })).toEqual({ wasRunning: true });
    expect(await run.exited, run.stderr()).toBe(1);
    api.release();
    expect(JSON.parse(run.stdout())).toMatchObject({ status: 'cancelled' });
    expect((await call('runs.get', { id: going?.id ?? '' })).status).toBe('cancelled');
    stopBackend(app);
  });
});

describe('runbook-designer run --client all, stopped with Ctrl+C', () => {
  it('cancels the group: the run going cancelled, the clients waiting not started, exit 130', async () => {
    api.isHolding = true;
    const dataDirectory = freshDataDirectory();
    const author = startBackend(dataDirectory, cliKey);
    const server = { url: apiUrl, port: 0, close: () => Promise.resolve() };
    const { runbookId } = await createClientsRunbook(author, server, ['Acme', 'Globex', 'Initech']);
    const { content, fileName } = await inProcessApi(author).call('runbooks.export', { id: runbookId });
    stopBackend(author);
    const file = path.join(dataDirectory, fileName);
    fs.writeFileSync(file, content);
    const arrived = new Promise<void>((resolve) => (api.arrived = resolve));
    const run = startRun(dataDirectory, file, ['--client', 'all', '--concurrency', '1']);
    await arrived;
    run.child.kill('SIGINT');
    expect(await run.exited, run.stderr()).toBe(130);
    api.release();
    expect(run.stderr()).toContain('SIGINT: cancelling the run of every client');
    expect(run.stderr()).not.toMatch(/at .*cli\.cjs/);
    const results = run
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { client: string; status: string });
    expect(results.map(({ client, status }) => [client, status])).toEqual([
      ['Acme', 'cancelled'],
      ['Globex', 'notStarted'],
      ['Initech', 'notStarted'],
    ]);
    expect((await runsIn(dataDirectory)).map((record) => record.status)).toEqual(['cancelled']);
  });
});

describe('two processes on one data folder', () => {
  it('a run started meanwhile leaves the first one running, and both are recorded as they ended', async () => {
    api.isHolding = false;
    api.holdNext = 1;
    const dataDirectory = freshDataDirectory();
    const arrived = new Promise<void>((resolve) => (api.arrived = resolve));
    const first = startRun(dataDirectory);
    await arrived;
    const second = startRun(dataDirectory);
    expect(await second.exited, second.stderr()).toBe(0);
    // The first still waits on the API: no start of another process may call it interrupted.
    const meanwhile = await runsIn(dataDirectory);
    expect(meanwhile.map((record) => [record.status, record.error])).toEqual(
      expect.arrayContaining([
        ['running', null],
        ['succeeded', null],
      ]),
    );
    api.release();
    expect(await first.exited, first.stderr()).toBe(0);
    const records = await runsIn(dataDirectory);
    expect(records.map((record) => record.status)).toEqual(['succeeded', 'succeeded']);
    expect(records.flatMap((record) => record.steps.map((step) => step.status))).not.toContain('failed');
  });
});
