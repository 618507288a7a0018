/**
 * A runbook input named "__proto__" (a valid name) in the Run dialog, against `npm run serve`:
 * the dialog opens with its field, and the value typed there is the run's input.
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

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-proto-input-')),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
}, 180_000);

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('the Run dialog of a runbook with an input named "__proto__"', () => {
  it('shows its field and starts the run with the value typed there', async () => {
    const { id } = await callApi(server, 'runbooks.create', { details: { name: 'Proto input' } });
    await callApi(server, 'runbooks.update', {
      id,
      draft: {
        inputs: [{ name: '__proto__', type: 'string', isRequired: true, defaultValue: '', description: '' }],
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'done', name: 'Done', type: 'end', message: 'Got {{inputs.__proto__}}' },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'done' }],
      },
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.origin}/#/runbooks/${id}`);
    await page.locator(stepSelector('done')).waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Run runbook' });
    const field = dialog.getByLabel('__proto__', { exact: true });
    expect(await field.inputValue()).toBe('');
    await field.fill('hello');
    await field.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await callApi(server, 'runs.list', { runbookId: id })).map((run) => run.message))
      .toEqual(['Got hello']);
    expect(errors).toEqual([]);
  });
});
