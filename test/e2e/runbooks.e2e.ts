/** The designer in Chromium: create a runbook, add a step from the palette, connect, run, watch it go green. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { drag as dragOnPage } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-runbooks-')) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const drag = (from: string, to: string): Promise<void> => dragOnPage(page, from, to);

describe('the runbook designer', () => {
  it('creates a runbook that opens on the canvas with a Start step', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByLabel('New runbook name').fill('Close stale tickets');
    await page.getByRole('button', { name: 'Create runbook' }).click();
    await page.locator('.react-flow__node[data-id="start"]').waitFor();
    await page.getByText('1 problem', { exact: true }).waitFor();
  });

  it('adds an End step from the palette and connects Start to it', async () => {
    await page.getByRole('button', { name: 'End' }).click();
    await page.locator('.react-flow__node[data-id="end_1"]').waitFor();
    await drag(
      '.react-flow__node[data-id="start"] .handle-next',
      '.react-flow__node[data-id="end_1"] .handle-in',
    );
    await page.getByText('Ready to run').waitFor();
    // Typing {{ in a template field offers the variables in scope at the selected End step.
    const message = page.getByRole('combobox', { name: 'Message' });
    await message.fill('Closed: ');
    await message.press('End');
    await message.pressSequentially('{{st');
    await page.getByRole('option', { name: 'steps.start.status' }).waitFor();
    await message.press('Enter');
    await expect.poll(() => message.inputValue()).toBe('Closed: {{steps.start.status}}');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'runbook-designer');
  });

  it('runs it and shows each step succeeded on the canvas', async () => {
    // No inputs: Run starts at once, without a dialog.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText('Run: succeeded').waitFor();
    await expect
      .poll(() => page.locator('.react-flow__node[data-id="end_1"] .live-succeeded').count())
      .toBe(1);
    await saveScreenshot(page, 'runbook-run');
  });

  it('keeps the graph after a reload', async () => {
    await page.reload();
    await page.locator('.react-flow__node[data-id="end_1"]').waitFor();
    expect(await page.locator('.react-flow__edge').count()).toBe(1);
  });

  it('lists the run in Runs and opens its record', async () => {
    await page.getByRole('link', { name: 'Runs' }).first().click();
    await page.getByRole('cell', { name: 'Close stale tickets' }).waitFor();
    await page.locator('table .link-button').first().click();
    // The run's page: the path on the canvas, every step's record beside it.
    await page.locator('.run-records').getByText('End', { exact: true }).waitFor();
    await expect.poll(() => page.locator('.run-canvas .edge-taken').count()).toBe(1);
    await saveScreenshot(page, 'run-detail');
    await page.getByRole('button', { name: 'Run again' }).click();
    await page.getByText('Started again with the same inputs').waitFor();
    await page.getByText('re-run of').waitFor();
    await page.getByRole('link', { name: 'Runs' }).first().click();
    await expect.poll(() => page.getByRole('cell', { name: 'rerun' }).count()).toBe(1);
  });
  it('edits the details and finds the runbook by tag and category', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page
      .getByRole('link', { name: /Close stale tickets/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByLabel('Description').fill('Closes tickets nobody touched for a month');
    await page.getByLabel('Category').fill('Tickets');
    await page.getByLabel('Tags').fill('nightly, cleanup');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('Details saved').waitFor();

    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByLabel('New runbook name').fill('Onboard a user');
    await page.getByRole('button', { name: 'Create runbook' }).click();
    await page.locator('.react-flow__node[data-id="start"]').waitFor();
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await expect.poll(() => page.locator('.runbook-list > li').count()).toBe(2);
    await page.getByPlaceholder('Search by name, description or tag').fill('cleanup');
    await expect.poll(() => page.locator('.runbook-list > li').count()).toBe(1);
    await page.getByText('Closes tickets nobody touched for a month').waitFor();
    await page.getByPlaceholder('Search by name, description or tag').fill('');
    await page.getByLabel('Filter by category').selectOption('Tickets');
    await expect.poll(() => page.locator('.runbook-list > li').count()).toBe(1);
    await saveScreenshot(page, 'runbooks-search');
  });
});

describe('the runbooks list', () => {
  it('shows a runbook created elsewhere (a script, another window) and its new name, without a reload', async () => {
    await page.goto(`${server.url}#/runbooks`);
    await page.getByRole('heading', { name: 'Runbooks' }).waitFor();
    const created = await callApi(server, 'runbooks.create', {
      details: { name: 'Made by a script', description: '', category: '', tags: [] },
    });
    await page.getByRole('link', { name: /Made by a script/ }).waitFor();
    await callApi(server, 'runbooks.update', {
      id: created.id,
      details: { name: 'Renamed by a script', description: '', category: 'Scripts', tags: [] },
    });
    await page.getByRole('link', { name: /Renamed by a script/ }).waitFor();
    await page.getByRole('option', { name: 'Scripts' }).waitFor({ state: 'attached' });
  });
});

describe('a runbook name and details over their limits', () => {
  it('cannot be typed past the limit, and a refusal is read at its field with the keyboard there', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    const newName = page.getByLabel('New runbook name');
    await newName.fill(`Long ${'n'.repeat(245)}`);
    expect((await newName.inputValue()).length).toBe(200);
    await newName.press('Enter');
    await page.locator('.react-flow__node[data-id="start"]').waitFor();

    await page.getByRole('button', { name: 'Edit details' }).click();
    const name = page.getByRole('dialog').getByLabel('Name');
    await name.fill('d'.repeat(250));
    expect((await name.inputValue()).length).toBe(200);
    await page
      .getByRole('dialog')
      .getByLabel('Tags')
      .fill(`short, ${'t'.repeat(41)}`);
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('A tag must be at most 40 characters').waitFor();
    await expect.poll(() => page.evaluate(`document.activeElement.id`)).toBe('runbook-tags');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });
});
