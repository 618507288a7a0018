/**
 * A step added from the palette to a large runbook (more than 150 steps: only the steps in view
 * are drawn), in Chromium: it is panned into view and takes the keyboard, as in a small one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { createRunbook, setVariablesChain } from './support/runbookSeeds';
import { startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;

const node = (id: string): Locator => page.locator(stepSelector(id));

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-large-palette-')),
  });
  await createRunbook(server, 'Three hundred', setVariablesChain(300, 20));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.getByRole('link', { name: /Three hundred/ }).click();
  await node('start').waitFor();
  await waitForStillCanvas(page);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('the palette in a large runbook', () => {
  it('pans a step added out of sight into view, and gives it the keyboard', async () => {
    await node('start').click();
    // Below Start the row is full: the new step goes at its far end, out of sight.
    await page
      .getByRole('complementary', { name: 'Steps' })
      .getByRole('button', { name: 'Delay', exact: true })
      .click();
    await expect.poll(() => page.evaluate(`document.activeElement.getAttribute('data-id')`)).toBe('delay_1');
    await waitForStillCanvas(page);
    const pane = await page.locator('.react-flow__pane').boundingBox();
    const added = await node('delay_1').boundingBox();
    if (pane === null || added === null) throw new Error('no canvas or no step');
    await saveScreenshot(page, 'canvas-large-palette');
    expect(added.x).toBeGreaterThanOrEqual(pane.x);
    expect(added.x + added.width).toBeLessThanOrEqual(pane.x + pane.width);
    expect(added.y).toBeGreaterThanOrEqual(pane.y);
    expect(added.y + added.height).toBeLessThanOrEqual(pane.y + pane.height);
  });
});
