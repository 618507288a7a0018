/**
 * The first view of a runbook in the designer: a few steps open framed whole; a runbook too tall
 * to frame at a readable zoom opens on its Start step at the top, its names readable (before, a
 * chain of 12 steps opened at a zoom where steps are drawn as plain boxes, without names). Zoom
 * to fit still shows every step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;

/** A runbook: Start → `count` Set variables steps → End, one under the other. */
async function chainOf(name: string, count: number): Promise<string> {
  const { id } = await callApi(server, 'runbooks.create', { details: { name } });
  const middle = Array.from({ length: count }, (_, index) => ({
    id: `keep_${String(index + 1)}`,
    name: `Keep ${String(index + 1)}`,
    type: 'setVariables',
    assignments: [],
  }));
  const all = [
    { id: 'start', name: 'Start', type: 'start' },
    ...middle,
    { id: 'done', name: 'Done', type: 'end' },
  ];
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      steps: all,
      edges: all.slice(1).map((step, index) => ({
        from: all[index]?.id ?? '',
        kind: 'next',
        to: step.id,
      })),
      positions: Object.fromEntries(all.map((step, index) => [step.id, { x: 200, y: index * 140 }])),
    } as never,
  });
  return id;
}

/** The canvas's zoom, from React Flow's viewport transform ("matrix(zoom, 0, 0, zoom, x, y)"). */
async function zoom(): Promise<number> {
  const transform = await page
    .locator('.react-flow__viewport')
    .evaluate((element) => element.ownerDocument.defaultView?.getComputedStyle(element).transform ?? '');
  return Number(/^matrix\(([^,]+),/.exec(transform)?.[1] ?? NaN);
}

async function open(id: string): Promise<void> {
  await page.goto(`${server.origin}/#/runbooks/${id}`);
  await page.locator('.react-flow__node[data-id="start"]').waitFor();
  // The opening view is set once the canvas is ready: wait until the zoom stops changing.
  let last = -1;
  await expect
    .poll(async () => {
      const now = await zoom();
      const isSettled = now === last;
      last = now;
      return isSettled;
    })
    .toBe(true);
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-opening-')) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('the canvas as a runbook opens', () => {
  it('frames a short runbook whole', async () => {
    await open(await chainOf('Short', 2));
    expect(await zoom()).toBeGreaterThanOrEqual(0.6);
    for (const id of ['start', 'keep_1', 'keep_2', 'done'])
      expect(await page.locator(`.react-flow__node[data-id="${id}"]`).isVisible()).toBe(true);
  });

  it('opens a tall runbook on its Start step at a zoom its names can be read at', async () => {
    await open(await chainOf('Tall', 12));
    expect(await zoom()).toBeCloseTo(0.6, 5);
    expect(await page.locator('.designer-canvas.is-zoomed-out').count()).toBe(0);
    const canvas = await page.locator('.react-flow').boundingBox();
    const start = await page.locator('.react-flow__node[data-id="start"]').boundingBox();
    expect(canvas !== null && start !== null && start.y - canvas.y).toBeLessThan(60);
    await page.locator('.react-flow__node[data-id="keep_1"]').getByText('Keep 1').waitFor();
    await saveScreenshot(page, 'designer-opening-tall');

    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await expect.poll(zoom).toBeLessThan(0.6);
  });
});
