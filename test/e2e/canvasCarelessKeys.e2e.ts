/**
 * Keys pressed fast and carelessly around the canvas, in Chromium: Delete and Backspace delete the
 * selected steps only while the keyboard is on the canvas, never from a button of the inspector
 * (typing, Tab, then Backspace to correct) nor from a dialog open over the canvas; Ctrl+Z that
 * takes away the step with the keyboard hands the keyboard to the step before; Ctrl+Z right after
 * a choice in one of the inspector's drop-downs undoes that choice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';

const node = (id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);
const inspector = (): Locator => page.getByRole('complementary', { name: 'Inspector' });
const paletteButton = (name: string): Locator =>
  page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name, exact: true });
const savedSteps = async () => (await callApi(server, 'runbooks.get', { id: runbookId })).draft.steps;
const waitUntilSaved = () => expect.poll(() => page.locator('.save-state').textContent()).toBe('Saved');

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-careless-')) });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Careless' } }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.getByRole('link', { name: /Careless/ }).click();
  await node('start').waitFor();
  await node('start').click();
  await paletteButton('Condition').click();
  await node('condition_1').waitFor();
  await page.locator('.save-state', { hasText: /^Saved$/ }).waitFor();
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

// A test that failed by deleting the step gives it back, so the next ones start from it.
afterEach(async () => {
  await page.keyboard.press('Escape');
  if ((await node('condition_1').count()) === 0) {
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await node('condition_1').waitFor();
  }
});

describe('careless keys around the canvas', () => {
  it('keeps the selected step when Backspace is pressed on a button of the inspector after typing', async () => {
    await node('condition_1').click();
    const name = inspector().getByLabel('Step name');
    await name.fill('Is urgent');
    // Tab on to the next control, a button, and Backspace to correct what was typed.
    await name.press('Tab');
    expect(await page.evaluate(`document.activeElement.tagName`)).toBe('BUTTON');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Delete');
    await waitUntilSaved();
    expect(await node('condition_1').count()).toBe(1);
    expect((await savedSteps()).map((step) => step.id)).toEqual(['start', 'condition_1']);
  });

  it('keeps the selected step when Backspace or Delete is pressed in the shortcut list', async () => {
    await node('condition_1').click();
    await page.locator('.react-flow__node.selected[data-id="condition_1"]').waitFor();
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Delete');
    await saveScreenshot(page, 'canvas-careless-dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await waitUntilSaved();
    expect(await node('condition_1').count()).toBe(1);
    expect((await savedSteps()).map((step) => step.id)).toEqual(['start', 'condition_1']);
  });

  it('still deletes the selected step with Backspace when the keyboard is on it', async () => {
    await node('condition_1').click();
    await page.locator('.react-flow__node.selected[data-id="condition_1"]').waitFor();
    await page.keyboard.press('Backspace');
    await expect.poll(() => node('condition_1').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await node('condition_1').waitFor();
  });

  it('still deletes every step but Start after a click on the empty canvas and Ctrl+A', async () => {
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (pane === null) throw new Error('no canvas');
    await page.mouse.click(pane.x + pane.width - 40, pane.y + 20); // the page itself has the keyboard now
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    await page.keyboard.press('Delete');
    await expect.poll(() => node('condition_1').count()).toBe(0);
    expect(await node('start').count()).toBe(1);
    await page.keyboard.press('Control+z');
    await node('condition_1').waitFor();
  });

  it('keeps the keyboard on the canvas when Ctrl+Z takes away the step just added, which had it', async () => {
    await node('condition_1').click();
    await paletteButton('Delay').click();
    await expect.poll(() => page.evaluate(`document.activeElement.getAttribute('data-id')`)).toBe('delay_1');
    await page.keyboard.press('Control+z');
    await expect.poll(() => node('delay_1').count()).toBe(0);
    // The step it followed has the keyboard, not <body>: Tab goes on from the canvas.
    await expect
      .poll(() => page.evaluate(`document.activeElement.getAttribute('data-id')`))
      .toBe('condition_1');
  });

  it('undoes a choice made in a drop-down of the inspector with Ctrl+Z, the keyboard still on it', async () => {
    await node('condition_1').click();
    const combine = inspector().getByLabel('Combine');
    expect(await combine.inputValue()).toBe('all');
    await combine.selectOption('any');
    await waitUntilSaved();
    await combine.press('Control+z');
    await expect.poll(() => combine.inputValue()).toBe('all');
    await waitUntilSaved();
    expect((await savedSteps()).find((step) => step.id === 'condition_1')).toMatchObject({ combine: 'all' });
    await combine.press('Control+y');
    await expect.poll(() => combine.inputValue()).toBe('any');
  });
});
