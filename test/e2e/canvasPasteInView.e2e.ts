/**
 * Pasting with the keyboard, the pointer away from the canvas, in Chromium: a copy made far off,
 * or in another runbook, lands in view rather than out of sight; a copy that shows on the canvas
 * is pasted beside it, clear of it.
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
let nearId = '';

const node = (id: string): Locator => page.locator(stepSelector(id));
const selectedIds = () =>
  page
    .locator('.react-flow__node.selected')
    .evaluateAll((nodes) => nodes.map((found) => found.getAttribute('data-id')));

/** Clicks a step and waits until it is the one selected: Ctrl+C before then copied nothing. */
async function select(id: string): Promise<void> {
  await node(id).click();
  await expect.poll(selectedIds).toEqual([id]);
}

/** Whether the whole of one box lies within another. */
function isWithin(
  inner: { x: number; y: number; width: number; height: number },
  outer: { x: number; y: number; width: number; height: number },
): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

async function open(name: RegExp): Promise<void> {
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.getByRole('link', { name }).click();
  await node('start').waitFor();
  await waitForStillCanvas(page);
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-paste-view-')) });
  await createRunbook(server, 'Far away', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'far', name: 'Far step', type: 'delay', seconds: '1' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'far' }],
    positions: { start: { x: 0, y: 0 }, far: { x: 2_900, y: 2_280 } },
  });
  nearId = await createRunbook(server, 'Near', {
    steps: [{ id: 'start', name: 'Start', type: 'start' }],
    edges: [],
    positions: { start: { x: 0, y: 0 } },
  });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('pasting from the keyboard', () => {
  it('lands a step copied far off in another runbook in view', async () => {
    await open(/^Far away/);
    await select('far');
    await page.keyboard.press('Control+c');
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toContain('Far step');

    await open(/^Near/);
    await page.getByRole('complementary', { name: 'Steps' }).hover(); // the pointer is not over the canvas
    await page.keyboard.press('Control+v');
    await node('delay_1').waitFor();
    await waitForStillCanvas(page);
    const pane = await page.locator('.react-flow__pane').boundingBox();
    const pasted = await node('delay_1').boundingBox();
    if (pane === null || pasted === null) throw new Error('no canvas or no pasted step');
    await saveScreenshot(page, 'canvas-paste-in-view');
    expect(isWithin(pasted, pane)).toBe(true);
  });

  it('pastes a copy that shows on the canvas beside it, clear of it', async () => {
    await select('delay_1');
    await page.keyboard.press('Control+c');
    await page.getByRole('complementary', { name: 'Steps' }).hover();
    await page.keyboard.press('Control+v');
    await node('delay_2').waitFor();
    await expect
      .poll(async () => {
        const { positions } = (await callApi(server, 'runbooks.get', { id: nearId })).draft;
        const copied = positions.delay_1;
        const pasted = positions.delay_2;
        if (copied === undefined || pasted === undefined) return null;
        // Clear of the copy (a step is 180 × 64), and near it: 40 px across and down were asked for.
        const isClear = Math.abs(pasted.x - copied.x) >= 180 || Math.abs(pasted.y - copied.y) >= 64;
        return { isClear, isNear: Math.hypot(pasted.x - copied.x - 40, pasted.y - copied.y - 40) <= 200 };
      })
      .toEqual({ isClear: true, isNear: true });
  });
});
