/**
 * A step added from the palette is brought into view at 1280 × 800: when it would land under the
 * overview map (or out of the pane), the canvas pans, without zooming, until it shows whole.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;

const node = (id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);
const paletteButton = (name: string): Locator =>
  page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name, exact: true });

type Box = { x: number; y: number; width: number; height: number };

/** Do two rectangles on the screen overlap? */
const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Whether the step shows whole inside the canvas, clear of the overview map, its button and the zoom buttons. */
async function isClearlyInView(id: string): Promise<boolean> {
  const box = (locator: Locator) => locator.boundingBox();
  const step = await box(node(id));
  const pane = await box(page.locator('.react-flow'));
  const coverings = await Promise.all(
    ['.react-flow__minimap', '.overview-toggle', '.react-flow__controls'].map((selector) =>
      box(page.locator(selector)),
    ),
  );
  if (step === null || pane === null) return false;
  const isInPane =
    step.x >= pane.x &&
    step.y >= pane.y &&
    step.x + step.width <= pane.x + pane.width &&
    step.y + step.height <= pane.y + pane.height;
  return isInPane && !coverings.some((covering) => covering === null || overlaps(step, covering));
}

/** The canvas's zoom, read from React Flow's viewport transform. */
const zoom = (): Promise<number> =>
  page.evaluate(
    `new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a`,
  );

/** The id of the step that has the keyboard. */
const focusedStep = (): Promise<string | null> =>
  page.evaluate(`document.activeElement?.getAttribute('data-id') ?? null`);

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-palette-view-')),
  });
  await callApi(server, 'runbooks.create', { details: { name: 'Branch flow' } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.getByRole('link', { name: /Branch flow/ }).click();
  await node('start').waitFor();
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('a step added from the palette', () => {
  it('is panned into view, clear of the overview map, without a zoom', async () => {
    await node('start').click();
    await paletteButton('Condition').click();
    await node('condition_1').waitFor();
    await paletteButton('End').click();
    await node('end_1').waitFor();
    await node('condition_1').click();
    const zoomBefore = await zoom();
    await paletteButton('End').click(); // on the Condition's "false" exit, beside the first End
    await node('end_2').waitFor();
    await expect.poll(() => isClearlyInView('end_2')).toBe(true);
    await expect.poll(focusedStep).toBe('end_2');
    expect(await zoom()).toBeCloseTo(zoomBefore, 5);
    await saveScreenshot(page, 'palette-step-in-view');
  });
});
