/**
 * The rate limit of an integration holds across the processes on one data folder without
 * `--queue`: a `runbook-designer run` (the built CLI, a real second process) holds the only place
 * of an integration limited to one request at once, so a run of the app on the same folder waits;
 * killed with SIGKILL, the CLI gives nothing back, and its place is freed once its process is seen
 * gone (well before its 30 s lease would lapse).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listen } from '../../electron/services/http/testSupport/localServers';
import { oneStepDraft } from '../../electron/services/testSupport/drafts';
import { waitForRun } from '../../electron/services/testSupport/runs';
import { startBackend, stopBackend } from '../../electron/services/testSupport/temporaryBackend';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';
import { startCli } from './support/cliProcess';

const cliKey = 'cli-rate-limit-e2e-key-0123456789abcdef';
const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-cli-rate-limit-'));
afterAll(() => fs.rmSync(workDirectory, { recursive: true, force: true }));

/** A local API that holds every request until `answerAll`, noting whether each came after the kill. */
async function holdingApi() {
  const arrivals: { afterKill: boolean }[] = [];
  const state = { isKilled: false };
  const held: http.ServerResponse[] = [];
  const server = http.createServer((_request, response) => {
    arrivals.push({ afterKill: state.isKilled });
    response.setHeader('content-type', 'application/json');
    held.push(response);
  });
  const local = await listen(server);
  const answerAll = () => {
    for (const response of held.splice(0)) response.end('{}');
  };
  return { url: local.url, arrivals, state, answerAll, close: local.close };
}

/** An exported runbook calling the API once through an integration limited to one request at once. */
async function limitedRunbookFile(url: string): Promise<string> {
  const author = startBackend(undefined, cliKey);
  const { call } = inProcessApi(author);
  const { id: integrationId } = await call('integrations.create', {
    details: { name: 'Limited API', category: 'Other' },
  });
  const rateLimits = { requestsPerSecond: null, requestsPerMinute: null, concurrentRequests: 1 };
  await call('integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: url, behaviour: { rateLimits } } as never,
  });
  const method = await call('methods.create', {
    integrationId,
    definition: { name: 'Ping', httpMethod: 'GET', path: '/ping' },
  });
  const { id } = await call('runbooks.create', { details: { name: 'Ping' } });
  await call('runbooks.update', {
    id,
    draft: oneStepDraft({ id: 'ping', name: 'Ping', type: 'method', methodId: method.id }),
  });
  const { content, fileName } = await call('runbooks.export', { id });
  stopBackend(author);
  const file = path.join(workDirectory, fileName);
  fs.writeFileSync(file, content);
  return file;
}

/** Resolves once `done()` holds; bounded (15 s, half a lease). */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 300 && !done(); attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (!done()) throw new Error(`not seen in 15 s: ${what}`);
}

describe('a rate limit shared with runbook-designer run on the same data folder', () => {
  it('holds the app’s request while the CLI holds the place, and frees it once the CLI is killed', async () => {
    const api = await holdingApi();
    const file = await limitedRunbookFile(api.url);
    const dataDirectory = fs.mkdtempSync(path.join(workDirectory, 'data-'));
    const cli = startCli(['run', file, '--data-dir', dataDirectory], { RUNBOOK_DESIGNER_KEY: cliKey });
    await until(() => api.arrivals.length === 1, 'the CLI’s request at the API');

    const app = startBackend(dataDirectory, cliKey);
    let isPinging = false;
    app.events.onDidEmit((message) => {
      if (message.name === 'runs.stepChanged' && message.payload.step.stepId === 'ping') isPinging = true;
    });
    const { call } = inProcessApi(app);
    const [runbook] = (await call('runbooks.list', {})).items;
    const { runId } = await call('runs.start', { runbookId: runbook?.id ?? '', inputs: {} });
    await until(() => isPinging, 'the app’s step waiting for its place');
    // Its request waits for the place the CLI holds (without the shared limit it arrived at once).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(api.arrivals).toHaveLength(1);

    api.state.isKilled = true;
    cli.child.kill('SIGKILL');
    expect(await cli.exited).toBe('SIGKILL');
    await until(() => api.arrivals.length === 2, 'the app’s request once the CLI was killed');
    expect(api.arrivals[1]).toEqual({ afterKill: true });
    api.answerAll();
    expect((await waitForRun(app, runId, 30)).status).toBe('succeeded');
    await api.close();
  }, 120_000);
});
