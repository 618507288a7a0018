/**
 * Test step asks for the runbook inputs a step reads as the Run dialog does, and sends them as a
 * run would: a Yes/no input chosen Yes (by keyboard) fills the method's JSON body with true and a
 * number with 7, not "true" and "7"; a value that would not start a run says so beside its field;
 * what is still needed is a calm note until Send is refused, then one refusal; a Yes/no input from
 * the latest run shows as No.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings, describeFinding, failingImpacts } from './support/axeCheck';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let target: http.Server;
/** The JSON body of every request that reached the target. */
const bodies: unknown[] = [];
let browser: Browser;
let page: Page;
let runbookId = '';

/** A local API answering every request with {}, keeping the JSON body it was sent. */
async function startTarget(): Promise<string> {
  target = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((target.address() as AddressInfo).port)}`;
}

beforeAll(async () => {
  const targetUrl = await startTarget();
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-step-inputs-')),
  });
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Alerts', category: 'Other' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: targetUrl, auth: { type: 'none' } },
  });
  const { id: methodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: 'Raise alert',
      httpMethod: 'POST',
      path: '/alerts',
      body: { kind: 'json', text: '{"notify": {{notify}}, "count": {{count}}}' },
    },
  });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Alert' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [
        { name: 'notify', type: 'boolean', isRequired: true },
        { name: 'count', type: 'number', isRequired: true, defaultValue: '3' },
      ],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'alert',
          name: 'Raise alert',
          type: 'method',
          methodId,
          arguments: { notify: '{{inputs.notify}}', count: '{{inputs.count}}' },
        },
        { id: 'done', name: 'Done', type: 'end', message: '' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'alert' },
        { from: 'alert', kind: 'success', to: 'done' },
      ],
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // The server's address carries its access token; the designer is opened after it.
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('alert')).waitFor();
}, 180_000);

afterAll(async () => {
  await browser.close();
  await server.stop();
  await new Promise((resolve) => target.close(resolve));
});

/** The colour of a field's top border as drawn. */
async function borderColorOf(field: Locator): Promise<string> {
  return field.evaluate(
    (element) => element.ownerDocument.defaultView?.getComputedStyle(element).borderTopColor ?? '',
  );
}

/** The theme's danger colour as drawn. */
async function dangerColor(page: Page): Promise<string> {
  return String(
    await page.evaluate(`(() => {
      const probe = document.body.appendChild(document.createElement('span'));
      probe.style.color = 'var(--danger)';
      const color = getComputedStyle(probe).color;
      probe.remove();
      return color;
    })()`),
  );
}

async function openTestStep() {
  await waitForStillCanvas(page);
  await page.locator(`${stepSelector('alert')} .step-name`).click();
  await page
    .getByRole('complementary', { name: 'Inspector' })
    .getByRole('button', { name: 'Test step' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Test step · Raise alert' });
  await dialog.getByRole('group', { name: 'Runbook inputs' }).waitFor();
  return dialog;
}

describe('the Test step dialog’s runbook inputs', () => {
  it('offers Yes and No for a Yes/no input, and sends Yes as true and a number as a number', async () => {
    const dialog = await openTestStep();
    const notify = dialog.getByRole('combobox', { name: 'Input notify' });
    const count = dialog.getByRole('textbox', { name: 'Input count' });
    expect(await notify.locator('option').allTextContents()).toEqual(['—', 'Yes', 'No']);
    expect(await count.inputValue()).toBe('3');
    // What is still needed is a calm note before the user did anything: nothing red, no alert,
    // nothing says "required".
    const note = dialog.getByText('To send, give the input "notify" above.', { exact: true });
    await note.waitFor();
    const send = dialog.getByRole('button', { name: 'Send test request' });
    expect(await send.getAttribute('aria-describedby')).toBe(await note.getAttribute('id'));
    expect(await dialog.getByText('is required').count()).toBe(0);
    expect(await dialog.getByRole('alert').count()).toBe(0);
    expect(await dialog.locator('.inline-error, .field-error').count()).toBe(0);
    expect(
      await dialog.getByText('inputs.notify: not known — no value given for the input "notify"').count(),
    ).toBe(1);
    expect(await notify.getAttribute('aria-invalid')).toBe('false');
    const valueField = dialog.getByRole('textbox', { name: 'Value for notify' });
    expect(await valueField.getAttribute('aria-invalid')).toBe('false');
    expect(await borderColorOf(valueField)).not.toBe(await dangerColor(page));
    await saveScreenshot(page, 'step-test-inputs-fresh');

    // A value that would not start a run says so once its field is left.
    await count.fill('many');
    expect(await dialog.getByText('"count" must be a number.').count()).toBe(0);
    await count.blur();
    await dialog.getByText('"count" must be a number.').waitFor();
    expect(await count.getAttribute('aria-invalid')).toBe('true');
    await count.fill('7');
    await dialog.getByText('"count" must be a number.').waitFor({ state: 'detached' });

    // Send with the required input empty: refused, naming it, the keyboard at its field; the
    // note is now the refusal, one message, not a second one beside it.
    const sentBefore = bodies.length;
    await send.click();
    await dialog.getByText('"notify" is required.', { exact: true }).waitFor();
    await dialog.getByRole('alert').filter({ hasText: 'Not sent: "notify" is required.' }).waitFor();
    expect(await dialog.getByRole('alert').count()).toBe(1);
    expect(await dialog.locator('.inline-error').count()).toBe(1);
    expect(await note.count()).toBe(0);
    expect(await dialog.locator('.field-error', { hasText: 'inputs.notify: not known' }).count()).toBe(1);
    expect(await notify.getAttribute('aria-invalid')).toBe('true');
    // Each field the refusal is about has the red border every invalid field has.
    expect(await valueField.getAttribute('aria-invalid')).toBe('true');
    expect(await borderColorOf(valueField)).toBe(await dangerColor(page));
    expect(await borderColorOf(notify)).toBe(await dangerColor(page));
    await expect
      .poll(() => notify.evaluate((element) => element === element.ownerDocument.activeElement))
      .toBe(true);
    expect(bodies.length).toBe(sentBefore);
    await saveScreenshot(page, 'step-test-inputs-refused');

    // By keyboard: Tab on to the number field and back to the choice, and Down to Yes.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await expect
      .poll(() => notify.evaluate((element) => element === element.ownerDocument.activeElement))
      .toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await notify.inputValue()).toBe('true');
    await dialog.getByText('"notify" is required.', { exact: true }).waitFor({ state: 'detached' });
    await dialog.getByText(/^Not sent:/).waitFor({ state: 'detached' });
    expect(await dialog.locator('.inline-error, .field-error').count()).toBe(0);

    const findings = (await axeFindings(page)).filter((finding) => failingImpacts.includes(finding.impact));
    expect(findings.map((finding) => describeFinding('Test step', finding))).toEqual([]);
    await saveScreenshot(page, 'step-test-inputs');

    await send.click();
    await dialog.getByText('200 OK').waitFor();
    expect(bodies.at(-1)).toEqual({ notify: true, count: 7 });
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows a Yes/no input from the latest run as No, and sends it as false', async () => {
    const { runId } = await callApi(server, 'runs.start', {
      runbookId,
      inputs: { notify: false, count: '5' },
    });
    await expect
      .poll(async () => (await callApi(server, 'runs.get', { id: runId })).finishedAt !== null)
      .toBe(true);
    expect(bodies.at(-1)).toEqual({ notify: false, count: 5 });

    const dialog = await openTestStep();
    const notify = dialog.getByRole('combobox', { name: 'Input notify' });
    expect(await notify.inputValue()).toBe('false');
    expect(await notify.locator('option:checked').textContent()).toBe('No');
    await dialog.getByText('Yes/no · from the latest run').waitFor();
    await dialog.getByRole('button', { name: 'Send test request' }).click();
    await dialog.getByText('200 OK').waitFor();
    // The request the run sent, sent again.
    expect(bodies.at(-1)).toEqual({ notify: false, count: 5 });
  });
});
