/**
 * The configuration form against `npm run serve`: a save on its way ignores another (a double
 * click, Ctrl+S, Enter), and a configuration's base URL is shown and sent only where the
 * integration takes it from each configuration. One an earlier version stored with a user name and
 * password while the integration's base URL was fixed stays out of sight and out of the way; once
 * each configuration gives its own, its problem shows at the field and a save is refused there.
 * The name stops at its 100 characters and says so. In the list, a row's Make primary, Clear tokens and Delete each send one call however often they
 * are pressed while it is on its way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/database';
import { startBackend, stopBackend } from '../../electron/services/testSupport/temporaryBackend';
import { inProcessApi } from '../../electron/services/testSupport/typedApi';
import { launchChromium, saveScreenshot } from './support/browser';
import { holdCalls } from './support/heldCalls';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

const legacyBaseUrl = 'https://olduser:oldpass77@old.example.com/api';
/** What the window is given of it: the password never reaches it. */
const shownLegacyBaseUrl = 'https://••••@old.example.com/api';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let integrationId = '';

/**
 * An integration with a fixed base URL and one configuration, "Acme", whose base URL an earlier
 * version stored as given: with a user name and password.
 */
async function seed(dataDirectory: string): Promise<string> {
  const author = startBackend(dataDirectory);
  const api = inProcessApi(author);
  const { id } = await api.call('integrations.create', { details: { name: 'Tenant API', category: 'PSA' } });
  await api.call('integrations.updateDefinition', {
    id,
    definition: { baseUrl: 'https://api.example.com', auth: { type: 'bearer' } },
  });
  const acme = await api.call('configurations.create', { integrationId: id, name: 'Acme' });
  const databaseFile = author.databaseFile;
  stopBackend(author);
  const db = openDatabase({ file: databaseFile });
  db.prepare('UPDATE configurations SET base_url = ? WHERE id = ?').run(legacyBaseUrl, acme.id);
  db.close();
  return id;
}

const saveButton = () => page.locator('form button[type="submit"]');

beforeAll(async () => {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-configurations-'));
  integrationId = await seed(dataDirectory);
  server = await startServe({ dataDirectory });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(`${server.url}#/integrations/${integrationId}/configurations`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the configuration form', () => {
  it('creates one configuration however often Save is pressed while the first save is on its way', async () => {
    await page.getByRole('button', { name: 'New configuration' }).click();
    await page.getByLabel('Configuration name').fill('Staging');
    const held = await holdCalls(page, 'configurations.create');
    try {
      await saveButton().dblclick();
      await page.keyboard.press('Control+s');
      await page.getByLabel('Configuration name').press('Enter');
      await page.waitForTimeout(300); // time for any further call to be sent
      expect(held.bodies).toHaveLength(1);
      await page.getByRole('button', { name: 'Saving…' }).waitFor();
      expect(await saveButton().getAttribute('aria-disabled')).toBe('true');
      await saveScreenshot(page, 'configuration-saving');
    } finally {
      await held.release();
    }
    await page.getByRole('button', { name: 'Edit Staging' }).waitFor();
    const names = (await callApi(server, 'configurations.list', { integrationId })).map((c) => c.name);
    expect(names).toEqual(['Acme', 'Staging']);
  });

  it('sends one update for a double click and Ctrl+S', async () => {
    await page.getByRole('button', { name: 'Edit Staging' }).click();
    await page.getByLabel('Token', { exact: true }).fill('tok-staging-1');
    const held = await holdCalls(page, 'configurations.update');
    try {
      await saveButton().dblclick();
      await page.keyboard.press('Control+s');
      await page.waitForTimeout(300);
      expect(held.bodies).toHaveLength(1);
    } finally {
      await held.release();
    }
    await page.getByText('Saved Staging').first().waitFor();
    await page.getByRole('button', { name: 'Edit Staging' }).waitFor();
  });

  it('stops a configuration name at its 100 characters and says so under it', async () => {
    await page.getByRole('button', { name: 'New configuration' }).click();
    const name = page.getByLabel('Configuration name');
    expect(await name.getAttribute('aria-describedby')).toBeNull();
    // A paste past the limit is cut there, and typing on adds nothing.
    await name.selectText();
    await page.keyboard.insertText(`Production ${'x'.repeat(120)}`);
    await name.press('End');
    await name.pressSequentially('yz');
    expect((await name.inputValue()).length).toBe(100);
    const note = page.locator('#configuration-name-limit');
    expect(await note.textContent()).toBe(
      'A configuration name is at most 100 characters: this one has reached it.',
    );
    expect(await name.getAttribute('aria-describedby')).toBe('configuration-name-limit');
    expect(await name.getAttribute('aria-invalid')).toBe('false');
    await saveScreenshot(page, 'configuration-name-limit');
    await name.press('Backspace');
    await expect.poll(() => note.textContent()).toBe('');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Edit Staging' }).waitFor();
  });

  it('neither shows nor sends a base URL the integration does not use, and saves around it', async () => {
    // The integration's base URL is fixed: Acme's stored one (with a password) is not used.
    const acmeRow = page.locator('.list-row', { hasText: 'Acme' });
    expect(await acmeRow.innerText()).not.toContain('old.example.com');
    await page.getByRole('button', { name: 'Edit Acme' }).click();
    expect(await page.getByLabel('Base URL').count()).toBe(0);
    await page.getByLabel('Token', { exact: true }).fill('tok-acme-1');
    const sent = page.waitForRequest('**/api/configurations.update');
    await saveButton().click();
    expect((await sent).postDataJSON()).not.toHaveProperty('baseUrl');
    await page.getByText('Saved Acme').first().waitFor();
    const [acme] = await callApi(server, 'configurations.list', { integrationId });
    expect(acme).toMatchObject({
      name: 'Acme',
      baseUrl: shownLegacyBaseUrl,
      secrets: { token: { set: true } },
    });
    await saveScreenshot(page, 'configurations-fixed-base-url');
  });

  it('shows the stored base URL’s problem at the field once each configuration gives its own', async () => {
    await callApi(server, 'integrations.updateDefinition', {
      id: integrationId,
      definition: { baseUrl: '', baseUrlMode: 'per_configuration', auth: { type: 'bearer' } },
    });
    const acmeRow = page.locator('.list-row', { hasText: 'Acme' });
    await expect.poll(() => acmeRow.innerText()).toContain('old.example.com');
    await page.getByRole('button', { name: 'Edit Acme' }).click();
    const baseUrl = page.getByLabel('Base URL', { exact: true });
    expect(await baseUrl.inputValue()).toBe(shownLegacyBaseUrl);
    await page.getByText(/^Base URL holds a user name or password/).waitFor();
    expect(await baseUrl.getAttribute('aria-invalid')).toBe('true');
    await saveScreenshot(page, 'configuration-base-url-user-info');
    const refused = page.waitForResponse('**/api/configurations.update');
    await saveButton().click();
    expect((await refused).status()).toBe(400);
    // In words for a configuration: not exported, the user name and password go in its own fields.
    expect(await page.getByRole('alert').allTextContents()).toContainEqual(
      expect.stringMatching(
        /the call log\. Use https:\/\/old\.example\.com\/api; for Basic sign-in, enter them as this configuration's Username and Password/,
      ),
    );
    expect(await page.getByRole('alert').allTextContents()).not.toContainEqual(
      expect.stringMatching(/export/),
    );
    const listed = JSON.stringify(await callApi(server, 'configurations.list', { integrationId }));
    expect(listed).toContain(shownLegacyBaseUrl);
    expect(listed).not.toContain('oldpass77');
    await page.getByRole('button', { name: 'Use https://old.example.com/api' }).click();
    const saved = page.waitForResponse('**/api/configurations.update');
    await saveButton().click();
    expect((await saved).status()).toBe(200);
    const [acme] = await callApi(server, 'configurations.list', { integrationId });
    expect(acme?.baseUrl).toBe('https://old.example.com/api');
  });
});

describe('the configuration list', () => {
  const rowOf = (name: string) => page.locator('.list-row', { hasText: name });

  beforeAll(async () => {
    // OAuth 2.0, so each row offers Clear tokens beside Make primary and Delete.
    await callApi(server, 'integrations.updateDefinition', {
      id: integrationId,
      definition: {
        baseUrl: 'https://api.example.com',
        auth: { type: 'oauth2', grantType: 'client_credentials', tokenUrl: 'https://login.example/token' },
      },
    });
    await page.getByRole('button', { name: 'Clear tokens' }).first().waitFor();
  });

  it('makes a configuration primary with one call however often Make primary is pressed', async () => {
    const makePrimary = rowOf('Staging').getByRole('button', { name: 'Make primary' });
    const held = await holdCalls(page, 'configurations.setPrimary');
    try {
      await makePrimary.dblclick();
      // Busy (aria-disabled), so Playwright would wait: pressed anyway, as a person may.
      await makePrimary.click({ force: true });
      await page.waitForTimeout(300); // time for any further call to be sent
      expect(held.bodies).toHaveLength(1);
      expect(await makePrimary.getAttribute('aria-disabled')).toBe('true');
    } finally {
      await held.release();
    }
    await rowOf('Staging').getByText('Primary', { exact: true }).waitFor();
    expect(await rowOf('Staging').getByRole('button', { name: 'Make primary' }).count()).toBe(0);
  });

  it('clears the tokens with one call however often Clear tokens is pressed', async () => {
    const clearTokens = rowOf('Acme').getByRole('button', { name: 'Clear tokens' });
    const held = await holdCalls(page, 'configurations.clearTokens');
    try {
      await clearTokens.dblclick();
      await clearTokens.click({ force: true });
      await page.waitForTimeout(300);
      expect(held.bodies).toHaveLength(1);
      expect(await clearTokens.getAttribute('aria-disabled')).toBe('true');
    } finally {
      await held.release();
    }
    await page.getByText('Tokens cleared').first().waitFor();
    await expect.poll(() => clearTokens.getAttribute('aria-disabled')).toBe('false');
  });

  it('deletes a configuration with one call, its Delete not asking again while it is on its way', async () => {
    const deleteAcme = page.getByRole('button', { name: 'Delete Acme' });
    const held = await holdCalls(page, 'configurations.delete');
    try {
      await deleteAcme.click();
      await page.getByRole('button', { name: 'Delete configuration' }).dblclick();
      expect(await deleteAcme.getAttribute('aria-disabled')).toBe('true');
      await deleteAcme.click({ force: true });
      await page.waitForTimeout(300);
      expect(await page.getByRole('button', { name: 'Delete configuration' }).count()).toBe(0);
      expect(held.bodies).toHaveLength(1);
      await saveScreenshot(page, 'configuration-deleting');
    } finally {
      await held.release();
    }
    await page.getByText('Deleted Acme').first().waitFor();
    const names = (await callApi(server, 'configurations.list', { integrationId })).map((c) => c.name);
    expect(names).toEqual(['Staging']);
  });
});
