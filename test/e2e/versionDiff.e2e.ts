/**
 * Two versions compared in Chromium against `npm run serve`: version 1 and version 2 of a runbook
 * (a step removed, one added, one changed, an exit rewired) overlaid on one canvas with each kind
 * of change marked, the changed fields listed before and after, the export files' differing lines,
 * and a version compared with the draft.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { createRunbook, updateDraft, type DraftSeed } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import { compareVersions } from './support/versionCompare';

let server: ServeProcess;
let browser: Browser;
let page: Page;

const chain = (middle: { id: string; name: string; seconds: string }[], message: string): DraftSeed => ({
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    ...middle.map((step) => ({ ...step, type: 'delay' as const })),
    { id: 'done', name: 'Done', type: 'end', message },
  ],
  edges: ['start', ...middle.map((step) => step.id)].map((from, index) => ({
    from,
    kind: 'next',
    to: middle[index]?.id ?? 'done',
  })),
  positions: Object.fromEntries(
    ['start', ...middle.map((step) => step.id), 'done'].map((id, index) => [id, { x: 0, y: index * 140 }]),
  ),
});

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-diff-')) });
  const id = await createRunbook(
    server,
    'Offboard a user',
    chain(
      [
        { id: 'wait', name: 'Wait for HR', seconds: '5' },
        { id: 'old', name: 'Old cleanup', seconds: '1' },
      ],
      'User offboarded',
    ),
  );
  await callApi(server, 'runbooks.publish', { id, note: 'first' });
  await updateDraft(
    server,
    id,
    chain(
      [
        { id: 'wait', name: 'Wait for HR', seconds: '60' },
        { id: 'fresh', name: 'Revoke sessions', seconds: '2' },
      ],
      'User offboarded',
    ),
  );
  await callApi(server, 'runbooks.publish', { id, note: 'second' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

describe('comparing two versions', () => {
  it('overlays both on one canvas, marks each change and lists the changed fields', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByRole('link', { name: 'Offboard a user' }).click();
    await node('start').waitFor();
    await compareVersions(page, 'Version 1', 'Version 2');
    await node('old').getByText('Removed').waitFor();
    await node('fresh').getByText('Added').waitFor();
    await node('wait').getByText('Changed').waitFor();
    expect(await node('old').locator('.step-node').getAttribute('class')).toContain('diff-removed');
    expect(await node('done').locator('.step-node').getAttribute('class')).not.toContain('diff-');
    expect(await page.locator('.react-flow__edge.diff-removed').count()).toBe(2);
    expect(await page.locator('.react-flow__edge.diff-added').count()).toBe(2);

    const changes = page.getByRole('list', { name: 'Changed steps and inputs' });
    const seconds = changes.getByRole('table', { name: 'Changes of Wait for HR' });
    await expect.poll(() => seconds.getByRole('row').nth(1).innerText()).toMatch(/^seconds\s+5\s+60$/);
    await expect
      .poll(() => changes.getByRole('table', { name: 'Changes of Wait for HR' }).getByRole('row').count())
      .toBe(3); // the header, seconds, and its exit now leading to the new step
    await saveScreenshot(page, 'version-diff');

    await page.getByRole('tab', { name: 'Export file' }).click();
    const file = page.getByRole('tabpanel');
    await file.getByText(/\d+ lines? differs? between the files of Version 1 and Version 2/).waitFor();
    await file.locator('.diff-line-remove', { hasText: '"seconds": "5"' }).waitFor();
    await file.locator('.diff-line-add', { hasText: '"seconds": "60"' }).waitFor();
    await saveScreenshot(page, 'version-diff-file');
  });

  it('compares a version with the draft, and goes back to the draft', async () => {
    await page.getByRole('button', { name: 'Back to the draft' }).click();
    await page.getByRole('complementary', { name: 'Steps' }).waitFor();
    await compareVersions(page, 'Version 2', 'Draft');
    await page.getByText('No step or input differs.').waitFor();
    await page.getByRole('tab', { name: 'Export file' }).press('ArrowLeft');
    await page.getByRole('tab', { name: 'Export file' }).click();
    await page.getByText('The two export files are the same.').waitFor();
  });
});
