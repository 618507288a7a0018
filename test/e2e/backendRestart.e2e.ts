/**
 * The window while its backend goes away and comes back: `serve` is killed (or stopped) while the
 * designer shows a run going and while edits are typed, then started again on the same data
 * folder and port, and its new address opened as the user would (in another tab, or in place of
 * the page). The window, not reloaded, shows the run as the restart left it (interrupted), a debug
 * run's pause over, and what was typed while the backend was gone is saved once it is back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { createRunbook, delayDraft } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-backend-restart-'));
let server: ServeProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** Start → a ten-minute Delay → End: a run that is still going when the backend goes. */
const longWait = delayDraft('Wait ten minutes', 600);

/**
 * Ends `serve` (kill -9 or SIGTERM) and starts it again on the same folder and port; its new
 * session token reaches the browser as the user gives it, by opening the printed address.
 */
async function restartServe(how: 'kill' | 'stop'): Promise<void> {
  await (how === 'kill' ? server.kill() : server.stop());
  server = await startServe({ dataDirectory, port: server.port });
  const opened = await context.newPage();
  await opened.goto(server.url);
  await opened.close();
}

beforeAll(async () => {
  server = await startServe({ dataDirectory });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

async function openDesigner(runbookId: string): Promise<void> {
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('start')).waitFor();
  // A click aimed at a step still moving (the canvas fits itself to the view) lands elsewhere.
  await waitForStillCanvas(page);
}

const runState = () => page.locator('.designer-run .run-status');
const saveState = () => page.locator('.save-state');

describe('the window while the backend restarts', () => {
  it("shows the designer's run interrupted once the backend is back, without a reload", async () => {
    const id = await createRunbook(server, 'Run through a crash', longWait);
    await openDesigner(id);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator(`${stepSelector('wait')} .live-running`).waitFor();
    await expect.poll(() => runState().textContent()).toBe('Run: running');

    await restartServe('kill');
    const [run] = await callApi(server, 'runs.list', { runbookId: id });
    expect(run?.status).toBe('failed');
    await expect.poll(() => runState().textContent()).toBe('Run: failed');
    expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    await page.locator(`${stepSelector('wait')} .live-failed`).waitFor();
    await page.getByText('Run failed: interrupted: the app stopped while this run was going').waitFor();
  });

  it('ends the pause of a debug run the restart interrupted, giving the inspector back', async () => {
    const id = await createRunbook(server, 'Debugged through a crash', longWait);
    await openDesigner(id);
    await page.locator(stepSelector('wait')).click();
    await page.keyboard.press('F9');
    await page.getByRole('button', { name: 'Debug', exact: true }).click();
    const context = page.getByRole('complementary', { name: 'Run context' });
    await context.getByText('Paused before “Wait ten minutes”').waitFor();

    await restartServe('kill');
    // A loaded CI machine has taken over 10 s here (twice in seven runs): the window's stream
    // reconnects, the new server's start-up marks the run interrupted, the window reads it again.
    await expect.poll(() => runState().textContent(), { timeout: 30_000 }).toBe('Run: failed');
    await context.waitFor({ state: 'detached' });
    await page.getByLabel('Step name').waitFor();
  });

  it('saves the edits typed while the backend was gone once it is back', async () => {
    const id = await createRunbook(server, 'Edited through a restart', longWait);
    await openDesigner(id);
    await server.stop();
    await page.locator(stepSelector('done')).click();
    await page.getByLabel('Step name').fill('Typed while it was gone');
    await expect.poll(() => saveState().textContent()).toBe('Not saved');
    expect(await saveState().getAttribute('title')).toBe(
      'The Runbook Designer server does not answer. Is it still running?',
    );

    await restartServe('stop');
    await expect.poll(() => saveState().textContent()).toBe('Saved');
    const saved = await callApi(server, 'runbooks.get', { id });
    expect(saved.draft.steps.map((step) => step.name)).toEqual([
      'Start',
      'Wait ten minutes',
      'Typed while it was gone',
    ]);
  });

  it('saves the edits typed while the backend was gone as its new address replaces the page', async () => {
    const id = await createRunbook(server, 'Edited, then the new address', longWait);
    await openDesigner(id);
    await server.kill();
    await page.locator(stepSelector('done')).click();
    await page.getByLabel('Step name').fill('Typed before the new address');
    await expect.poll(() => saveState().textContent()).toBe('Not saved');

    server = await startServe({ dataDirectory, port: server.port });
    // The old page unloads once the new address has answered, its session cookie set.
    await page.goto(server.url);
    await page.getByRole('main').waitFor();
    await expect
      .poll(async () => (await callApi(server, 'runbooks.get', { id })).draft.steps.map((step) => step.name))
      .toEqual(['Start', 'Wait ten minutes', 'Typed before the new address']);
  });
});
