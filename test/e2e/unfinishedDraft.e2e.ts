/**
 * Nothing typed into the designer is lost: a step added without its method chosen and a rename
 * of another step are both saved, and still there after a reload, with the unfinished step's
 * problem shown on it.
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

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-unfinished-')) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('an unfinished draft', () => {
  it('keeps a method step whose method is not chosen yet and a renamed step across a reload', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByLabel('New runbook name').fill('Half done');
    await page.getByRole('button', { name: 'Create runbook' }).click();
    const steps = page.getByRole('complementary', { name: 'Steps' });
    await steps.getByRole('button', { name: 'Execute method', exact: true }).click();
    await page.locator('.react-flow__node[data-id="method_1"]').waitFor();
    await steps.getByRole('button', { name: 'Delay', exact: true }).click();
    await page.getByLabel('Step name').fill('Wait for the sync');
    await expect.poll(() => page.locator('.save-state').textContent()).toBe('Saved');

    await page.reload();
    const method = page.locator('.react-flow__node[data-id="method_1"]');
    await method.waitFor();
    await page.locator('.react-flow__node[data-id="delay_1"]').getByText('Wait for the sync').waitFor();
    await method.locator('.step-issues').waitFor();
    await method.click();
    await page.getByText('"Execute method": choose a method.').waitFor();
    await saveScreenshot(page, 'designer-unfinished-draft');
    const runbooks = await callApi(server, 'runbooks.list', { search: 'Half done', category: '' });
    const saved = await callApi(server, 'runbooks.get', { id: runbooks.items[0]?.id ?? '' });
    expect(saved.draft.steps.map((step) => step.name)).toEqual([
      'Start',
      'Execute method',
      'Wait for the sync',
    ]);
  });

  it('lists the problems from the count in the header; choosing one selects its step', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.getByRole('button', { name: /^\d+ problems?$/ }).click();
    const list = page.getByRole('list', { name: 'Problems' });
    await list.getByText('"Execute method": choose a method.').waitFor();
    await saveScreenshot(page, 'designer-problems-list');
    await list.getByRole('button', { name: /choose a method/ }).click();
    await expect.poll(() => list.count()).toBe(0);
    await page
      .getByRole('complementary', { name: 'Inspector' })
      .getByText('"Execute method": choose a method.')
      .waitFor();
    await expect
      .poll(() => page.locator('.react-flow__node[data-id="method_1"]').getAttribute('class'))
      .toContain('selected');
  });

  it('keeps an edit made just before the page reloads, inside the autosave delay', async () => {
    await page
      .getByRole('complementary', { name: 'Steps' })
      .getByRole('button', { name: 'End', exact: true })
      .click();
    await page.locator('.react-flow__node[data-id="end_1"]').waitFor();
    await page.reload(); // no wait for "Saved"
    await page.locator('.react-flow__node[data-id="end_1"]').waitFor();
  });

  it('keeps a webhook signature header half typed, as a problem on Start, across a reload', async () => {
    await page.locator('.react-flow__node[data-id="start"]').click();
    await page.getByRole('checkbox', { name: 'Webhook' }).check();
    await page.getByLabel('Signature header').fill('X-Sig ');
    await page.getByLabel('Signature header').press('End');
    await page.keyboard.type('nature'); // the space in between is still there: not a header name yet
    await expect.poll(() => page.locator('.save-state').textContent()).toBe('Saved');

    await page.reload();
    await page.locator('.react-flow__node[data-id="start"]').click();
    await expect.poll(() => page.getByLabel('Signature header').inputValue()).toBe('X-Sig nature');
    await page
      .getByRole('complementary', { name: 'Inspector' })
      .getByText('The webhook’s signature header "X-Sig nature" is not a header name', { exact: false })
      .waitFor();
  });
});
