/**
 * Connecting by dragging an exit, in Chromium: dropped on a step's card (not only on its small
 * entry handle) it connects to that step; dropped on Start or on the empty canvas it connects
 * nothing.
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

const node = (id: string): Locator => page.locator(stepSelector(id));
const savedEdges = async () => (await callApi(server, 'runbooks.get', { id: runbookId })).draft.edges;

/** Drags from the exit handle `kind` of step `from` to a point of step `to`'s card, low down in it. */
async function dragExitOnto(
  from: string,
  kind: string,
  to: string | { x: number; y: number },
): Promise<void> {
  await waitForStillCanvas(page);
  const handle = await node(from)
    .locator(`.react-flow__handle.source[data-handleid="${kind}"]`)
    .boundingBox();
  const card = typeof to === 'string' ? await node(to).boundingBox() : null;
  if (handle === null || (typeof to === 'string' && card === null)) throw new Error('nothing to drag');
  const target =
    card === null
      ? (to as { x: number; y: number })
      : { x: card.x + card.width / 2, y: card.y + card.height * 0.8 };
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 15 });
  await page.mouse.up();
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-connecting-')) });
  runbookId = await createRunbook(server, 'Connecting', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'wait', name: 'Wait', type: 'delay', seconds: '1' },
      { id: 'done', name: 'Done', type: 'end' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'wait' }],
    positions: { start: { x: 0, y: 0 }, wait: { x: 0, y: 160 }, done: { x: 360, y: 320 } },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.getByRole('link', { name: /Connecting/ }).click();
  await node('done').waitFor();
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('connecting by dragging an exit', () => {
  it('connects nothing when the exit is dropped on Start or on the empty canvas', async () => {
    await dragExitOnto('wait', 'next', 'start');
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (pane === null) throw new Error('no canvas');
    await dragExitOnto('wait', 'next', { x: pane.x + pane.width - 60, y: pane.y + 30 });
    await page.locator('.save-state', { hasText: /^Saved$/ }).waitFor();
    expect(await savedEdges()).toEqual([{ from: 'start', kind: 'next', to: 'wait' }]);
  });

  it('connects an exit dropped on the middle of a step’s card to that step', async () => {
    await dragExitOnto('wait', 'next', 'done');
    await expect.poll(savedEdges).toEqual([
      { from: 'start', kind: 'next', to: 'wait' },
      { from: 'wait', kind: 'next', to: 'done' },
    ]);
    await saveScreenshot(page, 'canvas-connect-on-card');
  });
});
