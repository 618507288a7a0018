/**
 * Selecting on the canvas as in other editors, in Chromium: a plain click on one step of several
 * selected (pasted together, or all by Ctrl+A) selects it alone and the inspector edits it; Shift
 * and a drag keep the selection; Ctrl+C after a click on a step copies the step, even with text
 * still selected in the inspector.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { drag, stepSelector, waitForStillCanvas } from './support/canvas';
import { createRunbook } from './support/runbookSeeds';
import { startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;

const node = (id: string): Locator => page.locator(stepSelector(id));
const selectedIds = () =>
  page
    .locator('.react-flow__node.selected')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id')));
const inspector = (): Locator => page.getByRole('complementary', { name: 'Inspector' });

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-selection-')) });
  await createRunbook(server, 'Selecting', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'wait', name: 'Wait a little', type: 'delay', seconds: '1' },
      { id: 'done', name: 'Done', type: 'end' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'wait' },
      { from: 'wait', kind: 'next', to: 'done' },
    ],
    positions: { start: { x: 0, y: 0 }, wait: { x: 0, y: 160 }, done: { x: 0, y: 320 } },
  });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.getByRole('link', { name: /Selecting/ }).click();
  await node('start').waitFor();
  await waitForStillCanvas(page);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('selecting on the canvas', () => {
  it('selects alone a step clicked among those selected by Ctrl+A, and the inspector edits it', async () => {
    await node('wait').click();
    await page.keyboard.press('Control+a');
    await expect.poll(async () => (await selectedIds()).length).toBe(3);
    await node('wait').click();
    await expect.poll(selectedIds).toEqual(['wait']);
    expect(await inspector().getByLabel('Step name').inputValue()).toBe('Wait a little');
  });

  it('selects alone a pasted step clicked among the steps pasted with it', async () => {
    await node('wait').click();
    await node('done').click({ modifiers: ['Shift'] });
    await expect.poll(async () => (await selectedIds()).length).toBe(2);
    await page.keyboard.press('Control+c');
    // Pasted at the pointer, well inside the canvas (clear of the inspector beside it).
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (pane === null) throw new Error('no canvas');
    await page.mouse.move(pane.x + pane.width * 0.25, pane.y + pane.height * 0.6);
    await page.keyboard.press('Control+v');
    await node('end_1').waitFor();
    await expect.poll(async () => (await selectedIds()).sort()).toEqual(['delay_1', 'end_1']);
    await waitForStillCanvas(page);
    await node('delay_1').click();
    await expect.poll(selectedIds).toEqual(['delay_1']);
    await inspector().getByLabel('Step name').fill('Wait again');
    await expect.poll(() => node('delay_1').textContent()).toContain('Wait again');
    await saveScreenshot(page, 'canvas-selection-pasted');
  });

  it('keeps the selection on a Shift+click and when the selected steps are dragged', async () => {
    await node('wait').click();
    await node('done').click({ modifiers: ['Shift'] });
    await node('wait').click({ modifiers: ['Shift'] });
    await expect.poll(selectedIds).toEqual(['done']);
    await node('wait').click({ modifiers: ['Shift'] });
    await expect.poll(async () => (await selectedIds()).sort()).toEqual(['done', 'wait']);
    const before = await node('done').boundingBox();
    await drag(page, stepSelector('wait'), stepSelector('end_1'));
    await expect.poll(async () => (await selectedIds()).sort()).toEqual(['done', 'wait']);
    const after = await node('done').boundingBox();
    expect(after?.x).not.toBe(before?.x);
  });

  it('copies the step clicked, not text selected in the inspector before the click', async () => {
    const clipboard = () => page.evaluate<string>('navigator.clipboard.readText()');
    await node('wait').click();
    await page.locator('.step-reference code').first().click({ clickCount: 3 });
    // With the keyboard off the canvas, Ctrl+C copies the text selected, as anywhere else.
    await page.keyboard.press('Control+c');
    await expect.poll(clipboard).toContain('{{steps.wait.outputs');
    // Another step whose inspector shows the same hint: the selection stays on its text.
    await node('delay_1').click();
    await page.keyboard.press('Control+c');
    await expect.poll(clipboard).toContain('"format":"runbook-designer/steps"');
    expect(JSON.parse(await clipboard())).toMatchObject({ steps: [{ id: 'delay_1', name: 'Wait again' }] });
  });
});
