/**
 * The Switch step in Chromium against `npm run serve`: its cases are exits on the card, named by
 * their values; a case added in the inspector is connected through Exits; runs take the case the
 * value equals, or default.
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
let runbookId = '';

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-switch-')) });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Route by priority' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'priority', type: 'string', isRequired: true }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'route',
          name: 'Route',
          type: 'switch',
          value: '{{inputs.priority}}',
          cases: [{ id: 'c1', equals: 'high' }],
        },
        { id: 'urgent', name: 'Urgent', type: 'end', message: 'Paged the on-call' },
        { id: 'later', name: 'Later', type: 'end', message: 'Queued for tomorrow' },
        { id: 'other', name: 'Other', type: 'end', message: 'Nothing to do for {{inputs.priority}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'route' },
        { from: 'route', kind: 'case_c1', to: 'urgent' },
        { from: 'route', kind: 'default', to: 'other' },
      ],
      positions: {
        start: { x: 200, y: 0 },
        route: { x: 200, y: 140 },
        urgent: { x: 0, y: 300 },
        later: { x: 200, y: 300 },
        other: { x: 400, y: 300 },
      },
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

async function runWith(priority: string): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run runbook' });
  await dialog.getByLabel('priority').fill(priority);
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('the Switch step', () => {
  it('shows each case as an exit named by its value, and takes a new case connected in Exits', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByRole('link', { name: 'Route by priority' }).click();
    await node('route').getByText('= high').waitFor();
    await node('route').getByText('default').waitFor();
    expect(await page.locator('.react-flow__edge').count()).toBe(3);
    // "Later" is not connected yet: a problem until the new case leads to it.
    await page.getByText(/^\d+ problems?$/).waitFor();

    await node('route').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('button', { name: 'Add case' }).click();
    await inspector.getByRole('combobox', { name: 'Case 2 equals' }).fill('low');
    await node('route').getByText('= low').waitFor();
    await inspector.getByLabel('On = low, go to').selectOption({ label: 'Later' });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
    await page.getByText('Ready to run').waitFor();
    await saveScreenshot(page, 'designer-switch');

    await runWith('low');
    await page.getByText('Run succeeded: Queued for tomorrow').waitFor();
    await runWith('HIGH?');
    await page.getByText('Run succeeded: Nothing to do for HIGH?').waitFor();
    const runs = await callApi(server, 'runs.list', { runbookId });
    expect(runs.map((run) => run.message).sort()).toEqual(['Nothing to do for HIGH?', 'Queued for tomorrow']);
  });

  it('removes a case with its edge', async () => {
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('button', { name: 'Remove case 2' }).click();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await expect
      .poll(async () => (await callApi(server, 'runbooks.get', { id: runbookId })).draft.edges.length)
      .toBe(3);
  });
});
