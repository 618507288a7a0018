/**
 * A version restored into the draft while a run of the draft goes, in Chromium against `npm run
 * serve`: the designer keeps following its run (its state in the bar, Cancel run, the step running
 * on the canvas) with the restored draft on the canvas.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { createRunbook, delayDraft, updateDraft } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';

/** Start → a Delay of a minute → End with `message`. */
const slowDraft = (message: string) => delayDraft('Wait a minute', 60, message);

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-restore-run-')),
  });
  runbookId = await createRunbook(server, 'Rotate keys slowly', slowDraft('first'));
  await callApi(server, 'runbooks.publish', { id: runbookId, note: 'first' });
  await updateDraft(server, runbookId, slowDraft('second'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${server.url}#/runbooks/${runbookId}`);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const node = (id: string) => `.react-flow__node[data-id="${id}"]`;

describe('restoring a version while a run of the draft goes', () => {
  it('keeps the run in the bar and on the canvas, and can still cancel it', async () => {
    await page.locator(node('wait')).waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const runState = page.locator('.designer-run .run-status');
    await expect.poll(() => runState.textContent(), { timeout: 10_000 }).toBe('Run: running');
    await page.locator(`${node('wait')} .step-node.live-running`).waitFor();

    await page.getByRole('button', { name: 'Versions', exact: true }).click();
    await page.getByRole('button', { name: 'Restore Version 1 into the draft' }).click();
    const confirm = page.getByRole('dialog', { name: 'Restore version 1 into the draft?' });
    await confirm.getByRole('button', { name: 'Restore into draft' }).click();
    await page.getByText('Restored version 1 into the draft').waitFor();
    const done = (await callApi(server, 'runbooks.get', { id: runbookId })).draft.steps.find(
      (step) => step.id === 'done',
    );
    expect(done?.type === 'end' ? done.message : undefined).toBe('first');

    // The run goes on in the backend: the designer still shows it and can cancel it.
    expect(await runState.count()).toBe(1);
    expect(await runState.textContent()).toBe('Run: running');
    await page.locator(`${node('wait')} .step-node.live-running`).waitFor();
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await expect.poll(() => runState.textContent(), { timeout: 10_000 }).toBe('Run: cancelled');
    const [run] = await callApi(server, 'runs.list', { runbookId });
    expect(run?.status).toBe('cancelled');
  });
});
