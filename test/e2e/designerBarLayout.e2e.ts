/**
 * The designer's bar with a long name, at 1280 × 800 and at the smallest window the desktop shell
 * allows (900 × 600): the name takes at most two lines (the whole of it in its tooltip), the canvas
 * keeps its room, and in the narrow window the name has a row of its own instead of a column of
 * broken words beside the actions. There the sidebar keeps to its icons, so the canvas keeps room
 * across beside the palette and the inspector.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
/** 200 characters, the most a runbook's name may have. */
const longName = 'Onboard a new employee across every system '.repeat(5).slice(0, 200);

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-bar-')) });
  const { id } = await callApi(server, 'runbooks.create', { details: { name: longName } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/runbooks/${id}`);
  await page.locator(stepSelector('start')).waitFor();
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** The name's box and its line height, as drawn. */
async function nameBox() {
  const heading = page.getByRole('heading', { level: 1 });
  const box = await heading.boundingBox();
  if (box === null) throw new Error('the name is not drawn');
  const lineHeight = parseFloat(
    await heading.evaluate(
      (element) => element.ownerDocument.defaultView?.getComputedStyle(element).lineHeight ?? '',
    ),
  );
  return { ...box, lineHeight };
}

describe('the designer bar with a 200-character name', () => {
  it('shows the name in two lines at most, the whole of it in its tooltip', async () => {
    const heading = page.getByRole('heading', { level: 1 });
    expect(await heading.textContent()).toBe(longName);
    expect(await heading.getAttribute('title')).toBe(longName);
    const { height, lineHeight } = await nameBox();
    expect(height).toBeLessThanOrEqual(2 * lineHeight + 1);
    const bar = await page.locator('.designer-bar').boundingBox();
    expect(bar?.height).toBeLessThan(120);
    await saveScreenshot(page, 'designer-bar-long-name');
  });

  it('gives the name a row of its own in a 900 × 600 window, the actions in view', async () => {
    await page.setViewportSize({ width: 900, height: 600 });
    await expect.poll(async () => (await nameBox()).width).toBeGreaterThan(400);
    const { height, lineHeight } = await nameBox();
    expect(height).toBeLessThanOrEqual(2 * lineHeight + 1);
    const run = await page.getByRole('button', { name: 'Run', exact: true }).boundingBox();
    expect(run === null ? Infinity : run.x + run.width).toBeLessThanOrEqual(900);
    const canvas = await page.locator('.designer-canvas').boundingBox();
    expect(canvas?.height).toBeGreaterThan(400);
    await saveScreenshot(page, 'designer-bar-long-name-narrow');
  });

  it('leaves the canvas room across in a 900 × 600 window with a step selected', async () => {
    // The resize left the Start step where the wider canvas had it: bring it into view first.
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await page.locator(stepSelector('start')).click();
    await page.getByRole('complementary', { name: 'Inspector' }).getByText('Step name').waitFor();
    // The sidebar keeps its icons (145 px of canvas were left beside the sidebar, palette and inspector).
    const canvas = await page.locator('.designer-canvas').boundingBox();
    expect(canvas?.width).toBeGreaterThan(380);
    const sidebar = await page.getByRole('navigation', { name: 'Main' }).boundingBox();
    expect(sidebar?.width).toBeLessThan(80);
    // Each area keeps its name for screen readers and as a tooltip.
    for (const area of ['Integrations', 'Runbooks', 'Runs', 'Settings']) {
      const link = page.getByRole('link', { name: area, exact: true });
      expect(await link.getAttribute('title')).toBe(area);
    }
    await saveScreenshot(page, 'designer-narrow-window');
  });
});
