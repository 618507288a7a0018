/**
 * The canvas by Tab, in Chromium: entering it from the palette, the keyboard reaches the steps
 * first, in the order the flow goes (Start first), then the edges, then the canvas's buttons;
 * Shift+Tab goes back the same way. React Flow draws the edges before the steps in the page, so
 * Tab went through every connection before Start. React Flow's own keys still work on the way:
 * Enter then Delete on an edge deletes it, an arrow key moves the selected step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { focusLine } from './support/keyboard';
import { createRunbook } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';

/** What has the keyboard, shortly: a step's or an edge's id, else the control's text or label. */
const focusedName = async (): Promise<string> => {
  const [tag, , dataId, label, text] = (await focusLine(page)).split('|');
  if (dataId !== undefined && dataId !== '') return tag === 'g' ? `edge ${dataId}` : `step ${dataId}`;
  return label !== undefined && label !== '' ? label : (text ?? '');
};

/** Presses `key` until the keyboard is on `last`, at most `limit` times: the names it went through. */
async function walk(key: string, last: string, limit = 30): Promise<string[]> {
  const trail: string[] = [];
  for (let count = 0; count < limit; count += 1) {
    await page.keyboard.press(key);
    const name = await focusedName();
    trail.push(name);
    if (name === last) return trail;
  }
  throw new Error(`${key} × ${String(limit)} never reached ${last}; focus went:\n${trail.join('\n')}`);
}

const savedEdges = async () =>
  (await callApi(server, 'runbooks.get', { id: runbookId })).draft.edges
    .map((edge) => `${edge.from}:${edge.kind}`)
    .sort();

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-tab-order-')) });
  // Listed out of flow order, as a runbook edited for a while holds them.
  runbookId = await createRunbook(server, 'Triage', {
    steps: [
      { id: 'done', name: 'Done', type: 'end', message: 'Done' },
      { id: 'fix', name: 'Fix', type: 'delay', seconds: '1' },
      { id: 'start', name: 'Start', type: 'start' },
      {
        id: 'check',
        name: 'Check',
        type: 'condition',
        combine: 'all',
        rules: [{ left: '{{trigger.body}}', operator: 'exists', right: '' }],
      },
    ],
    edges: [
      { from: 'fix', kind: 'next', to: 'done' },
      { from: 'check', kind: 'false', to: 'done' },
      { from: 'start', kind: 'next', to: 'check' },
      { from: 'check', kind: 'true', to: 'fix' },
    ],
    positions: {
      start: { x: 200, y: 0 },
      check: { x: 200, y: 140 },
      fix: { x: 60, y: 300 },
      done: { x: 200, y: 460 },
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('start')).waitFor();
  await waitForStillCanvas(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const stepsInFlowOrder = ['step start', 'step check', 'step fix', 'step done'];
const edgesInFlowOrder = ['edge start:next', 'edge check:true', 'edge check:false', 'edge fix:next'];

describe('Tab on the canvas', () => {
  it('reaches the steps first, in flow order from Start, then the edges, then the canvas buttons', async () => {
    await page.getByRole('button', { name: 'Skip the canvas, to the inspector' }).focus();
    const trail = await walk('Tab', 'Zoom In');
    await saveScreenshot(page, 'canvas-tab-order');
    expect(trail).toEqual([...stepsInFlowOrder, ...edgesInFlowOrder, 'Hide map', 'Zoom In']);
  });

  it('goes back the same way with Shift+Tab, and on past Start to the palette', async () => {
    await page.getByRole('button', { name: 'Zoom In' }).focus();
    const trail = await walk('Shift+Tab', 'Skip the canvas, to the inspector');
    expect(trail).toEqual([
      'Hide map',
      ...[...stepsInFlowOrder, ...edgesInFlowOrder].reverse(),
      'Skip the canvas, to the inspector',
    ]);
  });

  it('keeps React Flow’s keys: an arrow moves the selected step, Enter then Delete deletes an edge', async () => {
    await page.getByRole('button', { name: 'Skip the canvas, to the inspector' }).focus();
    await walk('Tab', 'step check');
    await page.keyboard.press('Enter'); // on to the inspector, the step selected
    await expect.poll(() => page.locator('.react-flow__node.selected').getAttribute('data-id')).toBe('check');
    await page.locator(stepSelector('check')).focus();
    const before = (await callApi(server, 'runbooks.get', { id: runbookId })).draft.positions.check;
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => (await callApi(server, 'runbooks.get', { id: runbookId })).draft.positions.check?.x)
      .toBeGreaterThan(before?.x ?? 0);

    await walk('Tab', 'edge check:false');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__edge.selected').count()).toBe(1);
    await page.keyboard.press('Delete');
    await expect.poll(savedEdges).toEqual(['check:true', 'fix:next', 'start:next'].sort());
  });
});
