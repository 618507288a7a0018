/**
 * A request that may change another system (POST, PUT, PATCH, DELETE) is never unrecorded: its
 * step's start record is on disk before the request leaves, a crash while it is out leaves the
 * step saying "may have been sent", and running it again asks first.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { interruptedWhileSendingError } from '../../electron/services/db/repositories/runRepository';
import {
  startBackend,
  stopBackend,
  temporaryDirectory,
} from '../../electron/services/testSupport/temporaryBackend';
import { waitForRun } from '../../electron/services/testSupport/runs';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';

const servers: http.Server[] = [];
afterEach(async () => {
  // The list is emptied first and closed from its copy: closing the emptied list left every
  // server listening, so a request sent after a test ended went unseen.
  const open = servers.splice(0);
  for (const server of open) server.closeAllConnections();
  await Promise.all(open.map((server) => new Promise((resolve) => server.close(resolve))));
});

interface StepOnDisk {
  step_id: string;
  status: string;
  may_have_been_sent: number;
}

/** The step records another process finds in the database file at this moment. */
function stepsOnDisk(databaseFile: string): StepOnDisk[] {
  const db = new BetterSqlite3(databaseFile, { readonly: true });
  try {
    return db.prepare<[], StepOnDisk>('SELECT step_id, status, may_have_been_sent FROM run_steps').all();
  } finally {
    db.close();
  }
}

/** An API that looks at the database as each request arrives; `hold` keeps POSTs unanswered. */
async function startTarget(databaseFile: () => string, { hold = false } = {}) {
  const seen: { method: string; steps: StepOnDisk[] }[] = [];
  let hasPosted: () => void = () => undefined;
  /** Resolves once the first POST has come in. */
  const posted = new Promise<void>((resolve) => (hasPosted = resolve));
  const server = http.createServer((request, response) => {
    seen.push({ method: request.method ?? '', steps: stepsOnDisk(databaseFile()) });
    if (request.method === 'POST') hasPosted();
    request.resume();
    if (hold && request.method === 'POST') return;
    response.setHeader('content-type', 'application/json');
    response.end('{"id": 42}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`, seen, posted };
}

async function setUp(
  backend: ReturnType<typeof startBackend>,
  target: string,
  { pauseFirst = false, pauseAfter = false } = {},
) {
  const { id: integrationId } = await inProcessApi(backend).call('integrations.create', {
    details: { name: 'Tickets', category: 'Other' },
  });
  await backend.dispatch('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: target },
  });
  const method = async (httpMethod: 'GET' | 'POST', name: string) =>
    (
      await inProcessApi(backend).call('methods.create', {
        integrationId,
        definition: { name, httpMethod, path: '/tickets' },
      })
    ).id;
  const list = await method('GET', 'List tickets');
  const create = await method('POST', 'Create ticket');
  const { id: runbookId } = await inProcessApi(backend).call('runbooks.create', {
    details: { name: 'Open a ticket' },
  });
  await backend.dispatch('runbooks.update', {
    id: runbookId,
    draft: {
      // With a pause first, the POST comes straight after it (the run is still going when stopped).
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        ...(pauseFirst
          ? [{ id: 'pause', name: 'Pause', type: 'delay', seconds: '0.3' }]
          : [{ id: 'list', name: 'List tickets', type: 'method', methodId: list }]),
        { id: 'create', name: 'Create ticket', type: 'method', methodId: create },
        // With a pause after, the run is still going once the POST was answered.
        ...(pauseAfter ? [{ id: 'wait', name: 'Wait', type: 'delay', seconds: '30' }] : []),
        { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: '' },
      ],
      edges: [
        ...(pauseFirst
          ? [
              { from: 'start', kind: 'next', to: 'pause' },
              { from: 'pause', kind: 'next', to: 'create' },
            ]
          : [
              { from: 'start', kind: 'next', to: 'list' },
              { from: 'list', kind: 'success', to: 'create' },
            ]),
        ...(pauseAfter
          ? [
              { from: 'create', kind: 'success', to: 'wait' },
              { from: 'wait', kind: 'next', to: 'done' },
            ]
          : [{ from: 'create', kind: 'success', to: 'done' }]),
      ],
    },
  });
  return runbookId;
}

/** A runbook Start → "Open the ticket" (runs `childId`) → Done. */
async function setUpParent(backend: ReturnType<typeof startBackend>, childId: string, name = 'Onboard') {
  const { id: parentId } = await inProcessApi(backend).call('runbooks.create', {
    details: { name },
  });
  await backend.dispatch('runbooks.update', {
    id: parentId,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'call', name: 'Open the ticket', type: 'runRunbook', runbookId: childId },
        { id: 'done', name: 'Done', type: 'end', outcome: 'succeeded', message: '' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'call' },
        { from: 'call', kind: 'success', to: 'done' },
      ],
    },
  });
  return parentId;
}

/** The run of `runbookId` once it has reached step `stepId` (bounded: 10 s). */
async function runAtStep(backend: ReturnType<typeof startBackend>, runbookId: string, stepId: string) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [run] = await inProcessApi(backend).call('runs.list', { runbookId });
    const steps =
      run === undefined ? [] : (await inProcessApi(backend).call('runs.get', { id: run.id })).steps;
    if (run !== undefined && steps.some((step) => step.stepId === stepId)) return run.id;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no run of the runbook reached "${stepId}"`);
}

describe('a request that may change another system', () => {
  it('leaves only once its step is recorded on disk as possibly sent', async () => {
    const backend = startBackend();
    const target = await startTarget(() => backend.databaseFile);
    const runbookId = await setUp(backend, target.url);
    const { runId } = await inProcessApi(backend).call('runs.start', { runbookId });
    const run = await waitForRun(backend, runId);
    expect(run.status).toBe('succeeded');
    const post = target.seen.find((request) => request.method === 'POST');
    expect(post?.steps).toContainEqual({ step_id: 'create', status: 'running', may_have_been_sent: 1 });
    // Once finished the step is what it was: succeeded, nothing uncertain left.
    expect(run.steps.find((step) => step.stepId === 'create')).toMatchObject({
      status: 'succeeded',
      mayHaveBeenSent: false,
    });
  });

  it('after a stop while it was out, says it may have been sent and asks before repeating it', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const databaseFile = first.databaseFile;
    const target = await startTarget(() => databaseFile, { hold: true });
    const runbookId = await setUp(first, target.url);
    const { runId } = await inProcessApi(first).call('runs.start', { runbookId });
    await target.posted;
    stopBackend(first); // The request is still out, as when the app is killed.

    const second = startBackend(dataDirectory);
    const run = await waitForRun(second, runId);
    expect(run.status).toBe('failed');
    expect(run.steps.find((step) => step.stepId === 'create')).toMatchObject({
      status: 'failed',
      error: interruptedWhileSendingError,
      mayHaveBeenSent: true,
    });
    expect(run.steps.find((step) => step.stepId === 'list')?.mayHaveBeenSent).toBe(false);

    const refusal = {
      code: 'conflict',
      field: 'confirmRepeat',
      message: expect.stringContaining('"Create ticket" may already have been sent') as unknown,
    };
    await expect(second.dispatch('runs.rerunFrom', { id: runId, stepId: 'create' })).rejects.toMatchObject(
      refusal,
    );
    await expect(second.dispatch('runs.rerun', { id: runId })).rejects.toMatchObject(refusal);
    const { runId: again } = await inProcessApi(second).call('runs.rerunFrom', {
      id: runId,
      stepId: 'create',
      confirmRepeat: true,
    });
    expect(await inProcessApi(second).call('runs.get', { id: again })).toMatchObject({
      resumedFromStep: 'create',
    });
  });

  it('after a cancel while it was out, says it may have been sent and asks before repeating it', async () => {
    const backend = startBackend();
    const target = await startTarget(() => backend.databaseFile, { hold: true });
    const runbookId = await setUp(backend, target.url);
    const { runId } = await inProcessApi(backend).call('runs.start', { runbookId });
    await target.posted; // The API has the whole request; its answer never comes.
    await inProcessApi(backend).call('runs.cancel', { id: runId });
    const run = await waitForRun(backend, runId);
    expect(run.status).toBe('cancelled');
    expect(run.steps.find((step) => step.stepId === 'create')).toMatchObject({
      status: 'cancelled',
      mayHaveBeenSent: true,
    });
    await expect(backend.dispatch('runs.rerun', { id: runId })).rejects.toMatchObject({
      code: 'conflict',
      field: 'confirmRepeat',
      message: expect.stringContaining('"Create ticket" may already have been sent') as unknown,
    });
    expect(target.seen.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('while the run is still going, says its request is out now rather than that the app stopped', async () => {
    const backend = startBackend();
    const target = await startTarget(() => backend.databaseFile, { hold: true });
    const runbookId = await setUp(backend, target.url);
    const { runId } = await inProcessApi(backend).call('runs.start', { runbookId });
    await target.posted;
    const refusal = {
      code: 'conflict',
      field: 'confirmRepeat',
      message: expect.stringContaining(
        '"Create ticket" may already have been sent: the run is still going and its request is out now.',
      ) as unknown,
    };
    await expect(backend.dispatch('runs.rerun', { id: runId })).rejects.toMatchObject(refusal);
    await expect(backend.dispatch('runs.rerunFrom', { id: runId, stepId: 'create' })).rejects.toMatchObject(
      refusal,
    );
    expect(target.seen.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('is not sent by a run still going once the app is closing', async () => {
    const backend = startBackend();
    const target = await startTarget(() => backend.databaseFile);
    const runbookId = await setUp(backend, target.url, { pauseFirst: true });
    await backend.dispatch('runs.start', { runbookId });
    stopBackend(backend); // The run is in its pause; nothing it does now can be recorded.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(target.seen.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('marks the Run runbook step that started it too, so re-running the outer run asks first', async () => {
    const dataDirectory = temporaryDirectory();
    const first = startBackend(dataDirectory);
    const databaseFile = first.databaseFile;
    const target = await startTarget(() => databaseFile, { hold: true });
    const childId = await setUp(first, target.url, { pauseFirst: true });
    const parentId = await setUpParent(first, childId);
    const { runId } = await inProcessApi(first).call('runs.start', { runbookId: parentId });
    await target.posted;
    // On disk before the request left: the child's step and the parent's step that ran it.
    const post = target.seen.find((request) => request.method === 'POST');
    expect(
      post?.steps
        .filter((step) => step.may_have_been_sent === 1)
        .map((step) => step.step_id)
        .sort(),
    ).toEqual(['call', 'create']);
    stopBackend(first);

    const second = startBackend(dataDirectory);
    const run = await waitForRun(second, runId);
    expect(run.steps.find((step) => step.stepId === 'call')).toMatchObject({
      error: interruptedWhileSendingError,
      mayHaveBeenSent: true,
    });
    await expect(second.dispatch('runs.rerun', { id: runId })).rejects.toMatchObject({
      code: 'conflict',
      field: 'confirmRepeat',
      message: expect.stringContaining('"Open the ticket" may already have been sent') as unknown,
    });
    expect(target.seen.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('keeps the mark of the Run runbook step whose child run was cancelled while its request was out', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    const target = await startTarget(() => backend.databaseFile, { hold: true });
    const childId = await setUp(backend, target.url, { pauseFirst: true });
    const parentId = await setUpParent(backend, childId);
    const { runId } = await api.call('runs.start', { runbookId: parentId });
    await target.posted; // The child's POST is out; the API has it.
    const child = await runAtStep(backend, childId, 'create');
    await api.call('runs.cancel', { id: child });
    expect((await waitForRun(backend, child)).status).toBe('cancelled');
    const run = await waitForRun(backend, runId);
    expect(run.steps.find((step) => step.stepId === 'call')).toMatchObject({
      status: 'failed',
      mayHaveBeenSent: true,
    });
    const refusal = {
      code: 'conflict',
      field: 'confirmRepeat',
      message: expect.stringContaining('"Open the ticket" may already have been sent') as unknown,
    };
    await expect(backend.dispatch('runs.rerun', { id: runId })).rejects.toMatchObject(refusal);
    await expect(backend.dispatch('runs.rerunFrom', { id: runId, stepId: 'call' })).rejects.toMatchObject(
      refusal,
    );
    expect(target.seen.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('keeps the marks of both Run runbook steps above a grandchild run cancelled while its request was out', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    const target = await startTarget(() => backend.databaseFile, { hold: true });
    const childId = await setUp(backend, target.url, { pauseFirst: true });
    const middleId = await setUpParent(backend, childId);
    const outerId = await setUpParent(backend, middleId, 'Onboard everyone');
    const { runId } = await api.call('runs.start', { runbookId: outerId });
    await target.posted;
    await api.call('runs.cancel', { id: await runAtStep(backend, childId, 'create') });
    const run = await waitForRun(backend, runId);
    expect(run.steps.find((step) => step.stepId === 'call')?.mayHaveBeenSent).toBe(true);
    const middle = await waitForRun(backend, await runAtStep(backend, middleId, 'call'));
    expect(middle.steps.find((step) => step.stepId === 'call')?.mayHaveBeenSent).toBe(true);
    await expect(backend.dispatch('runs.rerun', { id: runId })).rejects.toMatchObject({
      field: 'confirmRepeat',
    });
  });

  it('clears the mark of the Run runbook step whose child run was cancelled after its answer came', async () => {
    const backend = startBackend();
    const api = inProcessApi(backend);
    const target = await startTarget(() => backend.databaseFile);
    const childId = await setUp(backend, target.url, { pauseAfter: true });
    const parentId = await setUpParent(backend, childId);
    const { runId } = await api.call('runs.start', { runbookId: parentId });
    const child = await runAtStep(backend, childId, 'wait');
    await api.call('runs.cancel', { id: child });
    const run = await waitForRun(backend, runId);
    expect(run.steps.find((step) => step.stepId === 'call')).toMatchObject({
      status: 'failed',
      mayHaveBeenSent: false,
    });
    await expect(api.call('runs.rerun', { id: runId })).resolves.toMatchObject({ runId: expect.any(String) });
  });
});
