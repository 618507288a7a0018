/**
 * A run's page and the runs list apply run events instead of reading again: a run of hundreds of
 * steps, watched from its first step on, is read once (runs.get) while every record appears, and
 * the list is read once (runs.list) while new runs come and finish. The list reads older runs a
 * page at a time as its end comes into view (or by "Load more"), keeping its filters, says which
 * version each run ran, and still applies run events to every page.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

/** Items of the For each: each is two records (For each, Set variables). */
const itemCount = 150;
/** Start, Hold, the For each and its body per item, the For each once more, End. */
const recordCount = 2 + itemCount * 2 + 2;

let server: ServeProcess;
let browser: Browser;
let page: Page;
let upstream: http.Server;
/** Answers the requests held so far; later ones are answered at once. */
let release: () => void;
let runbookId: string;
const calls: string[] = [];

/** An API whose answers wait until the test releases them, so a run stays at its first request. */
async function startUpstream(): Promise<string> {
  let held: http.ServerResponse[] = [];
  let isHolding = true;
  const answer = (response: http.ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok": true}');
  };
  release = () => {
    isHolding = false;
    for (const response of held.splice(0)) answer(response);
  };
  upstream = http.createServer((request, response) => {
    request.resume();
    if (isHolding) held.push(response);
    else answer(response);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  held = [];
  return `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`;
}

async function createRunbook(upstreamUrl: string): Promise<string> {
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Held API', category: 'Other' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: upstreamUrl },
  });
  const { id: methodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Hold', httpMethod: 'GET', path: '/hold' },
  });
  const { id } = await callApi(server, 'runbooks.create', {
    details: { name: 'Many steps' },
  });
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      inputs: [
        {
          name: 'list',
          type: 'json',
          defaultValue: JSON.stringify(Array.from({ length: itemCount }, (_, i) => i)),
        },
      ],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'hold', name: 'Hold', type: 'method', methodId },
        { id: 'each', name: 'Each', type: 'forEach', items: '{{inputs.list}}' },
        {
          id: 'keep',
          name: 'Keep',
          type: 'setVariables',
          assignments: [{ name: 'last', value: '{{item}}' }],
        },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'hold' },
        { from: 'hold', kind: 'success', to: 'each' },
        { from: 'each', kind: 'body', to: 'keep' },
        { from: 'keep', kind: 'next', to: 'each' },
        { from: 'each', kind: 'done', to: 'done' },
      ],
    },
  });
  return id;
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-run-events-')) });
  runbookId = await createRunbook(await startUpstream());
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // Every contract call the window makes, by name.
  page.on('request', (request) => {
    const name = /\/api\/([\w.]+)$/.exec(new URL(request.url()).pathname)?.[1];
    if (name !== undefined) calls.push(name);
  });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

const callsOf = (name: string) => calls.filter((call) => call === name).length;

describe('run events in the window', () => {
  it('shows every record of a run of hundreds of steps, reading the run once', async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId });
    await page.goto(`${server.origin}/#/runs/${runId}`);
    // The run waits at its request: the page shows it going, read once.
    const records = page.locator('.run-steps > li');
    await expect.poll(() => records.count()).toBe(2);
    await page.locator('.run-steps .run-badge.run-running').waitFor();
    release();
    await page.locator('.page-header .run-badge.run-succeeded').waitFor();
    // The first 200 are drawn, the rest as the list's end comes near (a run holds up to 10,000).
    await expect.poll(() => records.count()).toBe(200);
    const notShown = page.getByText(`${String(recordCount - 200)} more records not shown yet.`);
    await notShown.scrollIntoViewIfNeeded();
    await expect.poll(() => records.count()).toBe(recordCount);
    expect(await page.locator('.run-steps .run-badge.run-running').count()).toBe(0);
    expect(callsOf('runs.get')).toBe(1);
    // A record from an event is a summary: opening it reads that one record whole.
    await records.nth(1).locator('summary').click();
    await page.locator('.run-steps').getByText('Response', { exact: true }).waitFor();
    expect(callsOf('runs.step')).toBe(1);
    expect(callsOf('runs.get')).toBe(1);
  });

  it('lists new runs as they come and finish, reading the list once', async () => {
    await page.getByRole('link', { name: 'Runs' }).first().click();
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const listReads = callsOf('runs.list');
    await callApi(server, 'runs.start', { runbookId });
    await callApi(server, 'runs.start', { runbookId });
    await expect.poll(() => rows.count()).toBe(3);
    await expect.poll(() => page.locator('table .run-badge.run-succeeded').count()).toBe(3);
    expect(callsOf('runs.list')).toBe(listReads);
  });
});

/** Start → End; its webhook (no authentication) runs the published version. */
async function quickRunbook(): Promise<string> {
  const { id } = await callApi(server, 'runbooks.create', { details: { name: 'Quick' } });
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled: true, authentication: 'none' } },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    } as never,
  });
  await callApi(server, 'runbooks.publish', { id, note: 'first' });
  return id;
}

describe('the runs list, a page at a time', () => {
  /** More than one page (100) of manual runs, and one run of version 1 from the webhook. */
  const manualRuns = 130;
  let quickId: string;
  const rows = () => page.locator('table.runs-table tbody tr');

  beforeAll(async () => {
    quickId = await quickRunbook();
    for (let index = 0; index < manualRuns; index += 1)
      await callApi(server, 'runs.start', { runbookId: quickId });
    const { webhook } = await callApi(server, 'runbooks.triggers', { id: quickId });
    const posted = await fetch(webhook.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(posted.status, await posted.clone().text()).toBe(202);
    // Every run ended (a bounded wait), so the list below holds no run still changing.
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const ended = await callApi(server, 'runs.list', {
        runbookId: quickId,
        status: 'succeeded',
        limit: 500,
      });
      if (ended.length === manualRuns + 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);

  it('reads the next page when the end of the list comes into view, keeping the filter', async () => {
    await page.goto(`${server.origin}/#/runs`);
    await page.getByLabel('Filter by runbook').selectOption({ label: 'Quick' });
    await expect.poll(() => rows().count()).toBe(100);
    // Newest first: the webhook's run of version 1, then runs of the draft.
    await expect.poll(() => rows().first().locator('td').nth(2).textContent()).toBe('v1');
    expect(await rows().nth(1).locator('td').nth(2).textContent()).toBe('draft');
    expect(await page.getByRole('columnheader', { name: 'Version' }).count()).toBe(1);
    await rows().last().scrollIntoViewIfNeeded();
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(manualRuns + 1);
    // Every row is the filter's: the second page was read with it.
    const runbookCells = await page.locator('table.runs-table tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(runbookCells)).toEqual(new Set(['Quick']));
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await saveScreenshot(page, 'runs-list-paged');
  });

  it('reads the next page by keyboard with "Load more"', async () => {
    // Back at the top, so the list's end is out of view and only the button reads on.
    await page.getByRole('heading', { name: 'Runs', level: 1 }).scrollIntoViewIfNeeded();
    await page.getByLabel('Filter by trigger').selectOption('manual');
    await expect.poll(() => rows().count()).toBe(100);
    const more = page.getByRole('button', { name: 'Load more' });
    await more.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(manualRuns);
    expect(await more.count()).toBe(0);
  });

  it('applies run events to the pages read, without reading the list again', async () => {
    const listReads = callsOf('runs.list');
    const { runId } = await callApi(server, 'runs.start', { runbookId: quickId });
    await expect.poll(() => rows().count()).toBe(manualRuns + 1);
    const newest = page.locator(`table.runs-table tbody tr:has(a[href$="${runId}"])`);
    await newest.locator('.run-badge.run-succeeded').waitFor();
    expect(await rows().first().locator(`a[href$="${runId}"]`).count()).toBe(1);
    expect(callsOf('runs.list')).toBe(listReads);
  });
});
