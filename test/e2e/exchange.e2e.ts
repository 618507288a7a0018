/**
 * Issue 6's exchange through the window: one instance exports a runbook (bearer-protected
 * httpbin behind it) as a file; a second, fresh instance imports it, sees what will be created,
 * adds its own credentials, and runs it. Neither the file nor the second window ever holds the
 * first instance's token.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpbin, type Httpbin } from '../../electron/services/http/testSupport/httpbin';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import { oneStepDraft } from '../../electron/services/testSupport/drafts';

let httpbin: Httpbin;
let first: ServeProcess;
let second: ServeProcess;
let browser: Browser;
let page: Page;
let exportedFile = '';
const authorToken = 'token-of-the-author-5521';

const api = callApi;

const dataDirectory = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `rbd-e2e-exchange-${name}-`));

beforeAll(async () => {
  httpbin = await startHttpbin();
  first = await startServe({ dataDirectory: dataDirectory('a') });
  second = await startServe({ dataDirectory: dataDirectory('b') });
  // The author's instance: an integration with bearer auth, its token, a method and a runbook.
  const { id: integrationId } = await api(first, 'integrations.create', {
    details: { name: 'httpbin', category: 'Other' },
  });
  await api(first, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: httpbin.url, auth: { type: 'bearer' } },
  });
  await api(first, 'configurations.create', {
    integrationId,
    name: 'Author',
    secrets: { token: authorToken },
  });
  const { id: methodId } = await api(first, 'methods.create', {
    integrationId,
    definition: {
      name: 'Who am I',
      httpMethod: 'GET',
      path: '/bearer',
      outputs: [{ name: 'token', expression: 'response^token!' }],
    },
  });
  const { id: runbookId } = await api(first, 'runbooks.create', {
    details: { name: 'Check access' },
  });
  await api(first, 'runbooks.update', {
    id: runbookId,
    draft: oneStepDraft({ id: 'whoami', name: 'Who am I', type: 'method', methodId }, 140),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${first.url}#/runbooks/${runbookId}`);
}, 120_000);

afterAll(async () => {
  await browser.close();
  await first.stop();
  await second.stop();
  await httpbin.stop();
});

describe('handing a runbook to a teammate', () => {
  it('exports it from the first instance as a file without the token', async () => {
    await page.locator('.react-flow__node[data-id="whoami"]').waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const download = await downloading;
    exportedFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-file-')),
      download.suggestedFilename(),
    );
    await download.saveAs(exportedFile);
    const content = fs.readFileSync(exportedFile, 'utf8');
    expect(download.suggestedFilename()).toBe('check-access.runbook.json');
    expect(content).not.toContain(authorToken);
  });

  it('exports the integration too, and the fresh instance imports it first', async () => {
    await page.getByRole('link', { name: 'Integrations' }).first().click();
    await page
      .getByRole('link', { name: /httpbin/ })
      .first()
      .click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('httpbin.integration.json');
    const integrationFile = path.join(path.dirname(exportedFile), download.suggestedFilename());
    await download.saveAs(integrationFile);
    expect(fs.readFileSync(integrationFile, 'utf8')).not.toContain(authorToken);

    await page.goto(second.url);
    await page.getByRole('button', { name: 'Import…' }).click();
    await page.getByLabel('Integration file (.integration.json)').setInputFiles(integrationFile);
    const dialog = page.getByRole('dialog');
    await dialog.getByText('will be created, without credentials').waitFor();
    await dialog.getByText('Who am I — will be added').waitFor();
    await dialog.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported “httpbin”').waitFor();
  });

  it('imports it into a fresh instance after showing what will be created', async () => {
    await page.goto(second.url);
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByRole('button', { name: 'Import…' }).click();
    await page.getByLabel('Runbook file (.runbook.json)').setInputFiles(exportedFile);
    const dialog = page.getByRole('dialog');
    await dialog.getByText('“Check access” will be created.').waitFor();
    // The integration came first, so it and its method are matched by name.
    await dialog.getByText('Who am I — already here').waitFor();
    await saveScreenshot(page, 'import-preview');
    await dialog.getByRole('button', { name: 'Import' }).click();
    await page.locator('.react-flow__node[data-id="whoami"]').waitFor();
    await page.getByText('Imported “Check access”').waitFor();
  });

  it('runs there with the teammate’s own credentials', async () => {
    await page.getByRole('link', { name: 'Integrations' }).first().click();
    await page
      .getByRole('link', { name: /httpbin/ })
      .first()
      .click();
    await page.getByRole('link', { name: /^Configurations/ }).click();
    await page.getByRole('button', { name: 'New configuration' }).click();
    await page.getByLabel('Token').fill('token-of-the-teammate-8812');
    await page.getByRole('button', { name: 'Save configuration' }).click();
    await page.getByText('Primary').first().waitFor();

    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page
      .getByRole('link', { name: /Check access/ })
      .first()
      .click();
    await page.locator('.react-flow__node[data-id="whoami"]').waitFor();
    // No inputs: Run starts at once, without a dialog.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText('Run: succeeded').waitFor();
    const runs = await api(second, 'runs.list', {});
    const run = await api(second, 'runs.get', {
      id: runs[0]?.id ?? '',
    });
    // httpbin echoes the token it was given: the teammate's, masked in the record as a secret.
    expect(JSON.stringify(run)).not.toContain('token-of-the-teammate-8812');
    expect(JSON.stringify(run)).not.toContain(authorToken);
    expect(run.steps.find((step) => step.stepId === 'whoami')?.outputs.status).toBe(200);
    await saveScreenshot(page, 'import-run');
  });
});
