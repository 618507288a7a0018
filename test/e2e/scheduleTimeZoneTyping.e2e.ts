/**
 * Typing a new time zone into a schedule that has run before: on the way from "UTC" to
 * "Europe/London" the field passes through names no runtime knows ("", "Europe/Lond"), and the
 * panel says so at the field while the rest of the window stays as it was — "Last run" included,
 * shown in the window's own time zone until the field names a real one.
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
const pageErrors: string[] = [];

const scheduled = (isPaused: boolean) =>
  ({
    steps: [
      {
        id: 'start',
        name: 'Start',
        type: 'start',
        schedule: { isEnabled: true, expression: '* * * * * *', timeZone: 'UTC', isPaused },
      },
      { id: 'done', name: 'Done', type: 'end', message: 'Ran' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'done' }],
  }) as never;

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-schedule-zone-')),
  });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Nightly report' } }));
  await callApi(server, 'runbooks.update', { id: runbookId, draft: scheduled(false) });
  await callApi(server, 'runbooks.publish', { id: runbookId, note: 'every second' });
  // Once it has run, paused (the pause applies at once): "Last run" has a time to show.
  for (let look = 0; look < 150; look += 1) {
    const { schedule } = await callApi(server, 'runbooks.triggers', { id: runbookId });
    if (schedule.lastFiredAt !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await callApi(server, 'runbooks.update', { id: runbookId, draft: scheduled(true) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('typing a schedule’s time zone after it has run', () => {
  it('says at the field that a partly typed zone is not known, and keeps the panel and its last run', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.locator(`${stepSelector('start')} .step-name`).click();
    const lastRun = page.getByText(/^Last run /);
    await lastRun.waitFor({ timeout: 15_000 });
    const zone = page.getByLabel('Time zone');

    await zone.fill('Europe/Lond');
    await page
      .getByText('The time zone "Europe/Lond" is not known; use a name like Europe/London.')
      .waitFor();
    await lastRun.waitFor();
    await saveScreenshot(page, 'schedule-time-zone-typing');
    await zone.fill('');
    await page.getByText('The schedule needs a time zone, such as Europe/London.').waitFor();
    await lastRun.waitFor();
    await zone.fill('Europe/London');
    await page.getByRole('list', { name: 'Next five runs' }).waitFor();
    await lastRun.waitFor();
    expect(pageErrors).toEqual([]);
  });
});
