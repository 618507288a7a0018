/**
 * Fork clicked twice in quick succession, in Chromium against `npm run serve`: one copy is made,
 * from the designer's bar and from the runbooks list alike.
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
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-fork-twice-')) });
  runbookId = await createRunbook(server, 'Reset MFA', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'done', name: 'Done', type: 'end' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'done' }],
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const names = async () => (await callApi(server, 'runbooks.list', {})).items.map((item) => item.name).sort();

describe('forking twice in quick succession', () => {
  it('makes one copy from the designer’s bar', async () => {
    await page.goto(`${server.url}#/runbooks/${runbookId}`);
    await page.locator('.react-flow__node[data-id="done"]').waitFor();
    await page.getByRole('button', { name: 'Fork', exact: true }).dblclick();
    await page
      .getByText(/^Forked as “Reset MFA \(copy/)
      .first()
      .waitFor();
    await page.locator('.react-flow__node[data-id="done"]').waitFor();
    expect(await names()).toEqual(['Reset MFA', 'Reset MFA (copy)']);
    await page.getByRole('heading', { name: 'Reset MFA (copy)' }).waitFor();
  });

  it('makes one copy from the runbooks list', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByRole('button', { name: 'Fork Reset MFA', exact: true }).dblclick();
    await page
      .getByText(/^Forked as “Reset MFA \(copy 2/)
      .first()
      .waitFor();
    await page.locator('.react-flow__node[data-id="done"]').waitFor();
    expect(await names()).toEqual(['Reset MFA', 'Reset MFA (copy 2)', 'Reset MFA (copy)'].sort());
    await page.getByRole('heading', { name: 'Reset MFA (copy 2)' }).waitFor();
  });
});
