/**
 * Leaving the designer while the backend refuses its draft, in Chromium: the draft holds the only
 * copy of every edit since the last save, so leaving asks first (Keep editing keeps them; once put
 * right it saves and leaving asks nothing), rather than dropping them all without a word.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { createRunbook } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';

const inspector = (): Locator => page.getByRole('complementary', { name: 'Inspector' });
const saveState = (text: string | RegExp): Locator => page.getByRole('status').filter({ hasText: text });
const storedStep = async () =>
  (await callApi(server, 'runbooks.get', { id: runbookId })).draft.steps.find((step) => step.id === 'keep');

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-leaving-')) });
  runbookId = await createRunbook(server, 'Refused', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'keep', name: 'Keep', type: 'setVariables', assignments: [{ name: 'ticket', value: '1' }] },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'keep' }],
    positions: { start: { x: 0, y: 0 }, keep: { x: 0, y: 160 } },
  });
  await createRunbook(server, 'Elsewhere', {
    steps: [{ id: 'start', name: 'Start', type: 'start' }],
    edges: [],
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.getByRole('link', { name: /^Refused/ }).click();
  await page.locator(stepSelector('keep')).waitFor();
  await waitForStillCanvas(page);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('leaving a draft the backend refuses', () => {
  it('asks before leaving, and Keep editing keeps every edit made since the last save', async () => {
    await page.locator(stepSelector('keep')).click();
    await inspector().getByLabel('Step name').fill('Keep the ticket');
    await saveState(/^Saved$/).waitFor();
    await inspector().getByLabel('Step name').fill('Keep the ticket number');
    await inspector().getByLabel('Variable 1', { exact: true }).fill('v'.repeat(65));
    await saveState('Not saved').waitFor();

    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    const question = page.getByRole('dialog', { name: 'Unsaved changes' });
    await question.waitFor();
    await saveScreenshot(page, 'canvas-leaving-refused');
    await question.getByRole('button', { name: 'Keep editing' }).click();
    expect(await inspector().getByLabel('Step name').inputValue()).toBe('Keep the ticket number');

    // Put right, the draft saves, and leaving asks nothing.
    await inspector().getByLabel('Variable 1', { exact: true }).fill('ticket');
    await saveState(/^Saved$/).waitFor();
    expect(await storedStep()).toMatchObject({ name: 'Keep the ticket number' });
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByRole('link', { name: /^Elsewhere/ }).click();
    expect(await page.getByRole('dialog', { name: 'Unsaved changes' }).count()).toBe(0);
  });

  it('leaves on Discard changes, the stored draft as it was last saved', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByRole('link', { name: /^Refused/ }).click();
    await page.locator(stepSelector('keep')).waitFor();
    await waitForStillCanvas(page);
    await page.locator(stepSelector('keep')).click();
    await inspector().getByLabel('Variable 1', { exact: true }).fill('v'.repeat(65));
    await saveState('Not saved').waitFor();
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    const question = page.getByRole('dialog', { name: 'Unsaved changes' });
    await question.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('link', { name: /^Elsewhere/ }).waitFor();
    expect(await storedStep()).toMatchObject({ assignments: [{ name: 'ticket', value: '1' }] });
  });
});
