/**
 * Issue 5's path through the window, the ChatGPT-style example of the HaloPSA guide against
 * `npm run serve` and a local python3-httpbin: a POST whose output variable feeds a second POST,
 * then a condition and two ends — built by clicking the palette and dragging edges, run with an
 * input, watched turning green, opened in history, re-run from the second step; then the same
 * runbook through its webhook — refused until published, then published as version 1 in the
 * Versions dialog — with a valid and an invalid signature; then on a schedule (every second,
 * published as version 2, the next five times shown, a bad cron refused), paused again.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpbin, type Httpbin } from '../../electron/services/http/testSupport/httpbin';
import { launchChromium, saveScreenshot } from './support/browser';
import { drag as dragOnPage, waitForStillCanvas } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import type { CallInput, CallName } from '../../shared/api/contract';

let httpbin: Httpbin;
let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';
const secret = 'e2e-webhook-secret-7f3a';

const api = <K extends CallName>(name: K, input: CallInput<K>) => callApi(server, name, input);

async function waitForRun(
  id: string,
): Promise<{ status: string; trigger: string; inputs: Record<string, unknown> }> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const run = await api('runs.get', {
      id,
    });
    if (run.status !== 'queued' && run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the run did not finish within 10 s');
}

beforeAll(async () => {
  httpbin = await startHttpbin();
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-chatgpt-')) });
  // The integration and its two methods (their screens are issue 4's test): an "AI" that
  // answers a prompt, and a summariser that takes the answer.
  const { id: integrationId } = await api('integrations.create', {
    details: { name: 'OpenAI (httpbin)', category: 'AI' },
  });
  await api('integrations.updateDefinition', { id: integrationId, definition: { baseUrl: httpbin.url } });
  await api('methods.create', {
    integrationId,
    definition: {
      name: 'Create completion',
      httpMethod: 'POST',
      path: '/anything/completions',
      body: { kind: 'json', text: '{"choices": [{"text": "Summary: {{prompt}}"}]}' },
      outputs: [{ name: 'text', expression: 'response^json^choices[0]^text!' }],
    },
  });
  await api('methods.create', {
    integrationId,
    definition: {
      name: 'Post note',
      httpMethod: 'POST',
      path: '/anything/notes',
      body: { kind: 'json', text: '{"note": "{{note}}"}' },
      outputs: [{ name: 'note', expression: 'response^json^note!' }],
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(server.url);
}, 90_000);

afterAll(async () => {
  await browser.close();
  await server.stop();
  await httpbin.stop();
});

const node = (id: string) => `.react-flow__node[data-id="${id}"]`;

const drag = (from: string, to: string): Promise<void> => dragOnPage(page, from, to);

async function selectStep(id: string): Promise<void> {
  await page.locator(`${node(id)} .step-name`).click();
}

async function addFromPalette(label: string, id: string): Promise<void> {
  await page
    .getByRole('complementary', { name: 'Steps' })
    .getByRole('button', { name: label, exact: true })
    .click();
  await page.locator(node(id)).waitFor();
  // The new step lands below the others; bring them all into view, as a user would.
  await page.getByRole('button', { name: 'Zoom to fit' }).click();
  await waitForStillCanvas(page);
}

/** Picks a method in the selected step's searchable picker: types its words, then Enter. */
async function chooseMethod(words: string): Promise<void> {
  const picker = page
    .getByRole('complementary', { name: 'Inspector' })
    .getByRole('combobox', { name: 'Method' });
  await picker.fill(words);
  await picker.press('Enter');
}

describe('the ChatGPT-style example', () => {
  it('is built on the canvas: input, two methods, a condition and two ends, connected by dragging', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByLabel('New runbook name').fill('Summarise a ticket');
    await page.getByRole('button', { name: 'Create runbook' }).click();
    await page.locator(node('start')).waitFor();
    runbookId = /#\/runbooks\/([^/]+)/.exec(page.url())?.[1] ?? '';
    expect(runbookId).not.toBe('');

    await selectStep('start');
    await page.getByRole('button', { name: 'Add input' }).click();
    await page.getByLabel('Input 1', { exact: true }).fill('ticket');
    await page.getByLabel('Required').check();

    await addFromPalette('Execute method', 'method_1');
    await selectStep('method_1');
    await chooseMethod('OpenAI (httpbin) Create completion');
    await page.getByRole('combobox', { name: 'prompt' }).fill('{{inputs.ticket}}');

    await addFromPalette('Execute method', 'method_2');
    await selectStep('method_2');
    await chooseMethod('OpenAI (httpbin) Post note');
    await page.getByRole('combobox', { name: 'note' }).fill('{{steps.method_1.outputs.text}}');
    // What later steps may read of it, the HTTP status every method step outputs among it.
    const reads = page.locator('.step-reference');
    await expect.poll(() => reads.textContent()).toContain('{{steps.method_2.outputs.status}}');
    await expect.poll(() => reads.textContent()).toContain('the HTTP status code of its answer');

    await addFromPalette('Condition', 'condition_1');
    await selectStep('condition_1');
    await page.getByRole('combobox', { name: 'Rule 1: value' }).fill('{{steps.method_2.outputs.note}}');
    await page.getByLabel('Rule 1 operator').selectOption('contains');
    await page.getByRole('combobox', { name: 'Rule 1: compared with' }).fill('Summary');

    await addFromPalette('End', 'end_1');
    await addFromPalette('End', 'end_2');
    await selectStep('end_2');
    await page.getByLabel(/^Outcome/).selectOption('failed');

    await drag(`${node('start')} .handle-next`, `${node('method_1')} .handle-in`);
    await drag(`${node('method_1')} .handle-success`, `${node('method_2')} .handle-in`);
    await drag(`${node('method_2')} .handle-success`, `${node('condition_1')} .handle-in`);
    await drag(`${node('condition_1')} .handle-true`, `${node('end_1')} .handle-in`);
    await drag(`${node('condition_1')} .handle-false`, `${node('end_2')} .handle-in`);
    await page.getByText('Ready to run').waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(5);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'chatgpt-example-designer');
  });

  it('runs by button with an input, and every step on the path turns green', async () => {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByLabel(/^ticket/).fill('Printer on fire');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.getByText('Run: succeeded').waitFor();
    for (const id of ['start', 'method_1', 'method_2', 'condition_1', 'end_1']) {
      await expect
        .poll(() => page.locator(`${node(id)} .live-succeeded`).count(), { timeout: 10_000, message: id })
        .toBe(1);
    }
    expect(await page.locator(`${node('end_2')} [class*="live-"]`).count()).toBe(0);
    await saveScreenshot(page, 'chatgpt-example-run');
  });

  it('opens the run in history with the path on the canvas, and re-runs from the second step', async () => {
    await page.getByRole('link', { name: 'Runs' }).first().click();
    await page.locator('table .link-button').first().click();
    const records = page.getByRole('complementary', { name: 'Step records' });
    await records.getByText('Create completion').waitFor();
    await expect.poll(() => page.locator('.run-canvas .edge-taken').count()).toBe(4);
    await saveScreenshot(page, 'chatgpt-example-history');

    await records.getByText('Post note').click();
    await records.getByRole('button', { name: 'Re-run from here' }).click();
    await page.getByText('Re-running from “Post note”').waitFor();
    await page.getByText(/re-run of .* from “Post note”/).waitFor();
    await expect.poll(() => records.locator('.run-badge.run-skipped').count()).toBe(2);
    await expect.poll(() => page.locator('h1 .run-badge').textContent()).toBe('succeeded');
    // The note was posted again with the first request's answer, which was not requested again.
    // The step stays chosen on the new run's page, its record open; open it if it is not.
    const postNote = records.locator('details').filter({ hasText: 'Post note' });
    if ((await postNote.getAttribute('open')) === null) await records.getByText('Post note').click();
    // The request body is drawn as a tree: its "note" holds the first answer.
    await postNote.getByText('Summary: Printer on fire').first().waitFor();
    await saveScreenshot(page, 'chatgpt-example-rerun-from-step');
  });

  it('runs its published version through its webhook for a valid signature and refuses an invalid one', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await selectStep('start');
    await page.getByRole('checkbox', { name: 'Webhook' }).check();
    await page.getByRole('button', { name: 'Set', exact: true }).click();
    await page.getByLabel('Secret key').fill(secret);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Secret key set').waitFor();
    await page.getByRole('button', { name: 'Map an input' }).click();
    await page.getByLabel('Mapping 1 JSONPath').fill('$.ticket.summary');
    const address = page.getByRole('textbox', { name: 'Webhook address' });
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/webhooks/${runbookId}$`));
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBeGreaterThan(0);
    // Autosaved: the draft on the server has the mapping.
    await expect
      .poll(
        async () => {
          const runbook = await api('runbooks.get', { id: runbookId });
          const start = runbook.draft.steps.find((step) => step.id === 'start');
          return start?.type === 'start' ? start.webhook?.inputMapping[0]?.path : undefined;
        },
        { timeout: 10_000 },
      )
      .toBe('$.ticket.summary');
    await page.getByText('Not published yet: publish to switch the webhook and schedule on').waitFor();
    await saveScreenshot(page, 'chatgpt-example-webhook-settings');

    const body = JSON.stringify({ ticket: { id: 42, summary: 'VPN is down' } });
    const sign = (key: string) => `sha256=${crypto.createHmac('sha256', key).update(body).digest('hex')}`;
    const post = (signature: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      });

    // Triggers run the published version: none yet.
    const unpublished = await post(sign(secret));
    expect(unpublished.status).toBe(409);
    expect(((await unpublished.json()) as { error: { code: string } }).error.code).toBe('not_published');

    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByLabel('Note for version 1').fill('Webhook from the helpdesk');
    await page.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByText('Published version 1').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByText('Webhook and schedule run version 1').waitFor();

    const accepted = await post(sign(secret));
    expect(accepted.status, await accepted.clone().text()).toBe(202);
    const { runId } = (await accepted.json()) as { runId: string };
    expect(await waitForRun(runId)).toMatchObject({
      status: 'succeeded',
      trigger: 'webhook',
      inputs: { ticket: 'VPN is down' },
      versionId: expect.any(String),
    });

    const refused = await post(sign('not the secret'));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('signature_invalid');

    await page.getByText('Latest trigger events (3)').click({ timeout: 15_000 });
    await page.getByText('The signature does not match', { exact: false }).waitFor();
    await saveScreenshot(page, 'chatgpt-example-webhook-log');
  });

  it('runs its published version on a schedule, shows the next five times and refuses a bad cron', async () => {
    // Scheduled runs have no payload: the required input takes its default.
    await page.getByLabel('Default', { exact: true }).fill('Nightly check');
    await page.getByRole('checkbox', { name: 'Schedule' }).check();
    const cron = page.getByRole('textbox', { name: 'Cron expression', exact: true });
    await cron.fill('61 * * * *');
    await page
      .getByRole('alert')
      .filter({ hasText: /minute/i })
      .waitFor();
    await cron.fill('* * * * * *'); // every second
    // Chromium takes an offset as a time zone where Node, which fires the schedule, does not:
    // the preview says so instead of listing times the schedule would never keep.
    await page.getByLabel('Time zone').fill('+05:30');
    await page.getByText(/"\+05:30" is an offset from UTC, not a time zone/).waitFor();
    await page.getByLabel('Time zone').fill('UTC');
    await expect
      .poll(() => page.getByRole('list', { name: 'Next five runs' }).getByRole('listitem').count())
      .toBe(5);
    await page.getByRole('list', { name: 'Next five runs' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'chatgpt-example-schedule');

    const publish = async (note: string) => {
      await page.getByRole('button', { name: 'Versions' }).click();
      const versions = page.getByRole('dialog');
      await versions.getByRole('textbox').first().fill(note);
      await versions.getByRole('button', { name: /^Publish version/ }).click();
      await page
        .getByText(/^Published version/)
        .first()
        .waitFor();
      await versions.getByRole('button', { name: 'Close' }).click();
    };
    // Let the autosave land, then publish: the schedule runs what is published.
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBeGreaterThan(0);
    await publish('Every second, for the test');

    let scheduled: { id: string }[] = [];
    await expect
      .poll(
        async () => {
          scheduled = await api('runs.list', { runbookId, trigger: 'schedule' });
          return scheduled.length;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBeGreaterThan(0);
    const [first] = scheduled;
    expect(await waitForRun(first?.id ?? '')).toMatchObject({
      status: 'succeeded',
      trigger: 'schedule',
      inputs: { ticket: 'Nightly check' },
    });
    const run = await api('runs.get', { id: first?.id ?? '' });
    expect(JSON.stringify(run.steps.map((step) => step.outputs))).toContain('Nightly check');

    // Paused in the window, not published: no more scheduled runs all the same — a pause takes
    // effect at once.
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Paused', { exact: true }).waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const settled = (await api('runs.list', { runbookId, trigger: 'schedule' })).length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await api('runs.list', { runbookId, trigger: 'schedule' })).length).toBe(settled);
  });

  it('exports the runbook as a file without its webhook secret', async () => {
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('summarise-a-ticket.runbook.json');
    const saved = await download.path();
    const content = fs.readFileSync(saved, 'utf8');
    expect(content).toContain('"format": "runbook-designer/runbook"');
    expect(content).toContain('"name": "Create completion"');
    expect(content).not.toContain(secret);
    expect(content).not.toContain(runbookId);
  });
});
