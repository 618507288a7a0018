/**
 * Control characters in a name, in the window against `npm run serve`: a character the import of
 * the app's own files would refuse (a bell, pasted with the text) is refused at Save at the Name
 * field, in the import's words; a tab pasted from a spreadsheet is saved as a space.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let dataDirectory = '';

beforeAll(async () => {
  dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-control-'));
  server = await startServe({ dataDirectory });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(dataDirectory, { recursive: true, force: true });
});

describe('a new integration named with a control character', () => {
  it('is refused at the Name field, in the words of the import, and nothing is saved', async () => {
    await page.goto(`${server.url}#/integrations/new`);
    const name = page.getByLabel('Name', { exact: true });
    await name.fill('Help\u0007desk');
    await page.getByLabel('Category').fill('PSA');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Name contains the control character U+0007', { exact: true }).waitFor();
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    // Said at the field, not as the backend's path.
    const alerts = await page.getByRole('alert').allTextContents();
    for (const text of alerts) expect(text).not.toContain('details.name');
    await saveScreenshot(page, 'control-character-in-name');
    expect((await callApi(server, 'integrations.list', {})).items).toEqual([]);
  });

  it('saves a tab pasted into the name as a space', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Help\tdesk');
    await page.getByLabel('Category').fill('PSA\tdesk');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Help desk' }).waitFor();
    const { items } = await callApi(server, 'integrations.list', {});
    expect(items.map((item) => [item.name, item.category])).toEqual([['Help desk', 'PSA desk']]);
  });
});
