/**
 * A window on one process shows the runs another process on the same data folder records, without
 * a reload: two `serve` processes on one folder (as the desktop app and `serve` share one), a
 * window on the first, runs started through the second's API (as its webhook or schedule would).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { createRunbook, delayDraft } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-runs-elsewhere-'));
/** The window's process, and another on the same folder that runs the runbooks. */
let app: ServeProcess;
let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId: string;

beforeAll(async () => {
  app = await startServe({ dataDirectory });
  server = await startServe({ dataDirectory });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(app.url);
  runbookId = await createRunbook(
    server,
    'Wait on the server',
    delayDraft('Wait two seconds', 2, 'Done there'),
  );
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  await app.stop();
  fs.rmSync(dataDirectory, { recursive: true, force: true });
});

describe('runs of another process on the data folder', () => {
  it('come into the runs list as they start, and finish there', async () => {
    await page.goto(`${app.origin}/#/runs`);
    const rows = page.locator('table tbody tr');
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    expect(await rows.filter({ hasText: 'Wait on the server' }).count()).toBe(0);
    await callApi(server, 'runs.start', { runbookId });
    await rows.filter({ hasText: 'Wait on the server' }).locator('.run-badge.run-running').waitFor();
    await rows.filter({ hasText: 'Wait on the server' }).locator('.run-badge.run-succeeded').waitFor();
    await saveScreenshot(page, 'runs-list-other-process');
  });

  it('go on and end on the run page, step by step', async () => {
    // Long enough to be seen going on a loaded machine.
    const slowId = await createRunbook(server, 'Wait longer', delayDraft('Wait six seconds', 6));
    const { runId } = await callApi(server, 'runs.start', { runbookId: slowId });
    // Opened once the window's process can read it, as from the runs list.
    await expect
      .poll(async () => (await callApi(app, 'runs.list', {})).some((run) => run.id === runId))
      .toBe(true);
    await page.goto(`${app.origin}/#/runs/${runId}`);
    await page.locator('.page-header .run-badge.run-running').waitFor();
    await page.locator('.page-header .run-badge.run-succeeded').waitFor();
    const records = page.locator('.run-steps > li');
    await expect.poll(() => records.count()).toBe(3);
    expect(await page.locator('.run-steps .run-badge.run-running').count()).toBe(0);
  });

  it('show a run paused in the other process by its debugger as paused, at its step, until it goes on', async () => {
    const debuggedId = await createRunbook(server, 'Debugged there', delayDraft('Wait a moment', 1));
    const { runId } = await callApi(server, 'runs.start', {
      runbookId: debuggedId,
      debug: { breakpoints: ['wait'] },
    });
    await expect
      .poll(async () => (await callApi(app, 'runs.list', {})).some((run) => run.id === runId))
      .toBe(true);
    await page.goto(`${app.origin}/#/runs/${runId}`);
    const paused = page.locator('.page-header .run-paused');
    await paused.waitFor();
    expect(await paused.textContent()).toContain('Paused by the debugger before “Wait a moment”');
    // The canvas says so at the step, rather than "not run" under the line that names it.
    const waitStep = page.locator('.run-canvas .react-flow__node[data-id="wait"] .path-node');
    await expect.poll(() => waitStep.textContent()).toContain('paused by the debugger');
    expect(await waitStep.getAttribute('class')).toContain('is-paused');
    await saveScreenshot(page, 'run-paused-other-process');
    await callApi(server, 'runs.debugContinue', { id: runId });
    await page.locator('.page-header .run-badge.run-succeeded').waitFor();
    expect(await paused.count()).toBe(0);
    await expect.poll(() => waitStep.textContent()).toContain('succeeded');
    expect(await waitStep.getAttribute('class')).not.toContain('is-paused');
  });
});
