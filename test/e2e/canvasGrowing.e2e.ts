/**
 * A runbook growing past 150 steps while it is open, in Chromium: the view stays where the user
 * is (a larger runbook opens on its Start at zoom 1, but only as it opens), through the step
 * added, its undo and its redo.
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

/** The canvas's zoom, from the viewport's transform. */
async function zoom(): Promise<number> {
  await waitForStillCanvas(page);
  const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  const match = /scale\(([\d.]+)\)/.exec(style);
  if (match === null) throw new Error(`no zoom in ${style}`);
  return Number(match[1]);
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-growing-')) });
  // Start and 149 Set variables steps, 10 a row: 150 in all, the most framed whole.
  await createRunbook(server, 'Growing', setVariablesChain(149, 10));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.getByRole('link', { name: /Growing/ }).click();
  await node('start').waitFor();
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('a runbook growing past 150 steps', () => {
  it('keeps its zoom as the 151st step is added, undone and redone', async () => {
    const opened = await zoom();
    expect(opened).toBeLessThan(1); // framed whole
    await node('start').click();
    await page
      .getByRole('complementary', { name: 'Steps' })
      .getByRole('button', { name: 'Delay', exact: true })
      .click();
    await expect.poll(() => page.evaluate(`document.activeElement.getAttribute('data-id')`)).toBe('delay_1');
    expect(await zoom()).toBe(opened);
    await page.keyboard.press('Control+z');
    await expect.poll(() => node('delay_1').count()).toBe(0);
    expect(await zoom()).toBe(opened);
    await page.keyboard.press('Control+y');
    await node('delay_1').waitFor();
    expect(await zoom()).toBe(opened);
    await saveScreenshot(page, 'canvas-growing');
  });
});
