/**
 * Export hands on what the canvas shows, through the window against `npm run serve`: while the
 * draft's save is refused (a webhook signature prefix past its 40 characters), Export saves no
 * file and says why, instead of handing on the draft as last saved; put right, the file carries it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';
const downloads: Download[] = [];

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-export-unsaved-')),
  });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Hooked' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          webhook: { isEnabled: true, authentication: 'signature' },
        },
        { id: 'done', name: 'Done', type: 'end', message: '' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('download', (download) => downloads.push(download));
  await page.goto(server.url);
}, 180_000);

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('exporting a draft whose save is refused', () => {
  it('saves no file and says the canvas is not saved, then exports once it is put right', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.locator(stepSelector('start')).waitFor();
    await waitForStillCanvas(page);
    await page.locator(`${stepSelector('start')} .step-name`).click();
    const prefix = page
      .getByRole('complementary', { name: 'Inspector' })
      .getByLabel('Prefix', { exact: true });
    await prefix.fill('p'.repeat(41));
    await page.getByRole('status').filter({ hasText: 'Not saved' }).waitFor();

    await page.getByRole('button', { name: 'Export' }).click();
    const told = page.getByText(/Exported hooked\.runbook\.json|would use the last saved draft/).first();
    await told.waitFor();
    expect(await told.textContent()).toBe(
      'Export would use the last saved draft, not the one shown: Start · Webhook signature prefix: At most 40 characters.',
    );
    expect(downloads).toHaveLength(0);
    await saveScreenshot(page, 'export-unsaved-refused');

    await prefix.fill('sha1=');
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-export-')), 'hooked.runbook.json');
    await (await downloading).saveAs(file);
    expect(fs.readFileSync(file, 'utf8')).toContain('"signaturePrefix": "sha1="');
  });
});
