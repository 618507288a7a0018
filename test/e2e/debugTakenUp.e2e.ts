/**
 * A debug run paused while its designer is left — for the run's page, or by reloading the window —
 * is taken up again when the designer opens: its debug bar is back, and Continue or Stop work.
 * In Chromium against the headless server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { stepSelector } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-debug-taken-up-')),
  });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Two steps' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'first', name: 'First', type: 'setVariables', assignments: [{ name: 'a', value: '1' }] },
        { id: 'second', name: 'Second', type: 'setVariables', assignments: [{ name: 'b', value: '2' }] },
        { id: 'done', name: 'Done', type: 'end', message: 'a={{vars.a}} b={{vars.b}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'first' },
        { from: 'first', kind: 'next', to: 'second' },
        { from: 'second', kind: 'next', to: 'done' },
      ],
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('start')).waitFor();
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const debugBar = () => page.getByRole('toolbar', { name: 'Debugger' });
const where = () => debugBar().getByRole('status');
const runState = () => page.locator('.designer-run .run-status');

/** Sets a breakpoint on Second (F9) when it has none, and debugs until it pauses there. */
async function pausedAtSecond(): Promise<void> {
  if ((await page.locator(`${stepSelector('second')} .step-breakpoint`).count()) === 0) {
    await page.locator(`${stepSelector('second')} .step-name`).click();
    await page.keyboard.press('F9');
    await page.locator(`${stepSelector('second')} .step-breakpoint`).waitFor();
  }
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  await expect.poll(() => where().textContent()).toBe('Paused before “Second” (breakpoint)');
}

describe('a paused debug run, its designer left and opened again', () => {
  it('is taken up after a visit to the run’s page: Continue runs it to its end', async () => {
    await pausedAtSecond();
    await runState().click();
    await page.getByText('Paused by the debugger before “Second”').waitFor();
    await page.goBack();
    await page.locator(stepSelector('start')).waitFor();
    await expect
      .poll(() => where().textContent(), { timeout: 10_000 })
      .toBe('Paused before “Second” (breakpoint)');
    await page.locator(`${stepSelector('second')} .step-node.is-paused`).waitFor();
    await debugBar()
      .getByRole('button', { name: /Continue/ })
      .click();
    await expect.poll(() => runState().textContent()).toBe('Run: succeeded');
    const [run] = await callApi(server, 'runs.list', { runbookId });
    expect(run).toMatchObject({ status: 'succeeded', message: 'a=1 b=2' });
  });

  it('is taken up after the window is reloaded: Stop ends it cancelled', async () => {
    await pausedAtSecond();
    await page.reload();
    await page.locator(stepSelector('start')).waitFor();
    await expect
      .poll(() => where().textContent(), { timeout: 10_000 })
      .toBe('Paused before “Second” (breakpoint)');
    await debugBar().getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => runState().textContent()).toBe('Run: cancelled');
    const [run] = await callApi(server, 'runs.list', { runbookId });
    expect(run).toMatchObject({ status: 'cancelled', error: 'Stopped in the debugger.' });
  });
});
