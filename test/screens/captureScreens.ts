/**
 * Screenshots of every screen of the window at 900×600, 1280×800 and 1440×900, light and dark, for a person
 * to look at: `node scripts/build.mjs && npx tsx test/screens/captureScreens.ts` →
 * test-results/screens/<screen>-<width>-<scheme>.png. Drives the built app served by the headless
 * shell on 127.0.0.1: first the integration editor's states, then the tour of every page and
 * dialog that the accessibility check also visits, each in a fresh data folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { apiCalls } from '../../shared/api/contract';
import { launchChromium, saveScreenshot } from '../e2e/support/browser';
import { solidPng } from '../e2e/support/png';
import { showColorScheme, tourScreens } from '../e2e/support/screenTour';
import { startTicketApi } from '../e2e/support/screenTourData';
import { callApi, startServe } from '../e2e/support/serveProcess';

const schemes = ['light', 'dark'] as const;
/**
 * The window sizes people use the app at: the smallest the desktop shell allows, a 13" laptop and
 * a common desktop window.
 */
const sizes = [
  { width: 900, height: 600 },
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;

const svgLogo = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">' +
    '<rect width="64" height="64" rx="14" fill="#0f766e"/>' +
    '<path d="M18 34l9 9 19-21" stroke="#fff" stroke-width="7" fill="none" stroke-linecap="round"/></svg>',
);

/**
 * One screenshot per window size and colour scheme; `height` makes the window taller to show a
 * long page whole.
 */
async function shoot(page: Page, name: string, height = 0): Promise<void> {
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
    for (const colorScheme of schemes) {
      await showColorScheme(page, colorScheme);
      await page.waitForTimeout(120); // a resized canvas redraws on the next frames
      const file = await saveScreenshot(page, `${name}-${String(size.width)}-${colorScheme}`);
      process.stdout.write(`${file}\n`);
    }
  }
  await showColorScheme(page, 'light');
  await page.setViewportSize(sizes[0]);
}

/** Every page and dialog the accessibility check visits, with a running app's data. */
async function shootTour(): Promise<void> {
  const ticketApi = await startTicketApi();
  const server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-screens-')) });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: sizes[0] });
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    await tourScreens(page, server, ticketApi.url, (name) => shoot(page, name));
  } finally {
    await browser.close();
    await server.stop();
    await ticketApi.stop();
  }
}

async function fillIntegration(
  page: Page,
  values: { name: string; category: string; description: string; version: string; logo?: string },
): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(values.name);
  await page.getByLabel('Category').fill(values.category);
  await page.getByLabel('Description').fill(values.description);
  await page.getByLabel('Version').fill(values.version);
  if (values.logo !== undefined) await page.getByLabel('Logo').setInputFiles(values.logo);
}

async function main(): Promise<void> {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-screens-'));
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-screens-files-'));
  fs.writeFileSync(path.join(files, 'halo.png'), solidPng(64, 64, [220, 38, 38]));
  fs.writeFileSync(path.join(files, 'ninja.svg'), svgLogo);
  fs.writeFileSync(path.join(files, 'huge.png'), solidPng(600, 600));
  const server = await startServe({ dataDirectory });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Integrations' }).waitFor();
    await page.getByRole('heading', { name: 'Connect your first API' }).waitFor();

    await page.getByRole('button', { name: 'New integration' }).first().click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Name is required').waitFor();
    await shoot(page, 'integration-editor-required', 1000);

    await fillIntegration(page, {
      name: 'HaloPSA',
      category: 'PSA',
      description: 'Tickets, clients, assets and contracts of the service desk.',
      version: 'v2',
      logo: path.join(files, 'huge.png'),
    });
    await page.getByRole('alert').filter({ hasText: '512' }).waitFor();
    await shoot(page, 'integration-editor-bad-logo', 1000);

    await page.getByLabel('Logo').setInputFiles(path.join(files, 'halo.png'));
    await page
      .getByLabel('Notes')
      .fill('API docs: https://halopsa.com/apidocs\nRate limit: 700 requests / 5 min.');
    await shoot(page, 'integration-editor', 1000);
    await shoot(page, 'integration-editor-sticky-actions');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    await shoot(page, 'integration-details');

    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('button', { name: 'New integration' }).first().click();
    await fillIntegration(page, {
      name: 'NinjaOne',
      category: 'RMM',
      description: 'Remote monitoring and management of endpoints: devices, alerts, patches and scripts.',
      version: '2.0',
      logo: path.join(files, 'ninja.svg'),
    });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Edit' }).waitFor();

    // A duplicate name: the backend refuses it and the message lands at the Name field.
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('button', { name: 'New integration' }).first().click();
    await fillIntegration(page, { name: 'HaloPSA', category: 'PSA', description: '', version: '' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#field-name-error').waitFor();
    await shoot(page, 'integration-editor-backend-error');
    await page.getByRole('button', { name: 'Cancel' }).click();
    // The refused name is an unsaved edit: the editor asks before dropping it.
    await page.getByRole('button', { name: 'Discard changes' }).click();

    // Seeded through the API: an integration without logo, and a runbook using HaloPSA's method.
    await callApi(server, 'integrations.create', {
      details: {
        name: 'Microsoft Entra ID',
        category: 'Identity Provider (custom)',
        description: 'Users, groups and licences through Microsoft Graph.',
        versionLabel: 'Graph v1.0',
      },
    });
    const list = await callApi(server, 'integrations.list', {});
    const halo = list.items.find((item) => item.name === 'HaloPSA');
    if (halo === undefined) throw new Error('HaloPSA was not created');
    const method = await callApi(server, 'methods.create', {
      integrationId: halo.id,
      definition: { name: 'Get ticket', httpMethod: 'GET', path: '/tickets/{id}' },
    });
    const runbook = await callApi(server, 'runbooks.create', {
      details: { name: 'Close stale tickets' },
    });
    await callApi(server, 'runbooks.update', {
      id: runbook.id,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'get_ticket', name: 'Get ticket', type: 'method', methodId: method.id },
        ],
        edges: [{ from: 'start', kind: 'next', to: 'get_ticket' }],
      },
    });

    await page
      .getByRole('main')
      .getByRole('link', { name: /Microsoft Entra ID/ })
      .waitFor();

    // Keyboard: "/" focuses the search, Ctrl+N opens the editor, Esc leaves it.
    await page.getByRole('heading', { name: 'Integrations' }).click();
    await page.keyboard.press('/');
    if ((await page.evaluate('document.activeElement?.type')) !== 'search')
      throw new Error('/ did not focus');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Integrations' }).click();
    await page.keyboard.press('Control+n');
    await page.getByRole('heading', { name: 'New integration' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByLabel('Search integrations').waitFor();

    await page.getByLabel('Search integrations').fill('zzz-nothing');
    await page.getByRole('heading', { name: 'No integration matches' }).waitFor();
    await shoot(page, 'integrations-no-match');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Filter by category').selectOption('RMM');
    await page.waitForTimeout(400);
    await shoot(page, 'integrations-filtered');
    await page.getByLabel('Filter by category').selectOption('');

    await page
      .getByRole('main')
      .getByRole('link', { name: /HaloPSA/ })
      .click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByText('Close stale tickets').waitFor();
    await shoot(page, 'integration-delete-dialog');
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'About' }).waitFor();
    await page.getByLabel('Webhook host').fill('');
    await page.getByRole('button', { name: 'Save address' }).click();
    await page.waitForTimeout(400);
    await shoot(page, 'settings-webhook-error');

    // Editing an integration that has a logo: the current logo, then marked for removal.
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page
      .getByRole('main')
      .getByRole('link', { name: /NinjaOne/ })
      .click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByText('Current logo').waitFor();
    await shoot(page, 'integration-editor-existing-logo', 1000);
    await page.getByRole('button', { name: 'Remove logo' }).click();
    await shoot(page, 'integration-editor-logo-removed', 1000);
    await page.keyboard.press('Escape');
    // The removed logo is an unsaved edit: the editor asks before dropping it.
    await page.getByRole('button', { name: 'Discard changes' }).click();

    // Methods from the runbook: the step's searchable picker, its method in the drawer, Test step.
    await page.goto(`${server.origin}/#/runbooks/${runbook.id}`);
    await page.locator('.react-flow__node[data-id="get_ticket"] .step-name').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('combobox', { name: 'Method' }).click();
    await page.getByRole('listbox', { name: 'Methods' }).waitFor();
    await shoot(page, 'designer-method-picker');
    await page.keyboard.press('Escape');
    await inspector.getByRole('button', { name: 'Edit method' }).click();
    await page.getByRole('dialog', { name: 'Edit method · Get ticket' }).waitFor();
    await shoot(page, 'designer-method-drawer');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await inspector.getByRole('button', { name: 'Test step' }).click();
    await page.getByRole('table', { name: 'Values sent' }).waitFor();
    await shoot(page, 'designer-step-test');
    await page.getByRole('button', { name: 'Close', exact: true }).click();

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Dark').check();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForTimeout(200);
    await saveScreenshot(page, 'settings-theme-dark-over-light-system');
    await page.getByLabel('Follow the system').check();

    // A system without a keychain (Electron's basic_text backend), as the window would be told.
    await page.route('**/api/app.info', async (route) => {
      const response = await route.fetch();
      const info = apiCalls['app.info'].output.parse(await response.json());
      await route.fulfill({
        response,
        json: {
          ...info,
          shell: 'electron',
          keyProtection: {
            provider: 'basic_text',
            isWeak: true,
            detail: 'Electron safeStorage with the basic_text backend (no keychain available)',
          },
        },
      });
    });
    await page.reload();
    await page.getByRole('heading', { name: 'About' }).waitFor();
    await shoot(page, 'settings-weak-keychain', 1000);
    await page.unroute('**/api/app.info');

    await page.setViewportSize({ width: 860, height: 700 });
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.waitForTimeout(400);
    for (const colorScheme of schemes) {
      await page.emulateMedia({ colorScheme });
      await page.waitForTimeout(200);
      await saveScreenshot(page, `integrations-narrow-${colorScheme}`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
await shootTour();
