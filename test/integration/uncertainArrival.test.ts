/**
 * A request that may change another system and got no answer after it was sent — its step's time
 * limit ran out, or the connection was reset once the API had read it — keeps its step's "may have
 * been sent" mark, says so in the step's record, and running it again asks first; one that was
 * certainly not sent (the connection refused) clears it, and running it again does not ask.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackend } from '../../electron/services/testSupport/temporaryBackend';
import { oneStepDraft } from '../../electron/services/testSupport/drafts';
import { waitForRun } from '../../electron/services/testSupport/runs';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** An API on 127.0.0.1 that reads each POST whole, counts it, then does as `onPost` says. */
async function startApi(onPost: (request: http.IncomingMessage, response: http.ServerResponse) => void) {
  const posts: string[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      posts.push(request.url ?? '');
      onPost(request, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`, posts, server };
}

/** A runbook Start → "Create ticket" (a POST to `baseUrl`, with the step's own time limit if given) → Done. */
async function ticketRunbook(
  backend: ReturnType<typeof startBackend>,
  baseUrl: string,
  timeoutSeconds?: number,
) {
  const api = inProcessApi(backend);
  const { id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Tickets', category: 'Other' },
  });
  await api.call('integrations.updateDefinition', { id: integrationId, definition: { baseUrl } });
  const { id: methodId } = await api.call('methods.create', {
    integrationId,
    definition: { name: 'Create ticket', httpMethod: 'POST', path: '/tickets' },
  });
  const { id: runbookId } = await api.call('runbooks.create', { details: { name: 'Open a ticket' } });
  await api.call('runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({
      id: 'create',
      name: 'Create ticket',
      type: 'method',
      methodId,
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    }),
  });
  return runbookId;
}

/** Runs the runbook to its end; its "Create ticket" step's record. */
async function runToEnd(backend: ReturnType<typeof startBackend>, runbookId: string) {
  const { runId } = await inProcessApi(backend).call('runs.start', { runbookId });
  const run = await waitForRun(backend, runId);
  expect(run.status).toBe('failed');
  return { runId, step: run.steps.find((step) => step.stepId === 'create') };
}

const mayHaveArrived = 'it may have reached the API. Check there before repeating it.';
const askedFirst = {
  code: 'conflict',
  field: 'confirmRepeat',
  message: expect.stringContaining('"Create ticket" may already have been sent') as unknown,
};

describe('a POST that got no answer after it was sent', () => {
  it('keeps its mark when the step’s own time limit ran out while the API held it', async () => {
    const backend = startBackend();
    const api = await startApi(() => undefined); // Read whole, never answered.
    const runbookId = await ticketRunbook(backend, api.url, 1);
    const { runId, step } = await runToEnd(backend, runbookId);
    expect(step).toMatchObject({ status: 'failed', mayHaveBeenSent: true });
    expect(step?.error).toContain('"Create ticket" did not finish within its 1 s timeout.');
    expect(step?.error).toContain(mayHaveArrived);
    expect(step?.request).toMatchObject({ method: 'POST' });
    await expect(backend.dispatch('runs.rerun', { id: runId })).rejects.toMatchObject(askedFirst);
    await expect(backend.dispatch('runs.rerunFrom', { id: runId, stepId: 'create' })).rejects.toMatchObject(
      askedFirst,
    );
    expect(api.posts).toHaveLength(1);
  });

  it('keeps its mark when the connection was reset after the API read it', async () => {
    const backend = startBackend();
    const api = await startApi((request) => request.socket.resetAndDestroy());
    const runbookId = await ticketRunbook(backend, api.url);
    const { runId, step } = await runToEnd(backend, runbookId);
    expect(step).toMatchObject({ status: 'failed', mayHaveBeenSent: true });
    expect(step?.error).toContain(mayHaveArrived);
    await expect(backend.dispatch('runs.rerun', { id: runId })).rejects.toMatchObject(askedFirst);
    expect(api.posts).toHaveLength(1);
  });
});

describe('a Wait for approval whose Notify POST got no answer after it was sent', () => {
  it('fails keeping its mark, saying the request may have reached the API', async () => {
    const backend = startBackend();
    await backend.triggersReady;
    const api = await startApi(() => undefined); // Read whole, never answered.
    const call = inProcessApi(backend).call;
    const { id: integrationId } = await call('integrations.create', {
      details: { name: 'Chat', category: 'Other' },
    });
    await call('integrations.updateDefinition', { id: integrationId, definition: { baseUrl: api.url } });
    const { id: methodId } = await call('methods.create', {
      integrationId,
      definition: { name: 'Post message', httpMethod: 'POST', path: '/messages', timeoutMs: 300 },
    });
    const { id: runbookId } = await call('runbooks.create', { details: { name: 'Ask in chat' } });
    await call('runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          {
            id: 'ask',
            name: 'Ask',
            type: 'approval',
            message: 'Go?',
            timeoutMinutes: 60,
            notify: { methodId },
          },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'ask' },
          ...['approved', 'rejected', 'timed_out'].map((kind) => ({ from: 'ask', kind, to: 'done' })),
        ],
      } as never,
    });
    const { runId } = await call('runs.start', { runbookId });
    const run = await waitForRun(backend, runId);
    expect(run.status).toBe('failed');
    const step = run.steps.find((record) => record.stepId === 'ask');
    expect(step).toMatchObject({ status: 'failed', mayHaveBeenSent: true });
    expect(step?.error).toContain(`Its Notify request failed: POST ${api.url} did not answer within 300 ms.`);
    expect(step?.error).toContain(mayHaveArrived);
    await expect(backend.dispatch('runs.rerun', { id: runId })).rejects.toMatchObject({
      field: 'confirmRepeat',
    });
    expect(api.posts).toHaveLength(1);
  });
});

describe('a POST whose fate is known', () => {
  it('clears its mark when the connection was refused: it was not sent, and running again does not ask', async () => {
    const backend = startBackend();
    const api = await startApi(() => undefined);
    servers.splice(servers.indexOf(api.server), 1);
    await new Promise((resolve) => api.server.close(resolve)); // Nothing listens at its port now.
    const runbookId = await ticketRunbook(backend, api.url);
    const { runId, step } = await runToEnd(backend, runbookId);
    expect(step).toMatchObject({ status: 'failed', mayHaveBeenSent: false });
    expect(step?.error).toMatch(/connection was refused/);
    expect(step?.error).not.toContain(mayHaveArrived);
    await expect(inProcessApi(backend).call('runs.rerun', { id: runId })).resolves.toMatchObject({
      runId: expect.any(String),
    });
  });

  it('clears its mark when the API answered with an error', async () => {
    const backend = startBackend();
    const api = await startApi((_request, response) => response.writeHead(500).end('{}'));
    const runbookId = await ticketRunbook(backend, api.url);
    const { step } = await runToEnd(backend, runbookId);
    expect(step).toMatchObject({ status: 'failed', mayHaveBeenSent: false, error: 'The API answered 500.' });
  });
});
