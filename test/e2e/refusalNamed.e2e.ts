/**
 * A refusal at Save says which field it is about, through the window against `npm run serve`:
 * a stored value's label past its 100 characters (the field has no limit of its own; the
 * connection form showed the refusal nowhere) is named above the form, and a webhook signature
 * prefix past its 40 characters (the draft saves on its own; the refusal was a tooltip on "Not
 * saved") is named in the Start step's inspector, where it is typed; so is a Set variables
 * step's variable name past its 64 characters, by the label its form gives it (the refusal named
 * no part for a step type other than Start).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let integrationId = '';
let runbookId = '';

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-refusal-named-')),
  });
  ({ id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Vault', category: 'Other' },
  }));
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { protocol: 'secrets', customFields: [] },
  });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Hooked' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      steps: [
        {
          id: 'start',
          name: 'Start',
          type: 'start',
          webhook: { isEnabled: true, authentication: 'signature' },
        },
        { id: 'keep', name: 'Keep', type: 'setVariables', assignments: [{ name: 'ticket', value: '' }] },
        { id: 'done', name: 'Done', type: 'end', message: '' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'keep' },
        { from: 'keep', kind: 'next', to: 'done' },
      ],
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
}, 180_000);

afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** No message with an API field path or zod's wording reaches the window. */
async function expectNoFieldPath(): Promise<void> {
  expect(await page.getByText(/definition\.|draft\.steps|Too big|expected string/).count()).toBe(0);
}

describe('a refusal at Save names its field', () => {
  it('names a stored value’s label past its limit above the connection form', async () => {
    await page.goto(`${server.origin}/#/integrations/${integrationId}/connection`);
    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.getByLabel('Field 1 name').fill('token');
    const label = page.getByLabel('Field 1 label');
    await label.focus();
    await page.keyboard.insertText('L'.repeat(101));
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByRole('alert').filter({ hasText: 'Field 1 label: At most 100 characters.' }).waitFor();
    await expectNoFieldPath();
    await saveScreenshot(page, 'refusal-named-stored-value');
    // Put right, it saves.
    await label.fill('API token');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('Connection saved').first().waitFor();
    expect(await page.getByText(/At most 100 characters/).count()).toBe(0);
  });

  it('names a webhook signature prefix past its limit in the Start step’s inspector', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.locator(stepSelector('start')).waitFor();
    await waitForStillCanvas(page);
    await page.locator(`${stepSelector('start')} .step-name`).click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    const prefix = inspector.getByLabel('Prefix', { exact: true });
    await prefix.fill('p'.repeat(41));
    const refusal = inspector
      .getByRole('alert')
      .filter({ hasText: 'Not saved: Webhook signature prefix: At most 40 characters.' });
    await refusal.waitFor();
    await page.getByRole('status').filter({ hasText: 'Not saved' }).waitFor();
    await expectNoFieldPath();
    await saveScreenshot(page, 'refusal-named-webhook-prefix');
    // Put right, the draft saves and the message goes.
    await prefix.fill('sha256=');
    await refusal.waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();
  });

  it('names a Set variables step’s variable past its limit by its label, in its inspector and on Not saved', async () => {
    await page.locator(`${stepSelector('keep')} .step-name`).click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    const name = inspector.getByLabel('Variable 1', { exact: true });
    await name.fill('v'.repeat(65));
    const refusal = inspector
      .getByRole('alert')
      .filter({ hasText: 'Not saved: Variable 1: At most 64 characters.' });
    await refusal.waitFor();
    const saveState = page.getByRole('status').filter({ hasText: 'Not saved' });
    expect(await saveState.getAttribute('title')).toBe('Keep · Variable 1: At most 64 characters.');
    await expectNoFieldPath();
    await saveScreenshot(page, 'refusal-named-set-variable');
    await name.fill('ticket');
    await refusal.waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();
  });

  it('refuses Fork while the draft’s save is refused, saying why, instead of copying the older draft', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.locator(stepSelector('keep')).waitFor();
    await waitForStillCanvas(page);
    await page.locator(`${stepSelector('keep')} .step-name`).click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    const name = inspector.getByLabel('Variable 1', { exact: true });
    await name.fill('v'.repeat(65));
    await page.getByRole('status').filter({ hasText: 'Not saved' }).waitFor();
    await page.locator('.designer-bar').getByRole('button', { name: 'Fork', exact: true }).click();
    await page
      .getByText(
        'Fork would use the last saved draft, not the one shown: Keep · Variable 1: At most 64 characters.',
      )
      .first()
      .waitFor();
    const listed = await callApi(server, 'runbooks.list', { search: 'Hooked' });
    expect(listed.items.map((runbook) => runbook.name)).toEqual(['Hooked']);
    await name.fill('ticket');
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();
  });
});
