/**
 * Issue 14, item 5: rehearsing a runbook from start to finish in Chromium, against the headless
 * server (--data-dir a temp folder) and a ticket API on 127.0.0.1 that counts what it receives.
 * One journey, each step on the last one's data: pin the Lookup step from its Test; debug a run
 * through two breakpoints, the inspector showing the run context and the paused step's resolved
 * fields with the token masked; dry-run the runbook, the API receiving no POST; save the debug
 * run as a test case and run it green; change the Open step's title so the case fails, with the
 * body's diff shown.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import { createTicketDesk, startTicketApi, type TicketApi } from './support/ticketDesk';

const token = 'tok-rehearsal-journey-secret';

let server: ServeProcess;
let ticketApi: TicketApi;
let browser: Browser;
let page: Page;
let runbookId = '';
/** The debug run, saved as a test case later. */
let debugRunId = '';

beforeAll(async () => {
  ticketApi = await startTicketApi();
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-rehearsal-journey-')),
  });
  ({ runbookId } = await createTicketDesk(server, ticketApi.url, token));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // The address with its sign-in first, then the designer.
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('lookup')).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await ticketApi?.close();
});

const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
const context = () => page.getByRole('complementary', { name: 'Run context' });
const where = () => page.getByRole('toolbar', { name: 'Debugger' }).getByRole('status');
const runState = () => page.locator('.designer-run .run-status');
const selectStep = (stepId: string) => page.locator(`${stepSelector(stepId)} .step-name`).click();

/** Waits for the designer's run to end as `status`, then opens its page from the bar. */
async function openDesignerRun(status: string): Promise<void> {
  await expect.poll(() => runState().textContent(), { timeout: 30_000 }).toBe(`Run: ${status}`);
  await runState().click();
  await page.getByRole('complementary', { name: 'Step records' }).waitFor();
}

async function openDesigner(): Promise<void> {
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('lookup')).waitFor();
}

/** Opens the test cases, runs them, and answers the dialog once the summary says `summary`. */
async function runTests(summary: string) {
  await page.getByRole('button', { name: 'Test cases' }).click();
  const dialog = page.getByRole('dialog', { name: 'Test cases' });
  await dialog.getByRole('listitem', { name: 'Opens T-7' }).waitFor();
  await dialog.getByRole('button', { name: 'Run tests' }).click();
  await dialog.getByRole('status').getByText(summary).waitFor({ timeout: 30_000 });
  return dialog;
}

describe('rehearsing a runbook, end to end', () => {
  it('pins Lookup from its Test', async () => {
    await selectStep('lookup');
    await inspector().getByRole('button', { name: 'Test step' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test step · Lookup' });
    await dialog.getByRole('button', { name: 'Send test request' }).click();
    await dialog.getByText('200 OK').waitFor();
    await dialog.getByRole('button', { name: 'Pin this result' }).click();
    await dialog.getByText('Pinned: designer runs answer this step with this result.').waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await page.locator(stepSelector('lookup')).getByRole('img', { name: 'Pinned' }).waitFor();
    const [pin] = await callApi(server, 'pins.list', { runbookId });
    expect(pin).toMatchObject({ stepId: 'lookup', outputs: { email: 'ada@example.com' } });
    expect(JSON.stringify(pin)).not.toContain(token);
    expect(ticketApi.received).toEqual(['GET /users/ada']);
  });

  it('debugs a run through two breakpoints, the inspector showing the context and resolved fields, masked', async () => {
    for (const stepId of ['open', 'keep']) {
      await selectStep(stepId);
      await page.keyboard.press('F9');
      await page.locator(`${stepSelector(stepId)} .step-breakpoint`).waitFor();
    }
    await page.getByRole('button', { name: 'Debug', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Debug runbook' });
    await dialog.getByRole('button', { name: 'Start debugging' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => where().textContent()).toBe('Paused before “Open” (breakpoint)');
    await context().getByRole('region', { name: 'Inputs' }).getByText('ada').first().waitFor();
    await context()
      .getByRole('region', { name: 'Earlier steps' })
      .getByText('ada@example.com')
      .first()
      .waitFor();
    const fields = context().getByRole('region', { name: 'Fields of this step' });
    await fields
      .getByText('For {{steps.lookup.outputs.email}} ({{steps.lookup.outputs.seenWith}})')
      .waitFor();
    await fields.getByText('"For ada@example.com (Bearer ••••)"').waitFor();
    expect(await context().textContent()).not.toContain(token);
    // Lookup is pinned: nothing was sent for it, and Open waits.
    expect(ticketApi.received).toEqual(['GET /users/ada']);
    await saveScreenshot(page, 'rehearsal-journey-paused');

    await page.keyboard.press('F8');
    await expect.poll(() => where().textContent()).toBe('Paused before “Keep” (breakpoint)');
    await context().getByRole('region', { name: 'Fields of this step' }).getByText('"T-7"').waitFor();
    expect(ticketApi.count('POST')).toBe(1);
    await page.keyboard.press('F8');
    await expect.poll(() => runState().textContent()).toBe('Run: succeeded');
    const [run] = await callApi(server, 'runs.list', { runbookId });
    expect(run).toMatchObject({ status: 'succeeded', message: 'Opened T-7' });
    debugRunId = run?.id ?? '';
  });

  it('dry-runs the runbook: the API receives no POST, and the run page shows what would have been sent', async () => {
    const before = ticketApi.received.length;
    await page.getByRole('button', { name: 'Dry run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run runbook' });
    expect(await dialog.getByRole('checkbox', { name: 'Dry run' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Start dry run' }).click();
    await openDesignerRun('succeeded');
    // Counted at the server: still the one POST of the debug run.
    expect(ticketApi.count('POST')).toBe(1);
    expect(ticketApi.received.slice(before)).toEqual([]);
    const openRecord = page
      .getByRole('complementary', { name: 'Step records' })
      .locator('li')
      .filter({ hasText: 'not sent (dry run)' });
    await openRecord.getByText('not sent (dry run)').click();
    const wouldHaveSent = openRecord.getByRole('region', { name: 'Would have sent' });
    await wouldHaveSent.getByText(`${ticketApi.url}/tickets`).waitFor();
    expect(await wouldHaveSent.textContent()).toContain('POST');
    expect(await page.locator('body').textContent()).not.toContain(token);
  });

  it('saves the debug run as a test case and runs it green, sending nothing', async () => {
    await page.goto(`${server.origin}/#/runs/${debugRunId}`);
    await page.getByRole('button', { name: 'Save as test case' }).click();
    const saving = page.getByRole('dialog', { name: 'Save as test case' });
    await saving.getByLabel('Name').fill('Opens T-7');
    await saving.getByRole('button', { name: 'Save test case' }).click();
    await saving.waitFor({ state: 'detached' });

    const before = ticketApi.received.length;
    await openDesigner();
    const dialog = await runTests('Tests: 1 passed, 0 failed');
    await dialog.getByRole('listitem', { name: 'Opens T-7' }).getByText('passed', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    expect(ticketApi.received.length).toBe(before);
  });

  it('changes the Open step’s title, and the case fails with the body’s diff', async () => {
    const before = ticketApi.received.length;
    await selectStep('open');
    await inspector().getByLabel('title', { exact: true }).fill('Urgent for {{steps.lookup.outputs.email}}');
    await expect.poll(() => page.locator('.save-state').textContent()).toBe('Saved');
    const dialog = await runTests('Tests: 0 passed, 1 failed');
    const item = dialog.getByRole('listitem', { name: 'Opens T-7' });
    await item.getByText('failed', { exact: true }).waitFor();
    await item.getByText('The request of “Open” differs from the recording:').waitFor();
    const body = item.locator('pre[aria-label="Body change 1"]');
    expect(await body.textContent()).toContain('Urgent for ada@example.com');
    await saveScreenshot(page, 'rehearsal-journey-failed-case');
    expect(ticketApi.received.length).toBe(before);
    expect(await page.locator('body').textContent()).not.toContain(token);
  });
});
