/**
 * Deciding a run that waits for approval, as people do: in the window (the run page's Approve or
 * Reject, confirmed in its dialog) or by the single-use link (a GET that only asks, then the
 * page's form POST); and a runbook that asks in a chat, with the chat it posts to.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createRunbook } from './runbookSeeds';
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

/** A chat API on 127.0.0.1: answers every post 201 and keeps each body it got. */
export interface ChatUpstream {
  url: string;
  bodies: string[];
  close(): Promise<void>;
}

export async function startChat(): Promise<ChatUpstream> {
  const bodies: string[] = [];
  const upstream = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"m1"}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`,
    bodies,
    close: () => new Promise<void>((resolve) => upstream.close(() => resolve())),
  };
}

/**
 * Seeds "Team chat" (at `chatUrl`) with its "Post message" method, and the runbook "Ask the chat":
 * Start → Wait for approval "Ask in the chat", whose Notify posts "{{approval.message}} Decide at
 * {{approval.link}}" → Deployed when approved, Not deployed when rejected or timed out. Answers
 * the runbook's id.
 */
export async function seedAskTheChat(
  server: ServeProcess,
  chatUrl: string,
  onFailure: 'fail' | 'wait' = 'fail',
): Promise<string> {
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Team chat', category: 'Other' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: chatUrl },
  });
  const method = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: 'Post message',
      httpMethod: 'POST',
      path: '/messages',
      body: { kind: 'json', text: '{"text": "{{text}}"}' },
    } as never,
  });
  return createRunbook(server, 'Ask the chat', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      {
        id: 'ask',
        name: 'Ask in the chat',
        type: 'approval',
        message: 'Deploy?',
        timeoutMinutes: 60,
        notify: {
          methodId: method.id,
          arguments: { text: '{{approval.message}} Decide at {{approval.link}}' },
          onFailure,
        },
      },
      { id: 'yes', name: 'Deployed', type: 'end', message: 'deployed' },
      { id: 'no', name: 'Not deployed', type: 'end', outcome: 'failed', message: 'not deployed' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'ask' },
      { from: 'ask', kind: 'approved', to: 'yes' },
      { from: 'ask', kind: 'rejected', to: 'no' },
      { from: 'ask', kind: 'timed_out', to: 'no' },
    ],
  });
}
