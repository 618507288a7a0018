/**
 * Wait for approval in Chromium against the headless server: a run that reaches the step shows
 * "waiting" with the step's message on its page; Approve (asked once more) lets it go on along
 * the approved exit and the page follows live. A second run is approved by its single-use link —
 * a GET only asks (the run still waits), the page's form POST decides, and the link then answers
 * "already decided". A third is rejected from the window and fails along the rejected exit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideByLink, decideInWindow, openWaitingRun, runStatusOf } from './support/approvals';
import { launchChromium, saveScreenshot } from './support/browser';
import { createRunbook } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId: string;

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-approval-')) });
  runbookId = await createRunbook(server, 'Reset a password', {
    inputs: [{ name: 'user', type: 'string', isRequired: true }],
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      {
        id: 'ask',
        name: 'Ask the manager',
        type: 'approval',
        message: 'Reset the password of {{inputs.user}}?',
        timeoutMinutes: 60,
        approvers: 'The service desk manager',
        instructions: 'Check the ticket first.',
      },
      { id: 'approved', name: 'Approved', type: 'end', outcome: 'succeeded', message: 'approved' },
      { id: 'rejected', name: 'Rejected', type: 'end', outcome: 'failed', message: 'rejected' },
      { id: 'late', name: 'Too late', type: 'end', outcome: 'failed', message: 'nobody answered' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'ask' },
      { from: 'ask', kind: 'approved', to: 'approved' },
      { from: 'ask', kind: 'rejected', to: 'rejected' },
      { from: 'ask', kind: 'timed_out', to: 'late' },
    ],
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const statusOf = (runId: string) => runStatusOf(server, runId);

/** Starts a run for `user` and opens its page once the run waits for approval. */
async function waitingRun(user: string): Promise<string> {
  const { runId } = await callApi(server, 'runs.start', { runbookId, inputs: { user } });
  await openWaitingRun(page, server, runId, `Reset the password of ${user}?`);
  return runId;
}

/** The run's outcome region once its page shows `status` with `message`. */
async function shownOutcome(status: string, message: string): Promise<void> {
  const outcome = page.getByRole('region', { name: 'Run outcome' });
  await outcome.getByText(status, { exact: true }).waitFor();
  await outcome.getByText(message, { exact: true }).waitFor();
  expect(await page.getByRole('region', { name: 'Waiting for approval' }).count()).toBe(0);
}

describe('Wait for approval', () => {
  it('waits with its message on the run page, and goes on along approved once approved there', async () => {
    const runId = await waitingRun('ada');
    await saveScreenshot(page, 'approval-waiting');
    await decideInWindow(page, 'Approve');
    await shownOutcome('Succeeded', 'approved');
    await expect.poll(() => statusOf(runId)).toBe('succeeded');
    const run = await callApi(server, 'runs.get', { id: runId });
    expect(run.message).toBe('approved');
  });

  it('is approved once by its link: GET only asks, the form decides, the link then refuses', async () => {
    const runId = await waitingRun('grace');
    const link = await page.getByRole('textbox', { name: 'Approval link' }).inputValue();
    const [listed] = await callApi(server, 'approvals.list', { runId });
    expect(link).toBe(listed?.link);

    const asked = await fetch(link);
    expect(asked.status).toBe(200);
    const askPage = await asked.text();
    expect(askPage).toContain('Reset the password of grace?');
    expect(askPage).toContain('<form method="post">');
    expect(await statusOf(runId)).toBe('waiting');

    // The page's form: method post to its own address, the pressed button's name=value.
    const decided = await decideByLink(link, 'approved', 'Ticket checked');
    expect(decided.status).toBe(200);
    expect(await decided.text()).toContain('Approved');
    await shownOutcome('Succeeded', 'approved');
    await expect.poll(() => statusOf(runId)).toBe('succeeded');

    const again = await decideByLink(link, 'rejected');
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Already decided');
    const reopened = await fetch(link);
    expect(reopened.status).toBe(409);
    expect(await reopened.text()).toContain('Already decided');
    expect(await statusOf(runId)).toBe('succeeded');
  });

  it('fails along the rejected exit once rejected in the window', async () => {
    const runId = await waitingRun('linus');
    await decideInWindow(page, 'Reject');
    await shownOutcome('Failed', 'rejected');
    await expect.poll(() => statusOf(runId)).toBe('failed');
    const run = await callApi(server, 'runs.get', { id: runId });
    expect(run.message).toBe('rejected');
  });
});
