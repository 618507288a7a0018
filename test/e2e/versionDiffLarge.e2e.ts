/**
 * Two versions of 1,000 steps compared in Chromium against `npm run serve`, every step changed:
 * the canvas draws the steps in view and the export files' diff its first lines (saying how many
 * more differ), instead of drawing thousands of steps or tens of thousands of lines at once and
 * holding the window meanwhile.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { createRunbook, thousandSettingsDraft, updateDraft } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import { compareVersions } from './support/versionCompare';

let server: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-diff-large-')) });
  const id = await createRunbook(
    server,
    'Provision a thousand things',
    thousandSettingsDraft((index) => `${String(index)} before`),
  );
  await callApi(server, 'runbooks.publish', { id, note: 'first' });
  await updateDraft(
    server,
    id,
    thousandSettingsDraft((index) => `${String(index)} after`),
  );
  await callApi(server, 'runbooks.publish', { id, note: 'every step changed' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${server.url}#/runbooks/${id}`);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('comparing two versions of 1,000 steps', () => {
  it('draws the first thousand lines of the files’ diff and says how many more differ', async () => {
    await page.locator('.react-flow__node[data-id="start"]').waitFor();
    await compareVersions(page, 'Version 1', 'Version 2');
    const changes = page.getByRole('list', { name: 'Changed steps and inputs' });
    await expect.poll(() => changes.locator(':scope > li').count()).toBe(1_000);
    // The overlaid canvas opens on the Start step, readable, drawing only the steps in view (as
    // the designer's canvas does for a large runbook), not all 1,000 fitted into the pane.
    const canvas = page.locator('.version-canvas');
    await canvas.locator('.react-flow__node[data-id="start"]').waitFor();
    expect(await canvas.locator('.react-flow__node').count()).toBeLessThan(200);

    await page.getByRole('tab', { name: 'Export file' }).click();
    const said = page.getByText(/^[\d,]+ lines differ between the files of Version 1 and Version 2\.$/);
    await said.waitFor();
    const differing = Number((await said.textContent())?.split(' ')[0]?.replaceAll(',', ''));
    expect(differing).toBeGreaterThan(2_000);
    await page.getByText(/^[\d,]+ more lines not shown\.$/).waitFor();
    expect(await page.locator('.file-diff-line').count()).toBe(1_000);
  });
});
