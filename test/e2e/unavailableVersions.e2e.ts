/**
 * Every published version switched off, in Chromium against `npm run serve`: the Start step's
 * Triggers say that no version is available (not that the runbook was never published), and the
 * webhook's sender is told the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { createRunbook } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-unavailable-')),
  });
  runbookId = await createRunbook(server, 'Close stale tickets', {
    steps: [
      { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled: true, authentication: 'none' } },
      { id: 'done', name: 'Done', type: 'end' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'done' }],
  });
  await callApi(server, 'runbooks.publish', { id: runbookId, note: 'only version' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${server.url}#/runbooks/${runbookId}`);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('the only published version switched off', () => {
  it('says no version is available, in the Triggers and to the webhook’s sender', async () => {
    await page.locator('.react-flow__node[data-id="start"] .step-name').click();
    await page.getByText('Webhook and schedule run version 1').waitFor();

    await page.getByRole('button', { name: 'Versions', exact: true }).click();
    const available = page.getByRole('switch', { name: 'Version 1 available' });
    await available.click();
    await page.locator('.version-row').getByText('Unavailable').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    const note = page.getByRole('note').filter({ hasText: 'No published version is available' });
    await note.waitFor();
    expect(await note.textContent()).toContain('Switch one on, or publish');
    expect(await page.getByText('Not published yet').count()).toBe(0);

    const { webhook } = await callApi(server, 'runbooks.triggers', { id: runbookId });
    const answer = await fetch(webhook.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(409);
    const { error } = (await answer.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('not_published');
    expect(error.message).toContain('switch a version back on');
  });
});
