/**
 * A configuration form whose custom fields are named as an object's own members ("constructor",
 * "toString": names a field may have, letters, digits and _) against `npm run serve`: the fields
 * open empty, take what is typed and save it, like any other.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, stopBackend } from '../../electron/services/testSupport/temporaryBackend';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let integrationId = '';

beforeAll(async () => {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-custom-field-names-'));
  const author = startBackend(dataDirectory);
  const api = inProcessApi(author);
  ({ id: integrationId } = await api.call('integrations.create', {
    details: { name: 'Vault', category: 'Other' },
  }));
  await api.call('integrations.updateDefinition', {
    id: integrationId,
    definition: {
      protocol: 'secrets',
      customFields: [
        { name: 'constructor', label: 'Constructor', type: 'text' },
        { name: 'toString', label: 'Shared key', type: 'password' },
      ],
    },
  });
  stopBackend(author);
  server = await startServe({ dataDirectory });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${server.url}#/integrations/${integrationId}/configurations`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('custom fields named as an object member', () => {
  it('open empty, and save what is typed into them', async () => {
    await page.getByRole('button', { name: 'New configuration' }).click();
    await page.getByLabel('Configuration name').fill('Main');
    expect(await page.getByLabel('Constructor').inputValue()).toBe('');
    await saveScreenshot(page, 'custom-field-names');
    await page.getByLabel('Constructor').fill('built-by-ada');
    await page.getByLabel('Shared key').fill('k3y-e2e-custom');
    await page.locator('form button[type="submit"]').click();
    await page.getByRole('button', { name: 'Edit Main' }).waitFor();
    const [saved] = await callApi(server, 'configurations.list', { integrationId });
    expect(saved?.values).toEqual({ constructor: 'built-by-ada' });
    expect(saved?.secrets.toString).toMatchObject({ set: true });
  });
});
