/**
 * A new method's Test, through the window against `npm run serve` and a local python3-httpbin:
 * Test sends before the method is named, and the first save keeps the Test panel's result and
 * variables (the page of the saved method is the same page).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpbin, type Httpbin } from '../../electron/services/http/testSupport/httpbin';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let httpbin: Httpbin;
let browser: Browser;
let page: Page;
let integrationId = '';

beforeAll(async () => {
  httpbin = await startHttpbin();
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-new-method-')) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'New integration' }).first().click();
  await page.getByLabel('Name', { exact: true }).fill('echo');
  await page.getByLabel('Category').fill('Other');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: 'Connection', exact: true }).click();
  await page.getByLabel('Base URL').fill(httpbin.url);
  await page.getByRole('button', { name: 'Save connection' }).click();
  await page.getByText('Connection saved').first().waitFor();
  integrationId = decodeURIComponent(/#\/integrations\/([^/]+)/.exec(page.url())?.[1] ?? '');
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  await httpbin.stop();
});

const testStatus = () => page.locator('.test-panel').getByRole('status').filter({ hasText: '200' });

describe('a new method’s Test', () => {
  it('sends before the method is named', async () => {
    await page.getByRole('link', { name: /^Methods/ }).click();
    await page.getByRole('button', { name: 'New method' }).click();
    await page.getByLabel('Endpoint path').fill('/anything/{id}');
    await page.getByLabel('Variable id').fill('42');
    await page.getByRole('button', { name: 'Send test request' }).click();
    await testStatus().first().waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('.test-panel').textContent()).toContain('/anything/42');
    expect(await page.getByText('Name is required').count()).toBe(0);
  });

  it('keeps the Test result and variables through the first save', async () => {
    await page.getByLabel('Method name').fill('Echo one');
    await page.getByRole('button', { name: 'Save method' }).click();
    await page.getByText('Saved Echo one').first().waitFor();
    await expect.poll(() => page.url()).toMatch(/\/method\/[^/]+$/);
    await page.getByRole('heading', { name: 'Echo one' }).waitFor();
    expect(await testStatus().count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Variable id').inputValue()).toBe('42');
    await saveScreenshot(page, 'new-method-saved-keeps-test');
    // The kept page is the saved method's: a second save updates it, it does not add another.
    await page.getByLabel('Method name').fill('Echo two');
    await page.keyboard.press('Control+s');
    await page.getByText('Saved Echo two').first().waitFor();
    const methods = await callApi(server, 'methods.list', { integrationId });
    expect(methods.map((method) => method.definition.name)).toEqual(['Echo two']);
  });
});
