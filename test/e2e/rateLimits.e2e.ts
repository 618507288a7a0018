/**
 * Issue 15, item 2, in Chromium against `npm run serve`: rate limits set in the integration's
 * Rate limits section are saved and still there after a reload; a value out of bounds is refused
 * at its field; a run that had to wait says so in the call log and on its step record.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type LocalServer } from '../../electron/services/http/testSupport/localServers';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import { oneStepDraft } from '../../electron/services/testSupport/drafts';

let server: ServeProcess;
let target: LocalServer;
let browser: Browser;
let page: Page;
let integrationId = '';
let runbookId = '';

beforeAll(async () => {
  target = await listen(
    http.createServer((_, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
    }),
  );
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-limits-')) });
  ({ id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Limited API', category: 'Other' },
  }));
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: target.url },
  });
  const method = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Ping', httpMethod: 'GET', path: '/ping' },
  });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Ping the API' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({ id: 'ping', name: 'Ping', type: 'method', methodId: method.id }, 140),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await target?.close();
});

describe('rate limits in the window', () => {
  it('refuses a bad value at its field, saves good ones, and shows them again after a reload', async () => {
    await page.goto(`${server.origin}/#/integrations/${integrationId}/connection`);
    const perSecond = page.getByLabel('Requests per second', { exact: true });
    const concurrent = page.getByLabel('Concurrent requests', { exact: true });
    await perSecond.fill('0');
    await page.getByText('Requests per second is at least 1 (leave it empty for no limit)').waitFor();
    expect(await perSecond.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('Some rate limits are not valid: see the fields marked below.').waitFor();
    expect(
      (await callApi(server, 'integrations.definition', { id: integrationId })).behaviour.rateLimits,
    ).toMatchObject({ requestsPerSecond: null });
    await saveScreenshot(page, 'rate-limits-refused');

    await perSecond.fill('1');
    await concurrent.fill('2');
    expect(await perSecond.getAttribute('aria-invalid')).toBe('false');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('Connection saved').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('Requests per second', { exact: true }).inputValue()).toBe('1');
    expect(await page.getByLabel('Concurrent requests', { exact: true }).inputValue()).toBe('2');
    expect(await page.getByLabel('Requests per minute', { exact: true }).inputValue()).toBe('');
    await page.getByRole('group', { name: 'Rate limits' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'rate-limits');
  });

  it('shows that a run waited, in the call log and on the run’s step record', async () => {
    // One request a second: of two runs started together, one waits for the other's second.
    const runs = await Promise.all([
      callApi(server, 'runs.start', { runbookId, inputs: {} }),
      callApi(server, 'runs.start', { runbookId, inputs: {} }),
    ]);
    await expect
      .poll(
        async () => {
          const statuses = await Promise.all(
            runs.map(async ({ runId }) => (await callApi(server, 'runs.get', { id: runId })).status),
          );
          return statuses.join(',');
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe('succeeded,succeeded');

    await page.goto(`${server.origin}/#/integrations/${integrationId}/calls`);
    await page.getByText(/waited \d+\.\d s for the rate limit/).waitFor();
    await saveScreenshot(page, 'rate-limits-call-log');

    const log = await callApi(server, 'integrations.callLog', { id: integrationId, limit: 10 });
    const waited = log.calls.find((call) => call.rateLimitWaitMs > 0);
    await page.goto(`${server.origin}/#/runs/${waited?.runId ?? ''}`);
    await page.locator('summary', { hasText: 'Ping' }).first().click();
    await page.getByText(/waited \d+\.\d s for the rate limit of Limited API/).waitFor();
    await saveScreenshot(page, 'rate-limits-run-record');
  });
});
