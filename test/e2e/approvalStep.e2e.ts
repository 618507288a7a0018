/**
 * Wait for approval in Chromium against the headless server: a run that reaches the step shows
 * "waiting" with the step's message on its page; Approve (asked once more) lets it go on along
 * the approved exit and the page follows live. A second run is approved by its single-use link —
 * a GET only asks (the run still waits), the page's form POST decides, and the link then answers
 * "already decided". A third is rejected from the window and fails along the rejected exit.
 * A fourth runbook's step has a Notify request: it reaches a local upstream with the link in its
 * body, and that link approves; its inspector shows the Notify section (screenshot).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decideByLink,
  decideInWindow,
  openWaitingRun,
  runStatusOf,
  seedAskTheChat,
  startChat,
} from './support/approvals';
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
  // The approval step's own record reads "waiting", not "running".
  await page
    .getByRole('complementary', { name: 'Step records' })
    .locator('.run-badge', { hasText: 'waiting' })
    .waitFor();
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

  it('posts the link by its Notify request when the wait starts, and that link approves', async () => {
    const chat = await startChat();
    const { bodies } = chat;
    try {
      const notifyingId = await seedAskTheChat(server, chat.url);
      const { runId } = await callApi(server, 'runs.start', { runbookId: notifyingId });
      await expect.poll(() => bodies.length, { timeout: 30_000 }).toBe(1);
      const link = /http:\/\/[^ "]+\/approvals\/[A-Za-z0-9_-]{43}/.exec(bodies[0] ?? '')?.[0] ?? '';
      expect(JSON.parse(bodies[0] ?? '{}')).toEqual({ text: `Deploy? Decide at ${link}` });
      await page.goto(`${server.origin}/#/runs/${runId}`);
      const waiting = page.getByRole('region', { name: 'Waiting for approval' });
      await waiting.getByText('Notify request sent (HTTP 201).').waitFor();

      const decided = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ decision: 'approved' }).toString(),
      });
      expect(decided.status).toBe(200);
      await shownOutcome('Succeeded', 'deployed');

      // The inspector's Notify section, as a designer sees it.
      await page.goto(`${server.origin}/#/runbooks/${notifyingId}`);
      // "rejected" and "timed out" both lead to the same step: their labels are not drawn over each other.
      const labelBox = async (text: string) => {
        const label = page.locator('.edge-label', { hasText: text });
        await label.waitFor();
        return label.boundingBox();
      };
      const [rejectedLabel, timedOutLabel] = [await labelBox('rejected'), await labelBox('timed out')];
      expect(rejectedLabel !== null && timedOutLabel !== null).toBe(true);
      if (rejectedLabel !== null && timedOutLabel !== null)
        expect(
          rejectedLabel.y + rejectedLabel.height <= timedOutLabel.y ||
            timedOutLabel.y + timedOutLabel.height <= rejectedLabel.y ||
            rejectedLabel.x + rejectedLabel.width <= timedOutLabel.x ||
            timedOutLabel.x + timedOutLabel.width <= rejectedLabel.x,
        ).toBe(true);
      // The step card names its three exits whole (the last once read "timed …").
      const exitNames = page
        .locator('.react-flow__node', { hasText: 'Ask in the chat' })
        .locator('.step-exit-label');
      expect(await exitNames.allInnerTexts()).toEqual(['approved', 'rejected', 'timed out']);
      const cut = await exitNames.evaluateAll((names) =>
        names
          .filter((name) => {
            const text = name.ownerDocument.createRange();
            text.selectNodeContents(name);
            return text.getBoundingClientRect().width > name.getBoundingClientRect().width + 0.01;
          })
          .map((name) => name.textContent),
      );
      expect(cut).toEqual([]);
      await page.locator('.react-flow__node', { hasText: 'Ask in the chat' }).click();
      await page.getByLabel('Notify method').waitFor();
      expect(await page.getByLabel('If the Notify request fails').inputValue()).toBe('fail');
      // The method picker is as tall as the selects below it (it was drawn without their padding).
      const heightOf = async (label: string) => (await page.getByLabel(label).boundingBox())?.height ?? 0;
      expect(
        Math.abs((await heightOf('Notify method')) - (await heightOf('Notify configuration'))),
      ).toBeLessThan(1);
      // Test Notify sends the request now, an example standing in for the link a waiting run makes.
      const delivered = bodies.length;
      await page.getByRole('button', { name: 'Test Notify' }).click();
      const dialog = page.getByRole('dialog', { name: 'Test Notify · Ask in the chat' });
      const exampleLink = 'https://approval-link.invalid/made-when-a-run-waits';
      await dialog.getByRole('cell', { name: `Deploy? Decide at ${exampleLink}`, exact: true }).waitFor();
      await dialog.getByText('approval.link: an example for this test').waitFor();
      await dialog.getByRole('button', { name: 'Send test request' }).click();
      await dialog.getByRole('status').getByText('201').waitFor();
      expect(bodies.slice(delivered).map((body) => JSON.parse(body) as unknown)).toEqual([
        { text: `Deploy? Decide at ${exampleLink}` },
      ]);
      // Its answer is the Notify's, not the step's result: there is nothing to pin.
      expect(await dialog.getByRole('button', { name: /Pin this result/ }).count()).toBe(0);
      expect(await dialog.getByRole('note').count()).toBe(0);
      await saveScreenshot(page, 'approval-notify-test');
      await dialog.getByRole('button', { name: 'Close' }).first().click();
      await dialog.waitFor({ state: 'detached' });
      // The Notify request is sent with a configuration of its own choosing, as a method step is.
      const notifyConfiguration = page.getByLabel('Notify configuration');
      expect(await notifyConfiguration.inputValue()).toBe('primary');
      await notifyConfiguration.selectOption({ label: 'The run’s client' });
      await expect
        .poll(async () => {
          const saved = await callApi(server, 'runbooks.get', { id: notifyingId });
          const ask = saved.draft.steps.find((step) => step.id === 'ask');
          return ask?.type === 'approval' ? ask.notify?.configuration : undefined;
        })
        .toEqual({ mode: 'client' });
      await page.getByLabel('If the Notify request fails').scrollIntoViewIfNeeded();
      // The earlier decisions' notices go by themselves; the screenshot is of the inspector.
      await page.locator('.notice').first().waitFor({ state: 'detached' });
      await saveScreenshot(page, 'approval-notify-inspector');
    } finally {
      await chat.close();
    }
  });
});
