/**
 * Pasted steps land clear of every other step, in Chromium: pasted twice from the keyboard, or
 * with the pointer over a crowded part of the canvas, the copies overlap nothing, sit near where
 * they were asked for, in view, and keep their layout among themselves.
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

/** Every step's box on the canvas, in canvas units. */
const stepSize = { width: 180, height: 64 };

type Point = { x: number; y: number };

const node = (id: string): Locator => page.locator(stepSelector(id));
const selectedIds = () =>
  page
    .locator('.react-flow__node.selected')
    .evaluateAll((nodes) => nodes.map((found) => found.getAttribute('data-id')).sort());

const savedPositions = async (): Promise<Record<string, Point>> =>
  (await callApi(server, 'runbooks.get', { id: runbookId })).draft.positions;

/** The pairs of steps whose boxes overlap, as "a/b". */
function overlapsOf(positions: Record<string, Point>): string[] {
  const entries = Object.entries(positions);
  const found: string[] = [];
  entries.forEach(([a, p], index) => {
    for (const [b, q] of entries.slice(index + 1))
      if (Math.abs(p.x - q.x) < stepSize.width && Math.abs(p.y - q.y) < stepSize.height)
        found.push(`${a}/${b}`);
  });
  return found;
}

/** Waits until the draft is saved with `count` steps, and gives their positions. */
async function savedWithSteps(count: number): Promise<Record<string, Point>> {
  await expect.poll(async () => Object.keys(await savedPositions()).length).toBe(count);
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Saved');
  return savedPositions();
}

/** Clicks steps (Shift for the others) and waits until they are the ones selected: Ctrl+C before then copied nothing. */
async function select(...ids: string[]): Promise<void> {
  for (const [index, id] of ids.entries()) await node(id).click(index === 0 ? {} : { modifiers: ['Shift'] });
  await expect.poll(selectedIds).toEqual([...ids].sort());
}

async function copy(...ids: string[]): Promise<void> {
  await select(...ids);
  await page.keyboard.press('Control+c');
  await expect
    .poll(() => page.evaluate<string>('navigator.clipboard.readText()'))
    .toContain(`"id":"${ids[0] ?? ''}"`);
}

/** Whether the step's box on screen lies within the canvas pane. */
async function isInView(id: string): Promise<boolean> {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  const box = await node(id).boundingBox();
  if (pane === null || box === null) return false;
  return (
    box.x >= pane.x &&
    box.y >= pane.y &&
    box.x + box.width <= pane.x + pane.width &&
    box.y + box.height <= pane.y + pane.height
  );
}

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-paste-clear-')),
  });
  // A column of four steps, and a crowded block of six beside it, 20 px apart.
  const block = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
  runbookId = await createRunbook(server, 'Crowded', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'wait', name: 'Wait', type: 'delay', seconds: '1' },
      { id: 'notify', name: 'Notify', type: 'delay', seconds: '2' },
      { id: 'done', name: 'Done', type: 'end', message: 'Done' },
      ...block.map((id) => ({ id, name: id.toUpperCase(), type: 'delay', seconds: '1' })),
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'wait' },
      { from: 'wait', kind: 'next', to: 'notify' },
      { from: 'notify', kind: 'next', to: 'done' },
    ],
    positions: {
      start: { x: 0, y: 0 },
      wait: { x: 0, y: 140 },
      notify: { x: 0, y: 280 },
      done: { x: 0, y: 420 },
      ...Object.fromEntries(
        block.map((id, index) => [id, { x: 260 + (index % 2) * 200, y: 100 + Math.floor(index / 2) * 84 }]),
      ),
    },
  });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await node('start').waitFor();
  await waitForStillCanvas(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('pasted steps', () => {
  it('pasted twice from the keyboard, overlap nothing and stay near the copy, in view', async () => {
    await copy('wait');
    await page.getByRole('complementary', { name: 'Steps' }).hover(); // the pointer is not over the canvas
    await page.keyboard.press('Control+v');
    await node('delay_1').waitFor();
    await page.keyboard.press('Control+v');
    await node('delay_2').waitFor();
    const positions = await savedWithSteps(12);
    await waitForStillCanvas(page);
    await saveScreenshot(page, 'canvas-paste-clear-twice');
    expect(overlapsOf(positions)).toEqual([]);
    for (const id of ['delay_1', 'delay_2']) {
      const pasted = positions[id];
      const copied = positions.wait;
      if (pasted === undefined || copied === undefined) throw new Error(`no position for ${id}`);
      expect(Math.hypot(pasted.x - copied.x, pasted.y - copied.y)).toBeLessThan(600);
      expect(await isInView(id)).toBe(true);
    }
  });

  it('pasted at the pointer over a crowded part, overlap nothing, near the pointer, keeping their layout', async () => {
    await copy('notify', 'done');
    const target = await node('b3').boundingBox();
    if (target === null) throw new Error('no step b3');
    const pointer = { x: target.x + target.width / 2, y: target.y + target.height / 2 };
    await page.mouse.move(pointer.x, pointer.y);
    await page.keyboard.press('Control+v');
    await node('end_1').waitFor();
    const positions = await savedWithSteps(14);
    await waitForStillCanvas(page);
    await saveScreenshot(page, 'canvas-paste-clear-crowded');
    expect(overlapsOf(positions)).toEqual([]);
    const [first, second, b3] = [positions.delay_3, positions.end_1, positions.b3];
    if (first === undefined || second === undefined || b3 === undefined) throw new Error('positions missing');
    expect({ x: second.x - first.x, y: second.y - first.y }).toEqual({ x: 0, y: 140 });
    expect(Math.hypot(first.x - b3.x, first.y - b3.y)).toBeLessThan(600);
    for (const id of ['delay_3', 'end_1']) expect(await isInView(id)).toBe(true);
  });
});
