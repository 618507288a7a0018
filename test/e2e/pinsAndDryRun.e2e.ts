/**
 * Rehearsing safely in the window, against a real local API: a step's Test result is pinned (a pin
 * badge on the canvas), its JSON edited in the inspector (bad JSON refused at the field) and used
 * by a designer run — the API receives no request for it, the record says "pinned" — then
 * unpinned; a dry run sends the GET and holds the POST back, and its page shows the POST's
 * request as "Would have sent", secrets masked.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

const token = 'tok-pins-dry-run-secret';

let server: ServeProcess;
let target: http.Server;
let targetUrl = '';
/** "METHOD path" of every request that reached the API. */
const received: string[] = [];
let browser: Browser;
let page: Page;
let runbookId = '';

/** A local API: GET answers a ticket, POST a created note. */
async function startTarget(): Promise<void> {
  target = http.createServer((request, response) => {
    received.push(`${request.method ?? ''} ${request.url ?? ''}`);
    request.resume();
    response.writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(request.method === 'POST' ? { noteId: 'N-1' } : { title: 'Printer on fire' }),
    );
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${String((target.address() as AddressInfo).port)}`;
}

beforeAll(async () => {
  await startTarget();
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-pins-')) });
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Ticket desk', category: 'PSA' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: targetUrl, auth: { type: 'bearer' } },
  });
  await callApi(server, 'configurations.create', { integrationId, name: 'Production', secrets: { token } });
  const { id: readId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: 'Read ticket',
      httpMethod: 'GET',
      path: '/tickets/T-1',
      outputs: [{ name: 'title', expression: '$.title' }],
    },
  });
  const { id: noteId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: 'Add note',
      httpMethod: 'POST',
      path: '/tickets/T-1/notes',
      body: { kind: 'json', text: '{"text":"{{note}}"}' },
    },
  });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Note a ticket' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'read', name: 'Read ticket', type: 'method', methodId: readId },
        {
          id: 'note',
          name: 'Add note',
          type: 'method',
          methodId: noteId,
          arguments: { note: '{{steps.read.outputs.title}}' },
        },
        { id: 'done', name: 'Done', type: 'end', message: '' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'read' },
        { from: 'read', kind: 'success', to: 'note' },
        { from: 'note', kind: 'success', to: 'done' },
      ],
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('read')).waitFor();
}, 180_000);

afterAll(async () => {
  await browser.close();
  await server.stop();
  await new Promise((resolve) => target.close(resolve));
});

const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
const pinBadge = () => page.locator(stepSelector('read')).getByRole('img', { name: 'Pinned' });
const runState = () => page.locator('.designer-run .run-status');
const pins = () => callApi(server, 'pins.list', { runbookId });

/** Opens the designer's last run from the bar, once it has ended as `status`. */
async function openDesignerRun(status: string): Promise<void> {
  await expect.poll(() => runState().textContent(), { timeout: 30_000 }).toBe(`Run: ${status}`);
  await runState().click();
  await page.getByRole('complementary', { name: 'Step records' }).waitFor();
}

async function backToDesigner(): Promise<void> {
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('read')).click();
  await inspector().getByRole('button', { name: 'Test step' }).waitFor();
}

describe('pinned outputs and dry runs in the window', () => {
  it('pins a step from its Test, and the canvas marks it', async () => {
    await page.locator(stepSelector('read')).click();
    await inspector().getByRole('button', { name: 'Test step' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test step · Read ticket' });
    await dialog.getByRole('button', { name: 'Send test request' }).click();
    await dialog.getByText('200 OK').waitFor();
    await dialog.getByRole('button', { name: 'Pin this result' }).click();
    await dialog.getByText('Pinned: designer runs answer this step with this result.').waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await pinBadge().waitFor();
    const [pin] = await pins();
    expect(pin).toMatchObject({
      stepId: 'read',
      from: 'test',
      status: 200,
      outputs: { title: 'Printer on fire' },
    });
    expect(JSON.stringify(pin)).not.toContain(token);
  });

  it('refuses pin JSON that does not read, keeping the text, and saves an edited pin', async () => {
    const field = inspector().getByLabel('Pin (JSON)');
    await field.fill('{ "status": 200, "outputs": ');
    await inspector().getByRole('button', { name: 'Save pin' }).click();
    await inspector()
      .getByText(/^Not valid JSON: /)
      .waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.inputValue()).toBe('{ "status": 200, "outputs": ');
    // A token pasted where a value goes is placed by line and column, never quoted.
    await field.fill('{\n  "status": 200,\n  "outputs": { "token": Bearer sk-live-4f9a2c }\n}');
    await inspector().getByRole('button', { name: 'Save pin' }).click();
    await inspector()
      .getByText("Not valid JSON: Unexpected token 'B' (line 3, column 25).", { exact: true })
      .waitFor();
    await field.fill('{ "status": 200, "outputs": ');
    await field.fill('{ "status": 200, "outputs": { "title": "Pinned title" }, "response": null }');
    await inspector().getByRole('button', { name: 'Save pin' }).click();
    await expect.poll(async () => (await pins())[0]?.outputs).toEqual({ title: 'Pinned title' });
    await saveScreenshot(page, 'pin-editor');
  });

  it('runs from the designer with the pin: no request for the pinned step, the record says pinned', async () => {
    const before = received.length;
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await openDesignerRun('succeeded');
    const sent = received.slice(before);
    expect(sent).toEqual(['POST /tickets/T-1/notes']);
    const records = page.getByRole('complementary', { name: 'Step records' });
    const readRecord = records.locator('li').filter({ hasText: 'Read ticket' });
    await readRecord.locator('.run-rehearsal').getByText('pinned', { exact: true }).waitFor();
    await page
      .locator(`${stepSelector('read')} .step-live`)
      .getByText('succeeded · pinned')
      .waitFor();
  });

  it('unpins the step: the badge goes, and designer runs send it again', async () => {
    await backToDesigner();
    await inspector().getByRole('button', { name: 'Unpin' }).click();
    await pinBadge().waitFor({ state: 'detached' });
    expect(await pins()).toEqual([]);
    expect(await inspector().getByLabel('Pin (JSON)').count()).toBe(0);
  });

  it('dry-runs the runbook: the GET is sent, the POST is not, and its page shows what would have been sent', async () => {
    const before = received.length;
    await page.getByRole('button', { name: 'Dry run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run runbook' });
    expect(await dialog.getByRole('checkbox', { name: 'Dry run' }).isChecked()).toBe(true);
    await dialog.getByText(/^Sends only requests that change nothing: GET, HEAD, OPTIONS/).waitFor();
    await saveScreenshot(page, 'run-dialog-dry-run');
    await dialog.getByRole('button', { name: 'Start dry run' }).click();
    await openDesignerRun('succeeded');
    expect(received.slice(before)).toEqual(['GET /tickets/T-1']);
    await page.getByRole('heading', { level: 1 }).getByText('Dry run', { exact: true }).waitFor();
    const noteRecord = page
      .getByRole('complementary', { name: 'Step records' })
      .locator('li')
      .filter({ hasText: 'Add note' });
    await noteRecord.getByText('not sent (dry run)').click();
    const wouldHaveSent = noteRecord.getByRole('region', { name: 'Would have sent' });
    await wouldHaveSent.getByText(`${targetUrl}/tickets/T-1/notes`).waitFor();
    expect(await wouldHaveSent.textContent()).toContain('POST');
    expect(await noteRecord.textContent()).not.toContain(token);
    await saveScreenshot(page, 'dry-run-page');
    await page.goto(`${server.origin}/#/runs`);
    await page.getByRole('table', { name: 'Runs' }).getByText('Dry run', { exact: true }).waitFor();
  });

  it('saves a pin whose recorded text runs over two lines under "name" and "label"', async () => {
    const outputs = { title: 'two\nlines', body: { name: 'two\nlines', label: 'a\tb' } };
    const set = await callApi(server, 'pins.set', {
      runbookId,
      stepId: 'read',
      pin: { status: 200, outputs },
    });
    await backToDesigner();
    const field = inspector().getByLabel('Pin (JSON)');
    expect(await field.inputValue()).toContain('"name": "two\\nlines"');
    await inspector().getByRole('button', { name: 'Save pin' }).click();
    // Saved again from the editor's text: a new pin, not refused at the field.
    await expect.poll(async () => (await pins())[0]?.pinnedAt).not.toBe(set.pinnedAt);
    expect(await field.getAttribute('aria-invalid')).not.toBe('true');
    expect((await pins())[0]?.outputs).toEqual(outputs);
  });
});
