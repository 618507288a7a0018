/**
 * Dry run with the keyboard alone, in Chromium against the headless server and a ticket API on
 * 127.0.0.1: Tab to the designer bar's Dry run and Enter opens the Run dialog with its Dry run box
 * checked; Space on Run's dialog box chooses a dry run there too; Enter or Space on Start dry run
 * starts it. The API receives the GET and no POST, and the run page, reached by Tab and Enter,
 * shows the POST it would have sent — the token masked. No mouse, no click, no focus set by the test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { expectFocus, hasFocus, pressUntil } from './support/keyboard';
import { startServe, type ServeProcess } from './support/serveProcess';
import { createTicketDesk, startTicketApi, type TicketApi } from './support/ticketDesk';

const token = 'tok-keyboard-dry-run-secret';

let server: ServeProcess;
let ticketApi: TicketApi;
let browser: Browser;
let page: Page;
let runbookId = '';

beforeAll(async () => {
  ticketApi = await startTicketApi();
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-keyboard-dry-run-')),
  });
  ({ runbookId } = await createTicketDesk(server, ticketApi.url, token));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.getByRole('heading', { level: 1, name: 'Open a ticket' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await ticketApi?.close();
});

const runDialog = () => page.getByRole('dialog', { name: 'Run runbook' });
const dryRunBox = () => runDialog().getByRole('checkbox', { name: 'Dry run' });
const runState = () => page.locator('.designer-run .run-status');
const barButton = (name: string) =>
  page.locator('.designer-actions').getByRole('button', { name, exact: true });

/** Tabs from the dialog's Dry run box to Start dry run. */
async function tabToStart(): Promise<void> {
  await pressUntil(page, 'Tab', runDialog().getByRole('button', { name: 'Start dry run' }), 6);
}

describe('dry run with the keyboard alone', () => {
  it('reaches Dry run in the bar with Tab, opens the Run dialog with Enter, and starts a dry run with Enter', async () => {
    await pressUntil(page, 'Tab', barButton('Dry run'));
    await page.keyboard.press('Enter');
    // The dialog has the keyboard, on its first field: the runbook's input.
    await expectFocus(page, /^input\|run-input-who\|/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('grace');
    await pressUntil(page, 'Tab', dryRunBox(), 4);
    expect(await dryRunBox().isChecked()).toBe(true);
    await tabToStart();
    await saveScreenshot(page, 'keyboard-dry-run-dialog');
    await page.keyboard.press('Enter');
    await runDialog().waitFor({ state: 'detached' });
    await expect.poll(() => runState().textContent(), { timeout: 30_000 }).toBe('Run: succeeded');
    expect(ticketApi.received.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'GET /users/grace',
    ]);
    // Focus is back on what opened the dialog.
    await expectFocus(page, barButton('Dry run'));
  });

  it('follows the bar’s run link to the run page, and opens the POST it would have sent', async () => {
    await pressUntil(page, 'Tab', /^a\|.*Run: succeeded/, 20);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1 }).getByText('Dry run', { exact: true }).waitFor();
    const records = page.getByRole('complementary', { name: 'Step records' });
    const openRecord = records
      .locator('li')
      .filter({ hasText: 'Open' })
      .filter({ hasText: 'not sent (dry run)' });
    await pressUntil(page, 'Tab', openRecord.locator(':scope > details > summary'), 30);
    await page.keyboard.press('Enter');
    const wouldHaveSent = openRecord.getByRole('region', { name: 'Would have sent' });
    await wouldHaveSent.getByText(`${ticketApi.url}/tickets`).waitFor();
    const shown = (await wouldHaveSent.textContent()) ?? '';
    expect(shown).toContain('POST');
    expect(shown).toContain('For grace@example.com (Bearer ••••');
    expect(await page.locator('body').textContent()).not.toContain(token);
    await saveScreenshot(page, 'keyboard-dry-run-page');
  });

  it('chooses a dry run with Space in Run’s dialog, and starts it with Space', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.getByRole('heading', { level: 1, name: 'Open a ticket' }).waitFor();
    await pressUntil(page, 'Tab', barButton('Run'));
    await page.keyboard.press('Enter');
    await expectFocus(page, /^input\|run-input-who\|/);
    await pressUntil(page, 'Tab', dryRunBox(), 4);
    expect(await dryRunBox().isChecked()).toBe(false);
    await page.keyboard.press('Space');
    expect(await dryRunBox().isChecked()).toBe(true);
    await tabToStart();
    expect(await hasFocus(runDialog().getByRole('button', { name: 'Start dry run' }))).toBe(true);
    await page.keyboard.press('Space');
    await runDialog().waitFor({ state: 'detached' });
    await expect.poll(() => runState().textContent(), { timeout: 30_000 }).toBe('Run: succeeded');
    expect(ticketApi.count('GET')).toBe(2);
    expect(ticketApi.count('POST')).toBe(0);
  });

  it('starts the dry run with Enter in the dialog’s field, as a form does', async () => {
    // Focus came back to Run, just after Dry run in the bar.
    await pressUntil(page, 'Shift+Tab', barButton('Dry run'));
    await page.keyboard.press('Enter');
    await expectFocus(page, /^input\|run-input-who\|/);
    await page.keyboard.press('Enter');
    await runDialog().waitFor({ state: 'detached' });
    await expect.poll(() => runState().textContent(), { timeout: 30_000 }).toBe('Run: succeeded');
    expect(ticketApi.count('GET')).toBe(3);
    expect(ticketApi.count('POST')).toBe(0);
  });
});
