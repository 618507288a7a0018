/**
 * After a crash while a POST was out, in Chromium: the run page marks the step "may have been
 * sent", and Run again / Re-run from here ask before sending it again; Cancel sends nothing.
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
import type { CallInput, CallName } from '../../shared/api/contract';
import { oneStepDraft } from '../../electron/services/testSupport/drafts';

const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-repeat-'));
let server: ServeProcess;
let upstream: http.Server;
let browser: Browser;
let page: Page;
let runId = '';
/** POSTs the upstream received; the first is left unanswered, as if the kill came mid-request. */
const posts: string[] = [];

const api = <K extends CallName>(name: K, input: CallInput<K>) => callApi(server, name, input);

beforeAll(async () => {
  upstream = http.createServer((request, response) => {
    request.resume();
    if (request.method !== 'POST') return void response.end('{}');
    posts.push(request.url ?? '');
    if (posts.length === 1) return; // Held until the server is killed.
    response.setHeader('content-type', 'application/json');
    response.end('{"id": 2}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`;

  server = await startServe({ dataDirectory });
  const { id: integrationId } = await api('integrations.create', {
    details: { name: 'Ticket desk', category: 'Other' },
  });
  await api('integrations.updateDefinition', { id: integrationId, definition: { baseUrl: upstreamUrl } });
  const { id: methodId } = await api('methods.create', {
    integrationId,
    definition: { name: 'Open ticket', httpMethod: 'POST', path: '/tickets' },
  });
  const { id: runbookId } = await api('runbooks.create', {
    details: { name: 'Open a ticket' },
  });
  await api('runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({ id: 'open', name: 'Open ticket', type: 'method', methodId }, 140),
  });
  ({ runId } = await api('runs.start', { runbookId }));
  const deadline = Date.now() + 20_000;
  while (posts.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await server.kill();
  server = await startServe({ dataDirectory });

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

describe('a step that may have been sent', () => {
  it('is marked on the run page, and running it again asks first', async () => {
    await page.goto(`${server.origin}/#/runs/${runId}`);
    const badge = page.locator('.run-may-have-been-sent');
    await expect.poll(() => badge.count()).toBe(1);
    // Its record, opened, says why.
    await page.locator('.run-steps > li', { has: badge }).locator('summary').click();
    await expect.poll(() => page.getByText('it may have reached the API').count()).toBe(1);

    await page.getByRole('button', { name: 'Run again' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send that request again?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('"Open ticket" may already have been sent');
    await saveScreenshot(page, 'run-may-have-been-sent');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(posts).toHaveLength(1);

    await page.getByRole('button', { name: 'Run again' }).click();
    await page.getByRole('button', { name: 'Run it again anyway' }).click();
    await expect.poll(() => page.url()).not.toContain(runId);
    await expect.poll(() => posts.length).toBe(2);
  });
});
