/**
 * A step's outputs hold what the API answered, keys and all: a JSON body with a "__proto__" key
 * (an ordinary name to JSON) shows that key on the run's page, as the API sent it.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let upstream: http.Server;

/** Requests to /hold wait here until released. */
const held: http.ServerResponse[] = [];

beforeAll(async () => {
  upstream = http.createServer((request, response) => {
    request.resume();
    if (request.url === '/hold') {
      held.push(response);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"__proto__": 1, "a": 2}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-proto-')) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

/**
 * A runbook Start → "Hold" (answered when released) → "Set" (variables `__proto__`, `a`, `held`) →
 * "Read" (its output `body` the whole answer) → End, and its run, started.
 */
async function startedRun(): Promise<string> {
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Odd keys', category: 'Other' },
  });
  const baseUrl = `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`;
  await callApi(server, 'integrations.updateDefinition', { id: integrationId, definition: { baseUrl } });
  const method = (name: string, path: string) =>
    callApi(server, 'methods.create', {
      integrationId,
      definition: { name, httpMethod: 'GET', path, outputs: [{ name: 'body', expression: '$' }] },
    });
  const hold = await method('Hold', '/hold');
  const read = await method('Read', '/read');
  const { id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Read odd keys' } });
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'hold', name: 'Hold', type: 'method', methodId: hold.id },
        {
          id: 'set',
          name: 'Set',
          type: 'setVariables',
          assignments: [
            { name: '__proto__', value: '1' },
            { name: 'a', value: '2' },
            // An object: the event's summary leaves it out, and the page reads the record whole.
            { name: 'held', value: '{{steps.hold.outputs.body}}' },
          ],
        },
        { id: 'read', name: 'Read', type: 'method', methodId: read.id },
        { id: 'done', name: 'Done', type: 'end' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'hold' },
        { from: 'hold', kind: 'success', to: 'set' },
        { from: 'set', kind: 'next', to: 'read' },
        { from: 'read', kind: 'success', to: 'done' },
      ],
    } as never,
  });
  const { runId } = await callApi(server, 'runs.start', { runbookId, inputs: {} });
  return runId;
}

/** The keys of the outputs tree of one step's record, opened. */
async function outputKeysOf(stepName: string): Promise<string[]> {
  const record = page
    .locator('.run-steps > li')
    .filter({ has: page.locator('summary strong', { hasText: stepName }) });
  await record.locator('summary').first().click();
  const outputs = record.locator('.json-tree').first();
  await outputs.locator('.json-key', { hasText: 'a: ' }).first().waitFor();
  return outputs.locator('.json-key').allTextContents();
}

describe('outputs with a "__proto__" key, shown as the run goes', () => {
  it('shows the key on the run’s page: a variable of that name, a JSON body’s key', async () => {
    const runId = await startedRun();
    await page.goto(`${server.origin}/#/runs/${runId}`);
    await page.locator('.run-steps > li', { hasText: 'Hold' }).first().waitFor();
    for (let attempt = 0; attempt < 100 && held.length === 0; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    held.splice(0).forEach((response) => response.end('{}'));
    await page.getByRole('region', { name: 'Run outcome' }).getByText('Succeeded', { exact: true }).waitFor();
    expect(await outputKeysOf('Set')).toEqual(['__proto__: ', 'a: ', 'held: ']);
    expect(await outputKeysOf('Read')).toEqual(['body: ', '__proto__: ', 'a: ', 'status: ']);
  });
});
