/**
 * A focused field in a dialog shows its whole focus ring: the dialog's body scrolls, and a
 * scrolling box clips what is drawn outside it, so the body keeps room for the ring drawn around
 * a full-width field (the Run dialog's first input, Runbook details' Name).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector } from './support/canvas';
import { createRunbook } from './support/runbookSeeds';
import { startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-focus-ring-')) });
  const id = await createRunbook(server, 'Close a ticket', {
    inputs: [{ name: 'ticket', type: 'string', isRequired: true, description: 'The ticket to close' }],
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'end', name: 'End', type: 'end', message: 'Closed' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'end' }],
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}#/runbooks/${id}`);
  await page.locator(stepSelector('start')).waitFor();
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

/**
 * How far the focused element's ring (its outline, offset included) reaches past the box that
 * clips it, the dialog's body, on each side; 0 where it fits.
 */
const ringOverflow = () =>
  page.evaluate(`(() => {
    const field = document.activeElement;
    const body = field.closest('.dialog-body');
    const style = getComputedStyle(field);
    const reach = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
    const ring = field.getBoundingClientRect();
    const clip = body.getBoundingClientRect();
    return {
      style: style.outlineStyle,
      left: Math.max(0, clip.left - (ring.left - reach)),
      right: Math.max(0, ring.right + reach - clip.right),
      top: Math.max(0, clip.top - (ring.top - reach)),
    };
  })()`);

/** Tabs away from the field and back, so that it is focused as the keyboard focuses it. */
async function focusByKeyboard(label: string): Promise<void> {
  await page.getByRole('dialog').getByLabel(label, { exact: true }).focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
}

describe('the focus ring in a dialog', () => {
  it("shows whole around the Run dialog's first input", async () => {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await focusByKeyboard('ticket');
    expect(await ringOverflow()).toEqual({ style: 'solid', left: 0, right: 0, top: 0 });
    await saveScreenshot(page, 'dialog-focus-ring-run');
    await page.keyboard.press('Escape');
  });

  it("shows whole around Runbook details' Name", async () => {
    await page.getByRole('button', { name: 'Edit details' }).click();
    await focusByKeyboard('Name');
    expect(await ringOverflow()).toEqual({ style: 'solid', left: 0, right: 0, top: 0 });
    await page.getByRole('button', { name: 'Cancel' }).click();
  });
});
