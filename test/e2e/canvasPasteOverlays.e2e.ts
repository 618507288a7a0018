/**
 * Pasted steps never land under what is drawn over the canvas, in Chromium, the map shown: pasted
 * with the pointer over the map or over the zoom buttons, they land beside them, in view; pasted
 * into a view crowded edge to edge, where nothing in view is clear, they go to the nearest clear
 * spot and the view moves to show them, clear of the map.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { createRunbook } from './support/runbookSeeds';
import { startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const node = (id: string): Locator => page.locator(stepSelector(id));
const selectedIds = () =>
  page
    .locator('.react-flow__node.selected')
    .evaluateAll((nodes) => nodes.map((found) => found.getAttribute('data-id')).sort());

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const isWithin = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error('not drawn');
  return box;
}

/** What the pasted step is under (the map, its button, the zoom buttons), or "out of view". */
async function whatCovers(id: string): Promise<string[]> {
  const pasted = await boxOf(node(id));
  const found: string[] = [];
  if (!isWithin(pasted, await boxOf(page.locator('.react-flow__pane')))) found.push('out of view');
  for (const [name, selector] of [
    ['the map', '.react-flow__minimap'],
    ['the Hide map button', '.overview-toggle'],
    ['the zoom buttons', '.react-flow__controls'],
  ] as const) {
    if (overlaps(pasted, await boxOf(page.locator(selector)))) found.push(name);
  }
  return found;
}

async function copy(id: string): Promise<void> {
  await node(id).click();
  await expect.poll(selectedIds).toEqual([id]);
  await page.keyboard.press('Control+c');
  await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toContain(`"id":"${id}"`);
}

/** Pastes with the pointer at a point, and waits for the step `id` to be drawn and still. */
async function pasteAt(point: { x: number; y: number }, id: string): Promise<void> {
  await page.mouse.move(point.x, point.y);
  await page.keyboard.press('Control+v');
  await node(id).waitFor();
  await waitForStillCanvas(page);
}

/**
 * A block of `columns` × `rows` steps 20 px apart: Start in the middle column of row `startRow`,
 * Delay steps in every other cell.
 */
function blockDraft(columns: number, rows: number, startRow: number) {
  const cells = Array.from({ length: columns * rows }, (_, index) => ({
    x: (index % columns) * 200,
    y: Math.floor(index / columns) * 84,
  }));
  const startCell = startRow * columns + Math.floor(columns / 2);
  const block = cells.flatMap((cell, index) =>
    index === startCell ? [] : [{ id: `b${String(index)}`, cell }],
  );
  return {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      ...block.map(({ id }) => ({ id, name: id.toUpperCase(), type: 'delay', seconds: '1' })),
    ],
    edges: [{ from: 'start', kind: 'next', to: 'b0' }],
    positions: {
      start: cells[startCell] ?? { x: 0, y: 0 },
      ...Object.fromEntries(block.map(({ id, cell }) => [id, cell])),
    },
  };
}

async function open(name: RegExp): Promise<void> {
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.getByRole('link', { name }).click();
  await node('start').waitFor();
  await waitForStillCanvas(page);
}

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-paste-overlays-')),
  });
  await createRunbook(server, 'Small block', blockDraft(3, 4, 0));
  // 13 × 14 steps, more than 150: opened at full size on Start, they fill the view edge to edge.
  await createRunbook(server, 'Crowded', blockDraft(13, 14, 5));
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await open(/^Small block/);
  await expect(page.getByRole('button', { name: 'Hide map' }).isVisible()).resolves.toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('pasted steps and what is drawn over the canvas', () => {
  it('pasted with the pointer over the map, land beside it, in view', async () => {
    await copy('b0');
    // The step's top-left where it fits in the pane, partly over the map.
    const map = await boxOf(page.locator('.react-flow__minimap'));
    await pasteAt({ x: map.x - 40, y: map.y - 20 }, 'delay_1');
    await saveScreenshot(page, 'canvas-paste-over-map');
    expect(await whatCovers('delay_1')).toEqual([]);
  });

  it('pasted with the pointer over the zoom buttons, land beside them, in view', async () => {
    const buttons = await boxOf(page.locator('.react-flow__controls'));
    await pasteAt({ x: buttons.x + 4, y: buttons.y + 4 }, 'delay_2');
    await saveScreenshot(page, 'canvas-paste-over-zoom-buttons');
    expect(await whatCovers('delay_2')).toEqual([]);
  });

  it('pasted into a view crowded edge to edge, go to the nearest clear spot, the view moved to show them', async () => {
    await open(/^Crowded/);
    await copy('b84');
    const map = await boxOf(page.locator('.react-flow__minimap'));
    await pasteAt({ x: map.x - 40, y: map.y - 20 }, 'delay_1');
    await saveScreenshot(page, 'canvas-paste-crowded-view');
    expect(await whatCovers('delay_1')).toEqual([]);
  });
});
