/**
 * "At once" (how many clients' runs a group runs at a time) takes a number typed over the one
 * shown: Backspace then 2 is 2 — the emptied field used to turn into 1 at once, so the 2 made 12.
 * Seen in a schedule across clients, whose draft saves what the field holds.
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
let runbookId: string;

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-at-once-')),
  });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Nightly check' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          schedule: { isEnabled: true, expression: '0 6 * * *', timeZone: 'UTC', clients: 'all' },
        },
        { id: 'done', name: 'Done', type: 'end', message: 'Checked {{client}}' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    } as never,
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** The saved draft's schedule concurrency, as the server has it. */
async function savedConcurrency(): Promise<number | undefined> {
  const { draft } = await callApi(server, 'runbooks.get', { id: runbookId });
  const start = draft.steps.find((step) => step.type === 'start');
  return start?.type === 'start' ? start.schedule?.clientConcurrency : undefined;
}

describe('typing how many clients run at once', () => {
  it('takes Backspace then 2 as 2, and shows the number in force once left', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.locator(`${stepSelector('start')} .step-name`).click();
    const atOnce = page.getByRole('spinbutton', { name: 'At once' });
    expect(await atOnce.inputValue()).toBe('4');

    await atOnce.click();
    await atOnce.press('End');
    await atOnce.press('Backspace');
    expect(await atOnce.inputValue()).toBe('');
    await atOnce.press('2');
    expect(await atOnce.inputValue()).toBe('2');
    await expect.poll(savedConcurrency, { timeout: 10_000 }).toBe(2);

    // Out of range while typed: nothing is handed on, and leaving shows the number in force.
    await atOnce.fill('40');
    await page.getByRole('textbox', { name: 'Cron expression', exact: true }).click();
    expect(await atOnce.inputValue()).toBe('2');
    await saveScreenshot(page, 'group-concurrency-typing');
    await expect.poll(savedConcurrency, { timeout: 10_000 }).toBe(2);
  });
});
