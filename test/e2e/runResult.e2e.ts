/**
 * An End step's message is the run's result: the designer's canvas shows each End's outcome on
 * its card, and a run's page shows how the run ended with the message of the End it ended at —
 * for a Succeeded End and for a Failed one. A run's page shows request and response bodies as
 * the Test panel's tree (text bodies as text), and what started the run: a webhook's payload, a
 * schedule's due time, or that a person started it — never a "Webhook payload" of another trigger.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId: string;
let upstream: http.Server;

/** A ticket API: JSON for /tickets, plain text for anything else. */
async function startUpstream(): Promise<string> {
  upstream = http.createServer((request, response) => {
    request.resume();
    if (request.url?.startsWith('/tickets') === true) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ticket": {"id": "T-7", "state": "closed", "tags": ["vpn"]}}');
    } else {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('pong from the ticket API');
    }
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`;
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-run-result-')) });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Close a ticket' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'check',
          name: 'Is it known?',
          type: 'condition',
          rules: [{ left: '{{inputs.ticket}}', operator: 'contains', right: 'T-' }],
        },
        {
          id: 'closed',
          name: 'Closed',
          type: 'end',
          outcome: 'succeeded',
          message: 'Closed {{inputs.ticket}}',
        },
        {
          id: 'unknown',
          name: 'Unknown',
          type: 'end',
          outcome: 'failed',
          message: 'No ticket called {{inputs.ticket}}',
        },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'check' },
        { from: 'check', kind: 'true', to: 'closed' },
        { from: 'check', kind: 'false', to: 'unknown' },
      ],
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

/** The run's outcome as its page shows it, once the run has ended. */
async function outcomeOf(runId: string) {
  await page.goto(`${server.origin}/#/runs/${runId}`);
  const outcome = page.getByRole('region', { name: 'Run outcome' });
  await outcome.waitFor();
  return outcome;
}

describe("an End step's message is the run's result", () => {
  it('shows the outcome of each End on its card in the designer', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    const closed = page.locator(`${stepSelector('closed')} .end-outcome`);
    const unknown = page.locator(`${stepSelector('unknown')} .end-outcome`);
    await closed.waitFor();
    expect(await closed.textContent()).toBe('End · succeeded');
    expect(await unknown.textContent()).toBe('End · failed');
    expect(await unknown.getAttribute('class')).toContain('end-failed');
  });

  it('shows a Succeeded End’s message as the outcome of the run, and the End’s outcome on its path', async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId, inputs: { ticket: 'T-42' } });
    const outcome = await outcomeOf(runId);
    await outcome.getByText('Succeeded', { exact: true }).waitFor();
    await outcome.getByText('Closed T-42', { exact: true }).waitFor();
    const end = page.locator(`${stepSelector('closed')} .end-outcome`);
    await end.waitFor();
    expect(await end.textContent()).toBe('End · succeeded');
    await saveScreenshot(page, 'run-result-succeeded');
  });

  it('shows a Failed End’s message once, as the reason the run failed', async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId, inputs: { ticket: 'nothing' } });
    const outcome = await outcomeOf(runId);
    await outcome.getByText('Failed', { exact: true }).waitFor();
    await outcome.getByText('No ticket called nothing', { exact: true }).waitFor();
    expect(await page.getByText('No ticket called nothing').count()).toBe(1);
    await saveScreenshot(page, 'run-result-failed');
  });
});

describe("a run's page draws the runbook as it is now", () => {
  it('fits every step of a runbook built after the window first read it, not the older answer', async () => {
    const { id } = await callApi(server, 'runbooks.create', { details: { name: 'Built since' } });
    // The designer reads the runbook (Start alone) into the window's cache.
    await page.goto(`${server.origin}/#/runbooks/${id}`);
    await page.locator(stepSelector('start')).waitFor();
    const rule = [{ left: 'a', operator: 'contains' as const, right: 'a' }];
    const others = ['first', 'second', 'yes', 'no', 'never'];
    await callApi(server, 'runbooks.update', {
      id,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'first', name: 'First', type: 'condition', rules: rule },
          { id: 'second', name: 'Second', type: 'condition', rules: rule },
          { id: 'yes', name: 'Yes', type: 'end' },
          { id: 'no', name: 'No', type: 'end' },
          { id: 'never', name: 'Never', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'first' },
          { from: 'first', kind: 'true', to: 'second' },
          { from: 'first', kind: 'false', to: 'never' },
          { from: 'second', kind: 'true', to: 'yes' },
          { from: 'second', kind: 'false', to: 'no' },
        ],
        positions: Object.fromEntries(
          ['start', ...others].map((step, index) => [step, { x: 0, y: index * 220 }]),
        ),
      },
    });
    const { runId } = await callApi(server, 'runs.start', { runbookId: id, inputs: {} });
    await endedRun(runId);
    // Within the page, as a click on the run's link goes: the cache still holds the older answer.
    await page.evaluate(`window.location.hash = '#/runs/${runId}'`);
    await page.getByRole('region', { name: 'Run outcome' }).waitFor();
    await page.locator(stepSelector('never')).waitFor();
    await waitForStillCanvas(page);
    const canvas = await page.locator('.react-flow').first().boundingBox();
    expect(canvas).not.toBeNull();
    for (const step of ['start', ...others]) {
      const box = await page.locator(stepSelector(step)).boundingBox();
      const isInView =
        box !== null &&
        canvas !== null &&
        box.y >= canvas.y &&
        box.y + box.height <= canvas.y + canvas.height &&
        box.x >= canvas.x &&
        box.x + box.width <= canvas.x + canvas.width;
      expect({ step, isInView }).toEqual({ step, isInView: true });
    }
  });
});

/** The run once it has ended, asked of the API a bounded number of times. */
async function endedRun(runId: string) {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const run = await callApi(server, 'runs.get', { id: runId });
    if (run.status !== 'queued' && run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runId} did not end`);
}

/** Start → "Update ticket" (a JSON POST) → "Ping" (a text answer) → End; webhook on, no auth. */
async function ticketRunbook(): Promise<string> {
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Tickets', category: 'Other' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: await startUpstream() },
  });
  const { id: updateId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: 'Update ticket',
      httpMethod: 'POST',
      path: '/tickets/T-7',
      body: { kind: 'json', text: '{"state": "closed", "note": "Fixed"}' },
    },
  });
  const { id: pingId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Ping', httpMethod: 'GET', path: '/ping' },
  });
  const { id } = await callApi(server, 'runbooks.create', { details: { name: 'Update a ticket' } });
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled: true, authentication: 'none' } },
        { id: 'update', name: 'Update ticket', type: 'method', methodId: updateId },
        { id: 'ping', name: 'Ping', type: 'method', methodId: pingId },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'update' },
        { from: 'update', kind: 'success', to: 'ping' },
        { from: 'ping', kind: 'success', to: 'done' },
      ],
    } as never,
  });
  await callApi(server, 'runbooks.publish', { id, note: 'webhook' });
  return id;
}

/** Opens a run's page and the record of one step. */
async function openRecord(runId: string, stepName: string) {
  await page.goto(`${server.origin}/#/runs/${runId}`);
  const record = page.locator('.run-steps > li').filter({ hasText: stepName });
  await record.locator('summary').first().click();
  return record;
}

describe("a run's page", () => {
  let ticketsId: string;
  beforeAll(async () => {
    ticketsId = await ticketRunbook();
  });

  it('shows request and response bodies as a tree, and a text body as text', async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId: ticketsId });
    expect((await endedRun(runId)).status).toBe('succeeded');
    const update = await openRecord(runId, 'Update ticket');
    const response = update.getByRole('group', { name: 'Response body' });
    await response.locator('.json-tree').waitFor();
    // Each value is a node of the tree, not part of one escaped JSON string.
    await response.locator('.json-string', { hasText: '"closed"' }).waitFor();
    await response.locator('.json-key', { hasText: 'tags' }).waitFor();
    expect(await update.textContent()).not.toContain('\\"');
    const request = update.getByRole('group', { name: 'Request body' });
    await request.locator('.json-string', { hasText: '"Fixed"' }).waitFor();
    await update.getByText('200 OK').waitFor();
    await saveScreenshot(page, 'run-record-bodies');

    const ping = await openRecord(runId, 'Ping');
    const text = ping.getByRole('group', { name: 'Response body' });
    await text.getByText('pong from the ticket API', { exact: true }).waitFor();
    expect(await text.locator('.json-tree').count()).toBe(0);
  });

  it('says a run by hand was started by hand, with no webhook payload', async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId: ticketsId });
    await endedRun(runId);
    await page.goto(`${server.origin}/#/runs/${runId}`);
    const trigger = page.getByRole('region', { name: 'Trigger' });
    await trigger.getByText('Started by hand.').waitFor();
    expect(await page.getByText('Webhook payload').count()).toBe(0);
  });

  it('shows a webhook run its payload', async () => {
    const { webhook } = await callApi(server, 'runbooks.triggers', { id: ticketsId });
    const posted = await fetch(webhook.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: { id: 'T-7', summary: 'VPN is down' } }),
    });
    expect(posted.status, await posted.clone().text()).toBe(202);
    const { runId } = (await posted.json()) as { runId: string };
    await endedRun(runId);
    await page.goto(`${server.origin}/#/runs/${runId}`);
    const trigger = page.getByRole('region', { name: 'Trigger' });
    await trigger.getByText('Webhook payload').click();
    await trigger.locator('.json-string', { hasText: '"VPN is down"' }).waitFor();
  });

  it('shows a scheduled run the time it was due instead of a webhook payload', async () => {
    const { draft } = await callApi(server, 'runbooks.get', { id: ticketsId });
    const withSchedule = (isPaused: boolean) => ({
      ...draft,
      steps: draft.steps.map((step) =>
        step.type === 'start'
          ? { ...step, schedule: { isEnabled: true, expression: '* * * * * *', timeZone: 'UTC', isPaused } }
          : step,
      ),
    });
    await callApi(server, 'runbooks.update', { id: ticketsId, draft: withSchedule(false) as never });
    await callApi(server, 'runbooks.publish', { id: ticketsId, note: 'every second' });
    let scheduled: { id: string }[] = [];
    await expect
      .poll(
        async () => {
          scheduled = await callApi(server, 'runs.list', { runbookId: ticketsId, trigger: 'schedule' });
          return scheduled.length;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBeGreaterThan(0);
    // Paused at once (the draft's switch), so the test leaves nothing firing.
    await callApi(server, 'runbooks.update', { id: ticketsId, draft: withSchedule(true) as never });
    const runId = scheduled[0]?.id ?? '';
    await endedRun(runId);
    await page.goto(`${server.origin}/#/runs/${runId}`);
    const trigger = page.getByRole('region', { name: 'Trigger' });
    await trigger.getByText(/^Scheduled for /).waitFor();
    expect(await page.getByText('Webhook payload').count()).toBe(0);
    await saveScreenshot(page, 'run-scheduled-trigger');
  });
});
