/**
 * A webhook switched off in the window takes effect at once, without publishing: a published
 * runbook's webhook, unticked in its Start step, refuses a delivery and starts no run; ticked
 * again, the next delivery runs the published version. (The schedule's pause is driven the same
 * way in chatgptExample.e2e.ts.)
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
let webhookUrl: string;

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-webhook-switch-')),
  });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Ticket intake' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start', webhook: { isEnabled: true, authentication: 'none' } },
        { id: 'done', name: 'Done', type: 'end', message: 'Took {{trigger.body.ticket}}' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'done' }],
    } as never,
  });
  await callApi(server, 'runbooks.publish', { id: runbookId, note: 'webhook on' });
  webhookUrl = (await callApi(server, 'runbooks.triggers', { id: runbookId })).webhook.url ?? '';
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const deliver = (ticket: string) =>
  fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ticket }),
  });

/** Whether the saved draft's webhook is on, as the server has it. */
async function savedWebhookIsOn(): Promise<boolean | undefined> {
  const { draft } = await callApi(server, 'runbooks.get', { id: runbookId });
  const start = draft.steps.find((step) => step.type === 'start');
  return start?.type === 'start' ? start.webhook?.isEnabled : undefined;
}

/** The border colour of the trigger's box in the Start step's inspector. */
const borderColorOf = (trigger: string) =>
  // As text, evaluated in the page (the tests are type-checked without the DOM's types).
  page.evaluate(`(() => {
    const boxes = [...document.querySelectorAll('.triggers-editor fieldset')];
    const box = boxes.find((fieldset) => fieldset.querySelector('legend').textContent.trim() === ${JSON.stringify(trigger)});
    return getComputedStyle(box).borderTopColor;
  })()`);

const runsOf = () => callApi(server, 'runs.list', { runbookId });

describe('switching a published webhook in the window', () => {
  it('refuses deliveries once switched off, without publishing, and starts no run', async () => {
    expect((await deliver('T-1')).status).toBe(202);
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.locator(`${stepSelector('start')} .step-name`).click();
    const webhook = page.getByRole('checkbox', { name: 'Webhook' });
    await webhook.uncheck();
    await expect.poll(savedWebhookIsOn, { timeout: 10_000 }).toBe(false);
    // Switched off, the trigger is its checkbox alone, not an empty bordered box.
    expect(await borderColorOf('Webhook')).toBe('rgba(0, 0, 0, 0)');
    const before = (await runsOf()).length;

    const refused = await deliver('T-2');
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await runsOf()).length).toBe(before);
    // Still one version: the switch applied without a publish.
    expect(await callApi(server, 'runbooks.versions', { id: runbookId })).toHaveLength(1);
    await saveScreenshot(page, 'webhook-switched-off');
  });

  it('runs the published version again once switched back on', async () => {
    await page.getByRole('checkbox', { name: 'Webhook' }).check();
    await expect.poll(savedWebhookIsOn, { timeout: 10_000 }).toBe(true);
    expect(await borderColorOf('Webhook')).not.toBe('rgba(0, 0, 0, 0)');
    const accepted = await deliver('T-3');
    expect(accepted.status, await accepted.clone().text()).toBe(202);
    const { runId } = (await accepted.json()) as { runId: string };
    const [version] = await callApi(server, 'runbooks.versions', { id: runbookId });
    await expect
      .poll(async () => {
        const run = await callApi(server, 'runs.get', { id: runId });
        return { status: run.status, trigger: run.trigger, versionId: run.versionId, message: run.message };
      })
      .toEqual({ status: 'succeeded', trigger: 'webhook', versionId: version?.id, message: 'Took T-3' });
    expect(await callApi(server, 'runbooks.versions', { id: runbookId })).toHaveLength(1);
  });
});
