/**
 * A method variable named "__proto__" (a path `/items/{__proto__}`) in the Execute method step's
 * inspector, against `npm run serve` and an items API on 127.0.0.1: its field takes a value, the
 * draft keeps it, the run sends it, and the field shows it again when the designer is reopened.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { stepSelector } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let target: http.Server;
/** The path of every request that reached the items API. */
const received: string[] = [];
let browser: Browser;
let page: Page;
let runbookId = '';
let integrationId = '';
let methodId = '';

async function startItemsApi(): Promise<string> {
  target = http.createServer((request, response) => {
    request.resume();
    received.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{}');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((target.address() as AddressInfo).port)}`;
}

beforeAll(async () => {
  const baseUrl = await startItemsApi();
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-proto-variable-')),
  });
  ({ id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Items', category: 'Other' },
  }));
  await callApi(server, 'integrations.updateDefinition', { id: integrationId, definition: { baseUrl } });
  ({ id: methodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Item', httpMethod: 'GET', path: '/items/{__proto__}' },
  }));
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Proto item' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'get', name: 'Get item', type: 'method', methodId, arguments: {} },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'get' },
        { from: 'get', kind: 'success', to: 'done' },
      ],
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
}, 180_000);

afterAll(async () => {
  await browser.close();
  await server.stop();
  await new Promise((resolve) => target.close(resolve));
});

const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
const argumentsOfStep = async () => {
  const { draft } = await callApi(server, 'runbooks.get', { id: runbookId });
  const step = draft.steps.find((candidate) => candidate.id === 'get') as
    { arguments: Record<string, string> } | undefined;
  return JSON.stringify(step?.arguments);
};

describe('the Execute method step of a method whose variable is named "__proto__"', () => {
  it('keeps the value typed in its field, sends it, and shows it when reopened', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.locator(stepSelector('get')).click();
    const field = () => inspector().getByRole('combobox', { name: '__proto__', exact: true });
    await field().fill('42');
    await expect.poll(argumentsOfStep).toBe('{"__proto__":"42"}');
    await page.getByText('Ready to run').waitFor();
    const { runId } = await callApi(server, 'runs.start', { runbookId });
    await expect
      .poll(async () => (await callApi(server, 'runs.get', { id: runId })).status)
      .toBe('succeeded');
    expect(received).toEqual(['/items/42']);
    await page.reload();
    await page.locator(stepSelector('get')).click();
    await expect.poll(async () => field().inputValue()).toBe('42');
  });

  it("is asked for by the method page's Test, empty at first, and sent", async () => {
    await page.goto(`${server.origin}/#/integrations/${integrationId}/method/${methodId}`);
    const field = page.getByLabel('Variable __proto__', { exact: true });
    expect(await field.inputValue()).toBe('');
    await field.fill('7');
    received.length = 0;
    await page.getByRole('button', { name: 'Send test request' }).click();
    await expect.poll(() => received).toEqual(['/items/7']);
  });
});
