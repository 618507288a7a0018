/**
 * Deciding a run that waits for approval, as people do: in the window (the run page's Approve or
 * Reject, confirmed in its dialog) or by the single-use link (a GET that only asks, then the
 * page's form POST).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { callApi, type ServeProcess } from './serveProcess';

export const runStatusOf = async (server: ServeProcess, runId: string) =>
  (await callApi(server, 'runs.get', { id: runId })).status;

/** Waits until the run waits for approval, then opens its page showing `message`. */
export async function openWaitingRun(
  page: Page,
  server: ServeProcess,
  runId: string,
  message: string,
): Promise<void> {
  await expect.poll(() => runStatusOf(server, runId), { timeout: 30_000 }).toBe('waiting');
  await page.goto(`${server.origin}/#/runs/${runId}`);
  const waiting = page.getByRole('region', { name: 'Waiting for approval' });
  await waiting.getByText(message, { exact: true }).waitFor();
  // The run's own badge, beside its name (the waiting step's record has one of its own).
  await page.getByRole('heading', { level: 1 }).locator('.run-badge', { hasText: 'waiting' }).waitFor();
}

/** Presses Approve or Reject on the open run page and confirms it in the dialog. */
export async function decideInWindow(page: Page, label: 'Approve' | 'Reject'): Promise<void> {
  await page
    .getByRole('region', { name: 'Waiting for approval' })
    .getByRole('button', { name: label, exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: `${label} this run?` });
  await dialog.getByRole('button', { name: label, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Posts the link page's form: the pressed button's `decision`, and the comment typed. */
export function decideByLink(
  link: string,
  decision: 'approved' | 'rejected',
  comment?: string,
): Promise<Response> {
  const form = new URLSearchParams(comment === undefined ? { decision } : { comment, decision });
  return fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
}
