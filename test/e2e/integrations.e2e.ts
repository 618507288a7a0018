/**
 * The first real screens, as a user drives them in Chromium against `npm run serve`:
 * create an integration with a logo, reload, search, edit, delete; a refused logo says why;
 * a JWT assertion connection with its key format, extra claims and token lifetime; fields that
 * come and go with the settings; a proxy password that never shows again once saved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { solidPng } from './support/png';
import { startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let files: string;

beforeAll(async () => {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-ui-'));
  files = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-files-'));
  fs.writeFileSync(path.join(files, 'halo.png'), solidPng(64, 64));
  fs.writeFileSync(path.join(files, 'huge.png'), solidPng(600, 600));
  server = await startServe({ dataDirectory });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const integrationsNav = () => page.getByRole('link', { name: 'Integrations' });
/** The list's entry for an integration (toasts may name it too, so match the link only). */
const entry = (name: string) => page.getByRole('main').getByRole('link', { name: new RegExp(name) });

describe('integrations, through the window', () => {
  it('opens on an empty state that says what to do first, without the token in the address bar', async () => {
    await integrationsNav().first().waitFor();
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => page.getByRole('button', { name: 'New integration' }).count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'integrations-empty');
  });

  it('refuses a logo larger than 512×512 px with a message next to the logo', async () => {
    await page.getByRole('button', { name: 'New integration' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('HaloPSA');
    await page.getByLabel('Logo').setInputFiles(path.join(files, 'huge.png'));
    const alert = page.getByRole('alert').filter({ hasText: '512' });
    await alert.first().waitFor();
    expect(await alert.first().textContent()).toContain('600×600');
    await alert.first().scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'integration-editor-bad-logo');
  });

  it('stops a description at its 2,000 characters and says so under it, and takes it back below', async () => {
    const description = page.getByLabel('Description');
    await description.fill('');
    await description.focus();
    await page.keyboard.insertText('x'.repeat(2_100));
    expect((await description.inputValue()).length).toBe(2_000);
    const note = page.locator('#field-description-limit');
    expect(await note.textContent()).toBe(
      'A description is at most 2000 characters: this one has reached it.',
    );
    expect(await description.getAttribute('aria-describedby')).toContain('field-description-limit');
    await description.press('Backspace');
    await expect.poll(() => note.textContent()).toBe('');
    await description.fill('');
  });

  it('creates an integration with a logo', async () => {
    await page.getByLabel('Category').fill('PSA');
    await page.getByLabel('Description').fill('Tickets, clients and assets of the service desk');
    await page.getByLabel('Notes').fill('API docs: see the Halo developer portal');
    await page.getByLabel('Version').fill('v2');
    await page.getByLabel('Logo').setInputFiles(path.join(files, 'halo.png'));
    await saveScreenshot(page, 'integration-editor');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Tickets, clients and assets of the service desk').first().waitFor();
  });

  it('keeps the integration after a reload and finds it by search', async () => {
    await page.reload();
    await integrationsNav().first().click();
    await entry('HaloPSA').first().waitFor();
    await page.getByRole('button', { name: 'New integration' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('NinjaOne');
    await page.getByLabel('Category').fill('RMM');
    await page.getByLabel('Description').fill('Remote monitoring of endpoints');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Remote monitoring of endpoints').first().waitFor();
    await integrationsNav().first().click();
    await page.getByLabel('Search integrations').fill('service desk');
    await expect.poll(() => entry('NinjaOne').count()).toBe(0);
    expect(await entry('HaloPSA').count()).toBe(1);
    await saveScreenshot(page, 'integrations-search');
    await page.getByLabel('Search integrations').fill('');
    await expect.poll(() => entry('NinjaOne').count()).toBe(1);
    await saveScreenshot(page, 'integrations');
  });

  it('edits the integration', async () => {
    await entry('HaloPSA').click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Description').fill('Service desk, edited');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Service desk, edited').first().waitFor();
    await saveScreenshot(page, 'integration-details');
  });

  it('deletes the integration after a confirmation', async () => {
    await page.getByRole('button', { name: 'Delete' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await saveScreenshot(page, 'integration-delete-dialog');
    await dialog.getByRole('button', { name: 'Delete integration' }).click();
    await integrationsNav().first().click();
    await expect.poll(() => entry('HaloPSA').count()).toBe(0);
    expect(await entry('NinjaOne').count()).toBe(1);
  });

  it('shows the settings, and the runbooks and runs areas empty', async () => {
    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page
      .getByText(/key file|RUNBOOK_DESIGNER_KEY/i)
      .first()
      .waitFor();
    await saveScreenshot(page, 'settings');
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByText('No runbook yet').waitFor();
    await saveScreenshot(page, 'runbooks-empty');
    await page.getByRole('link', { name: 'Runs' }).first().click();
    await page.getByText('No runs yet').waitFor();
  });

  it('sets up a JWT assertion with a PFX key and extra claims, and keeps them after a reload', async () => {
    await integrationsNav().first().click();
    await page.getByRole('button', { name: 'New integration' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Google Drive');
    await page.getByLabel('Category').fill('Other');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Connection', exact: true }).click();
    await page.getByLabel('Base URL').fill('https://www.googleapis.com/drive/v3');
    await page.getByLabel('Authorization type').selectOption('jwtAssertion');
    await page.getByLabel('Algorithm').selectOption('RS256');
    await page.getByLabel('Private key format').selectOption('pfx');
    await page.getByLabel('Token URL').fill('https://oauth2.googleapis.com/token');
    const claims = page.getByLabel('Extra claims (JSON object)');
    await claims.fill('{"scope": ');
    await page.getByText(/Not valid JSON/).waitFor();
    await claims.fill('["drive"]');
    await page.getByText('Extra claims are a JSON object').waitFor();
    await claims.fill('{"scope": "https://www.googleapis.com/auth/drive.readonly"}');
    expect(await page.getByText(/Not valid JSON|Extra claims are a JSON object/).count()).toBe(0);
    await page.getByLabel('Default token lifetime (seconds)').fill('900');
    await saveScreenshot(page, 'integration-connection-jwt');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('Connection saved').first().waitFor();

    await page.reload();
    await page.getByLabel('Private key format').waitFor();
    expect(await page.getByLabel('Private key format').inputValue()).toBe('pfx');
    expect(await page.getByLabel('Extra claims (JSON object)').inputValue()).toContain('drive.readonly');
    expect(await page.getByLabel('Default token lifetime (seconds)').inputValue()).toBe('900');
    // The configuration asks for what a PFX key needs.
    await page.getByRole('link', { name: /^Configurations/ }).click();
    await page.getByRole('button', { name: 'New configuration' }).click();
    await page.getByLabel('PFX passphrase').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows the fields the settings call for, and asks the configuration for what the type needs', async () => {
    await page.getByRole('link', { name: 'Connection', exact: true }).click();
    await page.getByLabel('Algorithm').selectOption('HS256');
    expect(await page.getByLabel('Private key format').count()).toBe(0);
    await page.getByLabel('Algorithm').selectOption('PS256');
    expect(await page.getByLabel('Private key format').inputValue()).toBe('pem');

    await page.getByLabel('Authorization type').selectOption('hmacBody');
    expect(await page.getByLabel('Timestamp header').count()).toBe(0);
    await page.getByLabel('Sign a timestamp before the body, and send it in a header').check();
    expect(await page.getByLabel('Timestamp header').inputValue()).toBe('X-Timestamp');
    // Every setting has its field: the text between timestamp and body too (a file or a script
    // alone could change it before).
    await page.getByLabel('Between timestamp and body').fill(':');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('Connection saved').first().waitFor();
    await saveScreenshot(page, 'integration-hmac-timestamp');
    await page.reload();
    await page.getByLabel('Sign a timestamp before the body, and send it in a header').waitFor();
    expect(await page.getByLabel('Between timestamp and body').inputValue()).toBe(':');

    await page.getByRole('link', { name: /^Configurations/ }).click();
    await page.getByRole('button', { name: 'New configuration' }).click();
    await page.getByLabel('Secret key').waitFor();
    await page.getByText('The secret the API checks the signature with.').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('takes a password typed into the proxy address as a write-only proxy password', async () => {
    const marker = 'e2e-proxy-pass-93c1';
    await page.getByRole('link', { name: 'Connection', exact: true }).click();
    await page.getByLabel('Send requests through an outbound proxy').check();
    await page.getByLabel('Proxy URL').fill(`http://ops:${marker}@proxy.example:3128`);
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('Connection saved').first().waitFor();

    await page.reload();
    await page.getByLabel('Proxy URL').waitFor();
    expect(await page.getByLabel('Proxy URL').inputValue()).toBe('http://ops@proxy.example:3128');
    await page.getByLabel('Proxy password is stored').waitFor();
    expect(await page.content()).not.toContain(marker);
    await page.getByLabel('Proxy URL').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'integration-proxy-password');

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('Connection saved').first().waitFor();
    await page.reload();
    await page.getByLabel('Proxy password', { exact: true }).fill('typed-in-the-field');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByLabel('Proxy password is stored').waitFor();
    expect(await page.getByLabel('Proxy password', { exact: true }).count()).toBe(0);
  });

  it('saves the Connection tab and a configuration with Ctrl+S, as the details editor does', async () => {
    await page.getByRole('link', { name: 'Connection', exact: true }).click();
    const retry = page.getByLabel('Retry network errors and 5xx answers, with growing waits');
    if (!(await retry.isChecked())) await retry.check();
    await page.getByLabel('Attempts at most').fill('4');
    expect(await page.locator('.form-actions-hint').innerText()).toMatch(/^Ctrl\+S\s+save$/);
    await page.keyboard.press('Control+s');
    await page.getByText('Connection saved').first().waitFor();
    // Nothing is left unsaved: leaving the tab asks nothing.
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.locator('a.tab[aria-current="page"]', { hasText: 'Overview' }).waitFor();
    expect(await page.getByRole('dialog', { name: 'Unsaved changes' }).count()).toBe(0);
    await page.reload();
    await page.getByRole('link', { name: 'Connection', exact: true }).click();
    expect(await page.getByLabel('Attempts at most').inputValue()).toBe('4');

    await page.getByRole('link', { name: /^Configurations/ }).click();
    await page.getByRole('button', { name: 'New configuration' }).click();
    await page.getByLabel('Configuration name').fill('Saved with the keyboard');
    await page.keyboard.press('Control+s');
    await page.getByText('Saved Saved with the keyboard').first().waitFor();
  });

  it('follows the system in dark mode', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await integrationsNav().first().click();
    await entry('NinjaOne').waitFor();
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(21, 24, 29)');
    await saveScreenshot(page, 'integrations-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
