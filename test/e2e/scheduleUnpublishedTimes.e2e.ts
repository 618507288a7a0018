/**
 * The schedule's "Next five runs" are the draft's, worked out as it is typed; the schedule fires
 * the published version's. Edited and not yet published, the panel says that the published
 * version keeps its own schedule and when it runs next; once published, that note goes.
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
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-schedule-unpublished-')),
  });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Nightly report' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          schedule: { isEnabled: true, expression: '0 9 * * *', timeZone: 'UTC' },
        },
        { id: 'done', name: 'Done', type: 'end', message: 'Ran' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    } as never,
  });
  await callApi(server, 'runbooks.publish', { id: runbookId, note: 'at nine' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** The saved draft's cron expression, as the server has it. */
async function savedExpression(): Promise<string | undefined> {
  const { draft } = await callApi(server, 'runbooks.get', { id: runbookId });
  const start = draft.steps.find((step) => step.type === 'start');
  return start?.type === 'start' ? start.schedule?.expression : undefined;
}

describe('a schedule edited and not yet published', () => {
  it('says the published version keeps its schedule, and when it runs next, until published', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.locator(`${stepSelector('start')} .step-name`).click();
    const times = page.getByRole('list', { name: 'Next five runs' }).locator('time');
    await expect.poll(() => times.count(), { timeout: 15_000 }).toBe(5);
    const note = page.getByRole('note').filter({ hasText: 'These times apply once published' });
    expect(await note.count()).toBe(0);

    await page.getByRole('textbox', { name: 'Cron expression', exact: true }).fill('0 10 * * *');
    await note.waitFor({ timeout: 15_000 });
    expect(await note.textContent()).toContain('until then version 1 keeps its schedule, next at');
    expect(await note.locator('time').getAttribute('datetime')).toMatch(/T09:00:00\.000Z$/);
    expect(await times.first().getAttribute('datetime')).toMatch(/T10:00:00\.000Z$/);
    await note.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'schedule-unpublished-times');

    await expect.poll(savedExpression, { timeout: 10_000 }).toBe('0 10 * * *');
    await callApi(server, 'runbooks.publish', { id: runbookId, note: 'at ten' });
    await note.waitFor({ state: 'detached', timeout: 15_000 });
    const status = await callApi(server, 'runbooks.triggers', { id: runbookId });
    expect(status.schedule.nextTimes[0]).toBe(await times.first().getAttribute('datetime'));
  });
});
