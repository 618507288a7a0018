/**
 * Importing an integration file through the served window: methods it adds to an integration
 * matched by name show in that integration's Methods tab at once; a file of 3.4 MB that the app
 * exported reaches the import (its quotes take twice the bytes in the call); a file with an object
 * of 350,000 keys is refused in the dialog, saying what is too large and where.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let files: string;

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-import-')) });
  files = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-import-files-'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  fs.rmSync(files, { recursive: true, force: true });
});

/** Picks `file` in the integrations page's Import dialog and waits for `expected` in it. */
async function pickFile(file: string, expected: string) {
  await page.getByRole('link', { name: 'Integrations' }).first().click();
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('Integration file (.integration.json)').setInputFiles(file);
  await page.getByRole('dialog').getByText(expected).waitFor();
}

describe('importing an integration file in the window', () => {
  it('shows the methods it added to an integration already listed in the Methods tab', async () => {
    const { id } = await callApi(server, 'integrations.create', {
      details: { name: 'Tickets', category: 'PSA' },
    });
    for (const name of ['List tickets', 'Close ticket'])
      await callApi(server, 'methods.create', {
        integrationId: id,
        definition: { name, httpMethod: 'GET', path: '/tickets' },
      });
    const file = path.join(files, 'tickets.integration.json');
    fs.writeFileSync(file, (await callApi(server, 'integrations.export', { id })).content);
    const methods = await callApi(server, 'methods.list', { integrationId: id });
    const closing = methods.find((method) => method.definition.name === 'Close ticket');
    await callApi(server, 'methods.delete', { id: closing?.id ?? '' });
    await page.goto(`${server.url}#/integrations/${id}/methods`);
    const main = page.getByRole('main');
    await main.getByText('List tickets').waitFor();

    await pickFile(file, 'Close ticket — will be added');
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported “Tickets”').waitFor();
    await page.getByRole('link', { name: /^Methods/ }).click();
    await main.getByText('List tickets').waitFor();
    await expect.poll(() => main.getByText('Close ticket').count()).toBe(1);
  });

  it('previews a 3.4 MB file the app exported, under the 4 MB the dialog reads', async () => {
    const { id } = await callApi(server, 'integrations.create', {
      details: { name: 'Bulk', category: 'Other' },
    });
    // A JSON body of 150,000 keys: 2.8 million characters, full of quotes.
    const text = JSON.stringify(
      Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`k${i}`, `v${i}`])),
    );
    await callApi(server, 'methods.create', {
      integrationId: id,
      definition: { name: 'Send all', httpMethod: 'POST', path: '/bulk', body: { kind: 'json', text } },
    });
    const { content } = await callApi(server, 'integrations.export', { id });
    expect(Buffer.byteLength(content)).toBeGreaterThan(3_300_000);
    await callApi(server, 'integrations.delete', { id });
    const file = path.join(files, 'bulk.integration.json');
    fs.writeFileSync(file, content);

    await pickFile(file, 'Send all — will be added');
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported “Bulk”').waitFor();
  });

  it('refuses a file with an object of 350,000 keys in the dialog, saying what is too large and where', async () => {
    const keys = Array.from({ length: 350_000 }, (_, index) => `"k${String(index)}":1`).join(',');
    const file = path.join(files, 'wide.integration.json');
    fs.writeFileSync(
      file,
      `{"format":"runbook-designer/integration","schemaVersion":1,"integration":{"name":"Wide","category":"PSA","definition":{"extra":{${keys}}},"methods":[]}}`,
    );
    await page.goto(`${server.url}#/integrations`);
    await pickFile(
      file,
      'This file cannot be imported: it holds an object of more than 10,000 keys (at integration.definition.extra); a file holds at most 10,000 keys in one object.',
    );
    expect((await callApi(server, 'integrations.list', {})).items.map((item) => item.name)).not.toContain(
      'Wide',
    );
  });
});
