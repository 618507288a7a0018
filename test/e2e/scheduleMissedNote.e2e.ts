/**
 * The Start step's "N scheduled runs were missed …" note is news about the last time the app was
 * closed: it goes once a run due after it has fired, and the user can dismiss it (by keyboard
 * too), which holds after a reload. It stays in the trigger log either way. The time the schedule
 * was last watched is set back on disk while `serve` is stopped, as if it had been closed for days.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFileName } from '../../electron/services/backend';
import { axeFindings, describeFinding, failingImpacts } from './support/axeCheck';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let dataDirectory: string;
let server: ServeProcess;
let browser: Browser;
let page: Page;
/** Daily at 09:00: nothing fires during the test. Every 5 seconds: fires soon after the start. */
const runbookIds = { daily: '', frequent: '' };

const scheduledDraft = (expression: string) =>
  ({
    steps: [
      {
        id: 'start',
        name: 'Start',
        type: 'start',
        schedule: { isEnabled: true, expression, timeZone: 'UTC' },
      },
      { id: 'done', name: 'Done', type: 'end', message: 'Ran' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'done' }],
  }) as never;

async function publishedSchedule(name: string, expression: string): Promise<string> {
  const { id } = await callApi(server, 'runbooks.create', { details: { name } });
  await callApi(server, 'runbooks.update', { id, draft: scheduledDraft(expression) });
  await callApi(server, 'runbooks.publish', { id, note: '' });
  return id;
}

/** Sets the schedules as last watched `hoursAgo`, never fired since, with `serve` stopped. */
function closedFor(hoursAgo: number) {
  const db = new BetterSqlite3(path.join(dataDirectory, databaseFileName), { fileMustExist: true });
  try {
    const since = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
    const backdate = db.prepare<[string, string]>(
      `INSERT INTO schedule_state (runbook_id, watched_from) VALUES (?, ?)
       ON CONFLICT (runbook_id) DO UPDATE SET watched_from = excluded.watched_from, last_fired_at = NULL`,
    );
    for (const id of Object.values(runbookIds)) backdate.run(id, since);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-schedule-missed-'));
  server = await startServe({ dataDirectory });
  runbookIds.daily = await publishedSchedule('Nightly report', '0 9 * * *');
  runbookIds.frequent = await publishedSchedule('Heartbeat', '*/5 * * * * *');
  await server.stop();
  closedFor(72);
  server = await startServe({ dataDirectory });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

async function openStartStep(runbookId: string) {
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(`${stepSelector('start')} .step-name`).click();
  await page.getByRole('list', { name: 'Next five runs' }).waitFor({ timeout: 15_000 });
}

const missedNote = () => page.getByRole('note').filter({ hasText: 'scheduled runs were missed' });

/** The trigger log's entries as the panel lists them, opened. */
async function triggerLogText(): Promise<string> {
  const summary = page.locator('.trigger-log summary');
  if ((await page.locator('.trigger-log[open]').count()) === 0) await summary.click();
  return (await page.locator('.trigger-log ul').textContent()) ?? '';
}

describe("the Start step's missed-runs note", () => {
  it('says how many runs were missed and when the last was due, and is dismissed by keyboard for good', async () => {
    await openStartStep(runbookIds.daily);
    await missedNote().waitFor({ timeout: 15_000 });
    expect(await missedNote().textContent()).toMatch(
      /^3 scheduled runs were missed while the app was closed or the computer asleep \(the last due \w{3}, \d+ \w{3} \d{4}, 09:00 UTC\)\. Missed runs are not replayed\./,
    );
    await missedNote().scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'schedule-missed-note');
    const findings = (await axeFindings(page)).filter((finding) => failingImpacts.includes(finding.impact));
    expect(findings.map((finding) => describeFinding('missed-runs note', finding))).toEqual([]);

    const dismiss = missedNote().getByRole('button', { name: 'Dismiss the missed-runs note' });
    await dismiss.focus();
    await page.keyboard.press('Enter');
    await missedNote().waitFor({ state: 'detached', timeout: 10_000 });
    await expect
      .poll(() => page.evaluate(`document.activeElement.textContent`))
      .toBe('Note dismissed; it stays in the trigger log.');
    await saveScreenshot(page, 'schedule-missed-note-dismissed');

    await page.reload();
    await openStartStep(runbookIds.daily);
    expect(await missedNote().count()).toBe(0);
    expect(await triggerLogText()).toContain('3 scheduled runs were missed');
    const status = await callApi(server, 'runbooks.triggers', { id: runbookIds.daily });
    expect(status.schedule.missedNoteDismissedAt).toBe(
      status.events.find((event) => event.outcome === 'missed')?.at,
    );
  });

  it('goes once a run due after it has fired', async () => {
    const { frequent } = runbookIds;
    const firedSince = async () => {
      const status = await callApi(server, 'runbooks.triggers', { id: frequent });
      const missed = status.events.find((event) => event.outcome === 'missed');
      return missed !== undefined && Date.parse(status.schedule.lastFiredAt ?? '') > Date.parse(missed.at);
    };
    await expect.poll(firedSince, { timeout: 15_000 }).toBe(true);
    await openStartStep(frequent);
    await page.locator('.trigger-log').waitFor({ timeout: 10_000 });
    expect(await missedNote().count()).toBe(0);
    expect(await triggerLogText()).toContain('scheduled runs were missed');
  });
});
