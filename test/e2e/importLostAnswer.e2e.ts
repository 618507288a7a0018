/**
 * An import whose answer is lost on the way (the backend went away, or the connection dropped,
 * after the request left the window): the dialog finds out whether the runbook is here now, opens
 * it if so, and says it was not imported if not; pressing Import again never makes a second copy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { createRunbook, delayDraft } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-import-lost-'));

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-import-lost-data-')),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** A runbook file of `name`, the runbook itself then deleted here, so importing it creates it. */
async function fileOf(name: string): Promise<string> {
  const id = await createRunbook(server, name, delayDraft('Wait', 1));
  const { content } = await callApi(server, 'runbooks.export', { id });
  await callApi(server, 'runbooks.delete', { id });
  const file = path.join(files, `${id}.runbook.json`);
  fs.writeFileSync(file, content);
  return file;
}

async function openImport(file: string, name: string) {
  await page.goto(`${server.origin}/#/runbooks`);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('Runbook file (.runbook.json)').setInputFiles(file);
  const dialog = page.getByRole('dialog');
  await dialog.getByText(`“${name}” will be created.`).waitFor();
  return dialog;
}

const namesHere = async (name: string) =>
  (await callApi(server, 'runbooks.list', { search: name })).items.map((runbook) => runbook.name);

describe('an import whose answer is lost', () => {
  it('opens the runbook it imported, as if the answer had come', async () => {
    const dialog = await openImport(await fileOf('Lost answer'), 'Lost answer');
    // The request reaches the backend and is applied; its answer never reaches the window.
    await page.route('**/api/runbooks.import', async (route) => {
      await route.fetch();
      await route.abort('failed');
    });
    await dialog.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported “Lost answer”').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.unroute('**/api/runbooks.import');
    expect(await namesHere('Lost answer')).toEqual(['Lost answer']);
  });

  it('says it was not imported when the request never arrived, and Import then imports it once', async () => {
    const dialog = await openImport(await fileOf('Never arrived'), 'Never arrived');
    await page.route('**/api/runbooks.import', (route) => route.abort('failed'));
    await dialog.getByRole('button', { name: 'Import' }).click();
    await dialog
      .getByText('The app did not answer, and “Never arrived” is not here: it was not imported.', {
        exact: false,
      })
      .waitFor();
    await page.unroute('**/api/runbooks.import');
    await dialog.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported “Never arrived”').waitFor();
    expect(await namesHere('Never arrived')).toEqual(['Never arrived']);
  });
});

/** An integration file of `name` with one method, the integration then deleted here. */
async function integrationFileOf(name: string): Promise<string> {
  const { id } = await callApi(server, 'integrations.create', { details: { name, category: 'Other' } });
  await callApi(server, 'methods.create', {
    integrationId: id,
    definition: { name: 'List tickets', httpMethod: 'GET', path: '/tickets' },
  });
  const { content } = await callApi(server, 'integrations.export', { id });
  await callApi(server, 'integrations.delete', { id });
  const file = path.join(files, `${id}.integration.json`);
  fs.writeFileSync(file, content);
  return file;
}

async function openIntegrationImport(file: string, name: string) {
  await page.goto(`${server.origin}/#/integrations`);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('Integration file (.integration.json)').setInputFiles(file);
  const dialog = page.getByRole('dialog');
  await dialog.getByText(name, { exact: true }).waitFor();
  return dialog;
}

const integrationsNamed = async (name: string) =>
  (await callApi(server, 'integrations.list', { search: name })).items.map((integration) => integration.name);

describe('an integration import whose answer is lost', () => {
  it('opens the integration it imported, as if the answer had come', async () => {
    const dialog = await openIntegrationImport(await integrationFileOf('Lost PSA'), 'Lost PSA');
    await page.route('**/api/integrations.import', async (route) => {
      await route.fetch();
      await route.abort('failed');
    });
    await dialog.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported “Lost PSA”').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.unroute('**/api/integrations.import');
    expect(await integrationsNamed('Lost PSA')).toEqual(['Lost PSA']);
  });

  it('says it was not imported when the request never arrived, and Import then imports it', async () => {
    const dialog = await openIntegrationImport(await integrationFileOf('Unsent PSA'), 'Unsent PSA');
    await page.route('**/api/integrations.import', (route) => route.abort('failed'));
    await dialog.getByRole('button', { name: 'Import' }).click();
    await dialog
      .getByText(
        'The app did not answer, and “Unsent PSA” is not here with its methods: it was not imported.',
        {
          exact: false,
        },
      )
      .waitFor();
    await page.unroute('**/api/integrations.import');
    await dialog.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported “Unsent PSA”').waitFor();
    expect(await integrationsNamed('Unsent PSA')).toEqual(['Unsent PSA']);
  });
});
