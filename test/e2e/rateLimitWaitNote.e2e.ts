/**
 * In Chromium against `npm run serve`: a run's step waiting for its integration's rate limit (one
 * request a minute) says so on the run page (and in the designer's bar) while it waits, and Cancel
 * run ends it with nothing sent; a method's Test waiting likewise says so in the method editor, and its Cancel gives up
 * the place with nothing sent.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type LocalServer } from '../../electron/services/http/testSupport/localServers';
import { oneStepDraft } from '../../electron/services/testSupport/drafts';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let target: LocalServer;
let browser: Browser;
let page: Page;
let integrationId = '';
let methodId = '';
let runbookId = '';
/** How many requests reached the API. */
let arrivals = 0;

const waitNote = 'Waiting for the rate limit of Acme PSA (1 request a minute)';

beforeAll(async () => {
  target = await listen(
    http.createServer((_, response) => {
      arrivals += 1;
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
    }),
  );
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-wait-')) });
  ({ id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Acme PSA', category: 'Other' },
  }));
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: {
      baseUrl: target.url,
      behaviour: { rateLimits: { requestsPerSecond: null, requestsPerMinute: 1, concurrentRequests: null } },
    },
  });
  ({ id: methodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Ping', httpMethod: 'GET', path: '/ping' },
  }));
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Ping Acme' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({ id: 'ping', name: 'Ping', type: 'method', methodId }, 140),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  // The minute's one request: whatever comes next waits for it.
  const first = await callApi(server, 'methods.test', {
    integrationId,
    methodId,
    definition: { name: 'Ping', httpMethod: 'GET', path: '/ping' },
  });
  if (first.response?.status !== 200) throw new Error('The first request did not go through.');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await target?.close();
});

describe('a request waiting for the rate limit, in the window', () => {
  it('says so on the run page while the step waits, and Cancel run ends it with nothing sent', async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId, inputs: {} });
    await page.goto(`${server.origin}/#/runs/${runId}`);
    const note = page.getByRole('status').filter({ hasText: waitNote });
    await note.waitFor();
    await saveScreenshot(page, 'rate-limit-wait-run');

    await page.getByRole('button', { name: 'Cancel run' }).click();
    await expect
      .poll(async () => (await callApi(server, 'runs.get', { id: runId })).status, { timeout: 10_000 })
      .toBe('cancelled');
    await note.waitFor({ state: 'detached' });
    expect(arrivals).toBe(1);
  });

  it("says so in the designer's bar while its run's step waits, and Cancel run there ends it", async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const bar = page.locator('.designer-run');
    await bar.getByRole('status').filter({ hasText: waitNote }).waitFor();
    await saveScreenshot(page, 'rate-limit-wait-designer');

    await bar.getByRole('button', { name: 'Cancel run' }).click();
    await expect.poll(() => bar.locator('.run-status').textContent()).toBe('Run: cancelled');
    expect(await bar.getByRole('status').count()).toBe(0);
    expect(arrivals).toBe(1);
  });

  it('says so in the method editor while a Test waits, and its Cancel sends nothing', async () => {
    await page.goto(`${server.origin}/#/integrations/${integrationId}/method/${methodId}`);
    const send = page.getByRole('button', { name: 'Send test request' });
    await send.click();
    await page.getByRole('status').filter({ hasText: waitNote }).waitFor();
    await saveScreenshot(page, 'rate-limit-wait-test');

    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByText('Cancelled while the request waited for the rate limit: it was not sent.').waitFor();
    await page.getByRole('button', { name: 'Send test request' }).waitFor();
    // The keyboard stays where it was: at Send.
    expect(await page.evaluate(`document.activeElement.textContent`)).toBe('Send test request');
    await saveScreenshot(page, 'rate-limit-wait-test-cancelled');
    expect(arrivals).toBe(1);
  });
});
