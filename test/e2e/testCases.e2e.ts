/**
 * Runbook test cases in Chromium against `npm run serve` and a ticket API on 127.0.0.1: a run is
 * saved as a test case with an output expectation from its page, the designer's Run tests replays
 * it green, and once the method's body changes the case fails with the request's diff — the API
 * receiving nothing while tests run; with three cases, each one's state shows as it happens.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../shared/api/contract';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let upstream: http.Server;
/** Every request the ticket API received, as `METHOD url body`. */
const received: string[] = [];
let runbookId = '';
let methodId = '';
let usersMethodId = '';
let reportMethodId = '';
/** The chunks of the report, each an output of its own. */
const reportChunks = 50;
/** How long the slow test case waits in a Delay: long enough to see the others' states meanwhile. */
const holdSeconds = 8;

async function startTicketApi(): Promise<string> {
  upstream = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      // A directory of 12,000 users in one object, more than a runbook file carries in one.
      if (request.url === '/users') {
        response.writeHead(200, { 'content-type': 'application/json' });
        const users = Array.from({ length: 12_000 }, (_, index) => [`u${String(index)}`, index]);
        response.end(JSON.stringify(Object.fromEntries(users)));
        return;
      }
      // A report: one text of 1,100,000 characters and 50 chunks of 9,990.
      if (request.url === '/report') {
        response.writeHead(200, { 'content-type': 'application/json' });
        const chunks = Array.from({ length: reportChunks }, () => 'c'.repeat(9_990));
        response.end(JSON.stringify({ text: 'x'.repeat(1_100_000), chunks }));
        return;
      }
      received.push(`${request.method ?? ''} ${request.url ?? ''} ${body}`);
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end('{"ticket": "T-1"}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`;
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-test-cases-')) });
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Tickets', category: 'Other' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: await startTicketApi() },
  });
  ({ id: methodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: 'Open ticket',
      httpMethod: 'POST',
      path: '/tickets',
      body: { kind: 'json', text: '{"title": "{{title}}"}' },
      outputs: [{ name: 'ticket', expression: 'response^ticket!' }],
    },
  }));
  ({ id: usersMethodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: 'Users',
      httpMethod: 'GET',
      path: '/users',
      outputs: [{ name: 'users', expression: '$' }],
    },
  }));
  // Three copies of the text (3.3 MB) and each chunk (0.5 MB): a case that fits, not twice its chunks.
  const copies = ['text0', 'text1', 'text2'].map((name) => ({ name, expression: '$.text' }));
  const chunks = Array.from({ length: reportChunks }, (_, index) => ({
    name: `chunk${String(index)}`,
    expression: `$.chunks[${String(index)}]`,
  }));
  ({ id: reportMethodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Report', httpMethod: 'GET', path: '/report', outputs: [...copies, ...chunks] },
  }));
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Open a ticket' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'title', type: 'string', defaultValue: 'VPN down' }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'open',
          name: 'Open ticket',
          type: 'method',
          methodId,
          arguments: { title: '{{inputs.title}}' },
        },
        { id: 'done', name: 'Done', type: 'end', message: 'Opened {{steps.open.outputs.ticket}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'open' },
        { from: 'open', kind: 'success', to: 'done' },
      ],
      positions: { start: { x: 0, y: 0 }, open: { x: 0, y: 140 }, done: { x: 0, y: 280 } },
    } as never,
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // The address with the session token, which the window keeps for its session.
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  upstream.close();
});

async function endedRun(runId: string): Promise<CallOutput<'runs.get'>> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const run = await callApi(server, 'runs.get', { id: runId });
    if (run.status !== 'queued' && run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runId} did not end`);
}

/** Opens the designer's test cases and runs them; the dialog once the summary says how they went. */
async function runTests(summary: string) {
  const dialog = page.getByRole('dialog', { name: 'Test cases' });
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Test cases' }).click();
  await dialog.getByRole('listitem', { name: 'Opens T-1' }).waitFor();
  await dialog.getByRole('button', { name: 'Run tests' }).click();
  await dialog.getByRole('status').getByText(summary).waitFor();
  return dialog;
}

describe('runbook test cases in the window', () => {
  it('saves a run as a test case with an output expectation', async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId });
    expect((await endedRun(runId)).status).toBe('succeeded');
    expect(received).toEqual(['POST /tickets {"title": "VPN down"}']);
    await page.goto(`${server.origin}/#/runs/${runId}`);
    await page.getByRole('button', { name: 'Save as test case' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as test case' });
    await dialog.getByLabel('Name').fill('Opens T-1');
    expect(await dialog.getByLabel('The run ends succeeded').isChecked()).toBe(true);
    await dialog.getByLabel('“Open ticket” output ticket is "T-1"').check();
    await dialog.getByLabel('“Open ticket” is reached').check();
    await saveScreenshot(page, 'save-test-case');
    await dialog.getByRole('button', { name: 'Save test case' }).click();
    await dialog.waitFor({ state: 'detached' });

    const [saved] = await callApi(server, 'testCases.list', { runbookId });
    expect(saved).toMatchObject({ name: 'Opens T-1', inputs: { title: 'VPN down' } });
    expect(saved?.expectations).toEqual([
      { kind: 'outcome', status: 'succeeded' },
      { kind: 'output', stepId: 'open', name: 'ticket', equals: 'T-1' },
      { kind: 'reached', stepId: 'open', isReached: true },
    ]);
  });

  it('runs the test cases green from the designer, sending nothing', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.getByRole('heading', { name: 'Open a ticket' }).waitFor();
    const dialog = await runTests('Tests: 1 passed, 0 failed');
    const item = dialog.getByRole('listitem', { name: 'Opens T-1' });
    await item.getByText('passed', { exact: true }).waitFor();
    await item.getByText('“Open ticket” output ticket is "T-1"').waitFor();
    expect(received).toHaveLength(1);
  });

  it('fails the case once the request changes, showing the body’s diff', async () => {
    const method = await callApi(server, 'methods.get', { id: methodId });
    await callApi(server, 'methods.update', {
      id: methodId,
      definition: {
        ...method.definition,
        body: { kind: 'json', text: '{"title": "{{title}}", "urgent": true}' },
      },
    });
    const dialog = await runTests('Tests: 0 passed, 1 failed');
    const item = dialog.getByRole('listitem', { name: 'Opens T-1' });
    await item.getByText('failed', { exact: true }).waitFor();
    await item.getByText('The request of “Open ticket” differs from the recording:').waitFor();
    await item.getByText('expected the run to end succeeded, it ended failed').waitFor();
    const body = item.locator('pre[aria-label="Body change 1"]');
    expect(await body.textContent()).toContain('"urgent": true');
    await saveScreenshot(page, 'test-cases');
    expect(received).toHaveLength(1);
  });

  it('edits a case’s name and expectations, and deletes it after asking', async () => {
    const dialog = page.getByRole('dialog', { name: 'Test cases' });
    await dialog.getByRole('button', { name: 'Edit Opens T-1' }).click();
    const editor = dialog.getByRole('form', { name: 'Edit Opens T-1' });
    await editor.getByLabel('Name').fill('Opens an urgent ticket');
    await editor.getByLabel('“Open ticket” is reached').uncheck();
    await editor.getByRole('button', { name: 'Save changes' }).click();
    const renamed = dialog.getByRole('listitem', { name: 'Opens an urgent ticket' });
    await renamed.getByRole('list', { name: 'Expectations of Opens an urgent ticket' }).waitFor();
    expect(await renamed.getByText('“Open ticket” is reached').count()).toBe(0);

    await renamed.getByRole('button', { name: 'Delete Opens an urgent ticket' }).click();
    await renamed.getByRole('button', { name: 'Delete test case' }).click();
    await dialog.getByText('No test cases yet.').waitFor();
    expect(await callApi(server, 'testCases.list', { runbookId })).toEqual([]);
  });

  it('shows each case’s result as it finishes: queued, running, then passed, before the last one ends — also when opened again meanwhile', async () => {
    // A Delay of the input's seconds: a case saved from a run that waited waits as long in replay.
    const { id: waitingId } = await callApi(server, 'runbooks.create', {
      details: { name: 'Wait a little' },
    });
    await callApi(server, 'runbooks.update', {
      id: waitingId,
      draft: {
        inputs: [{ name: 'wait', type: 'string', defaultValue: '0' }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'wait', name: 'Wait', type: 'delay', seconds: '{{inputs.wait}}' },
          { id: 'done', name: 'Done', type: 'end', message: 'Waited {{inputs.wait}} s' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'wait' },
          { from: 'wait', kind: 'next', to: 'done' },
        ],
      },
    });
    const endedAfter = async (wait: string) => {
      const { runId } = await callApi(server, 'runs.start', { runbookId: waitingId, inputs: { wait } });
      expect((await endedRun(runId)).status).toBe('succeeded');
      return runId;
    };
    const quick = await endedAfter('0');
    const slow = await endedAfter(String(holdSeconds));
    // Listed in the order saved: the slow case holds the third while the first has passed.
    await callApi(server, 'testCases.saveFromRun', { runId: quick, name: 'At once' });
    await callApi(server, 'testCases.saveFromRun', { runId: slow, name: 'After a wait' });
    await callApi(server, 'testCases.saveFromRun', { runId: quick, name: 'At once again' });

    await page.goto(`${server.origin}/#/runbooks/${waitingId}`);
    await page.getByRole('heading', { name: 'Wait a little' }).waitFor();
    await page.getByRole('button', { name: 'Test cases' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test cases' });
    const badgeOf = (name: string) =>
      dialog.getByRole('listitem', { name, exact: true }).locator('.test-case-head .badge');
    await dialog.getByRole('listitem', { name: 'At once again' }).waitFor();
    await dialog.getByRole('button', { name: 'Run tests' }).click();

    await badgeOf('At once').getByText('passed', { exact: true }).waitFor();
    // Read together, while the second case waits out its Delay (holdSeconds).
    const shown = await Promise.all(
      ['At once', 'After a wait', 'At once again'].map((name) => badgeOf(name).textContent()),
    );
    expect(shown).toEqual(['passed', 'running', 'queued']);
    await dialog.getByRole('status').getByText('Running… 1 of 3 done').waitFor();
    expect(await dialog.getByRole('button', { name: 'Running tests…' }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'test-cases-live');

    // Closed and opened again while the slow case waits: the run is taken up where it is.
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Test cases' }).click();
    await dialog.getByRole('status').getByText('Running… 1 of 3 done').waitFor();
    const reopened = await Promise.all(
      ['At once', 'After a wait', 'At once again'].map((name) => badgeOf(name).textContent()),
    );
    expect(reopened).toEqual(['passed', 'running', 'queued']);
    expect(await dialog.getByRole('button', { name: 'Running tests…' }).isDisabled()).toBe(true);

    await dialog.getByRole('status').getByText('Tests: 3 passed, 0 failed').waitFor({ timeout: 60_000 });
    for (const name of ['At once', 'After a wait', 'At once again'])
      expect(await badgeOf(name).textContent()).toBe('passed');

    // Tests started elsewhere (the API, another window) while the dialog is open show there too.
    const elsewhere = callApi(server, 'testCases.run', {
      runbookId: waitingId,
      testRunId: crypto.randomUUID(),
    });
    await dialog.getByRole('status').getByText('Running… 1 of 3 done').waitFor();
    expect(await badgeOf('After a wait').textContent()).toBe('running');
    expect((await elsewhere).map((result) => result.isPassed)).toEqual([true, true, true]);
    await dialog.getByRole('status').getByText('Tests: 3 passed, 0 failed').waitFor();
    expect(await dialog.getByRole('button', { name: 'Run tests' }).isEnabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('says in the dialog why a run recording more than a runbook file carries is not saved', async () => {
    const { id: directoryId } = await callApi(server, 'runbooks.create', { details: { name: 'Directory' } });
    await callApi(server, 'runbooks.update', {
      id: directoryId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'fetch', name: 'Fetch users', type: 'method', methodId: usersMethodId },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'fetch' },
          { from: 'fetch', kind: 'success', to: 'done' },
        ],
      } as never,
    });
    const { runId } = await callApi(server, 'runs.start', { runbookId: directoryId });
    expect((await endedRun(runId)).status).toBe('succeeded');
    await page.goto(`${server.origin}/#/runs/${runId}`);
    await page.getByRole('button', { name: 'Save as test case' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as test case' });
    await dialog.getByRole('button', { name: 'Save test case' }).click();
    await dialog
      .getByRole('alert')
      .getByText(
        'The output "users" of "Fetch users" holds an object of more than 10,000 keys; a runbook\'s file ' +
          'carries at most 10,000 keys in one object, so a test case cannot keep it',
        { exact: false },
      )
      .waitFor();
    expect(await callApi(server, 'testCases.list', { runbookId: directoryId })).toEqual([]);
  });

  it('says in the dialog why expectations past what a runbook file carries are not saved, and saves nothing', async () => {
    const { id: reportId } = await callApi(server, 'runbooks.create', { details: { name: 'Report' } });
    await callApi(server, 'runbooks.update', {
      id: reportId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'fetch', name: 'Fetch report', type: 'method', methodId: reportMethodId },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'fetch' },
          { from: 'fetch', kind: 'success', to: 'done' },
        ],
      } as never,
    });
    const { runId } = await callApi(server, 'runs.start', { runbookId: reportId });
    expect((await endedRun(runId)).status).toBe('succeeded');
    await page.goto(`${server.origin}/#/runs/${runId}`);
    await page.getByRole('button', { name: 'Save as test case' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as test case' });
    // The intro is set off from the Name label below it (it touched it: 0 px between them).
    const intro = await dialog.getByText('The case keeps', { exact: false }).boundingBox();
    const nameLabel = await dialog.getByText('Name', { exact: true }).boundingBox();
    expect((nameLabel?.y ?? 0) - ((intro?.y ?? 0) + (intro?.height ?? 0))).toBeGreaterThanOrEqual(10);
    const chunkChoices = dialog.getByRole('checkbox', { name: /output chunk\d+ is/ });
    expect(await chunkChoices.count()).toBe(reportChunks);
    for (const choice of await chunkChoices.all()) await choice.check();
    await dialog.getByRole('button', { name: 'Save test case' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/\(the values it expects take 0\.\d MB\), so a test case cannot keep it/)
      .waitFor();
    // Nothing is saved, not even the case without its expectations.
    expect(await callApi(server, 'testCases.list', { runbookId: reportId })).toEqual([]);
    // With fewer values expected, the case is saved with all of them at once.
    for (const choice of (await chunkChoices.all()).slice(5)) await choice.uncheck();
    await dialog.getByRole('button', { name: 'Save test case' }).click();
    await dialog.waitFor({ state: 'detached' });
    const [saved] = await callApi(server, 'testCases.list', { runbookId: reportId });
    expect(saved?.expectations.map((expectation) => expectation.kind)).toEqual([
      'outcome',
      'output',
      'output',
      'output',
      'output',
      'output',
    ]);
  });
});
