/**
 * Issue 13, item 1: leaving a page with unsaved edits asks first — the method editor, an
 * integration's details, its connection and a configuration form — whether the sidebar, a tab
 * link, the app's own Cancel or the browser's Back leaves it; Keep editing keeps the edit and the
 * keyboard's place, Discard changes leaves. Nothing is asked when nothing changed or after a
 * save; closing the window with unsaved edits asks the browser's own question. A runbook's
 * details dialog asks the same on Esc or Cancel.
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
let integrationId = '';
let methodId = '';

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-unsaved-')) });
  ({ id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Ticket desk', category: 'PSA' },
  }));
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: 'http://127.0.0.1:9/api' },
  });
  ({ id: methodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Read ticket', httpMethod: 'GET', path: '/tickets/{id}' },
  }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url); // signs the window in
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const question = () => page.getByRole('dialog', { name: 'Unsaved changes' });
const sidebarLink = (name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const focused = () => page.locator(':focus');

async function openMethod(): Promise<void> {
  await page.goto(`${server.origin}/#/integrations/${integrationId}/method/${methodId}`);
  await page.getByLabel('Method name').waitFor();
}

/** Clicks the sidebar's Runbooks link and expects the question; the page stays in view. */
async function leaveAndExpectQuestion(): Promise<void> {
  await sidebarLink('Runbooks').click();
  await question().getByText('This page has unsaved changes. Leave without saving them?').waitFor();
}

describe('leaving a page with unsaved edits', () => {
  it('asks before a method edit is dropped: Keep editing keeps it, Discard changes leaves', async () => {
    await openMethod();
    await sidebarLink('Runbooks').click();
    await heading('Runbooks').waitFor(); // nothing changed: nothing asked

    await openMethod();
    await page.getByLabel('Method name').fill('Read ticket (changed)');
    await leaveAndExpectQuestion();
    // Focus starts on the answer that loses nothing.
    await expect.poll(() => focused().textContent()).toBe('Keep editing');
    await question().getByRole('button', { name: 'Keep editing' }).click();
    await question().waitFor({ state: 'detached' });
    expect(await page.getByLabel('Method name').inputValue()).toBe('Read ticket (changed)');
    expect(page.url()).toContain(`/method/${methodId}`);
    // Back at the field being edited, not on the sidebar link that was clicked.
    await expect.poll(() => focused().getAttribute('placeholder')).toContain('Method name');

    await leaveAndExpectQuestion();
    await page.keyboard.press('Escape'); // Esc is Keep editing too
    await question().waitFor({ state: 'detached' });
    expect(await page.getByLabel('Method name').inputValue()).toBe('Read ticket (changed)');

    await leaveAndExpectQuestion();
    await question().getByRole('button', { name: 'Discard changes' }).click();
    await heading('Runbooks').waitFor();
    const stored = await callApi(server, 'methods.list', { integrationId });
    expect(stored.map((method) => method.definition.name)).toEqual(['Read ticket']);
  });

  it("asks on the browser's Back button and stays on the page until answered", async () => {
    await openMethod();
    await page.getByLabel('Method name').fill('Read ticket (back)');
    await page.goBack();
    await question().waitFor();
    await question().getByRole('button', { name: 'Keep editing' }).click();
    expect(await page.getByLabel('Method name').inputValue()).toBe('Read ticket (back)');
    expect(page.url()).toContain(`/method/${methodId}`);
    await page.goBack();
    await question().getByRole('button', { name: 'Discard changes' }).click();
    await heading('Runbooks').waitFor();
  });

  it('asks nothing after a save', async () => {
    await openMethod();
    await page.getByLabel('Method name').fill('Read one ticket');
    await page.getByRole('button', { name: 'Save method' }).click();
    await page.getByText('Saved Read one ticket').first().waitFor();
    await sidebarLink('Runbooks').click();
    await heading('Runbooks').waitFor();
    expect(await question().count()).toBe(0);
  });

  it("asks before the integration's details are left by the sidebar or Cancel; not after Save", async () => {
    await page.goto(`${server.origin}/#/integrations/${integrationId}/edit`);
    await page.getByLabel('Description').fill('The service desk');
    await sidebarLink('Integrations').click();
    await question().getByRole('button', { name: 'Keep editing' }).click();
    expect(await page.getByLabel('Description').inputValue()).toBe('The service desk');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await question().getByRole('button', { name: 'Keep editing' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await heading('Ticket desk').waitFor();
    expect(await question().count()).toBe(0);
    await sidebarLink('Integrations').click();
    await heading('Integrations').waitFor();
  });

  it('asks on Esc in a new integration with a name typed, and the question stays until answered', async () => {
    await sidebarLink('Integrations').click();
    await heading('Integrations').waitFor();
    await page.keyboard.press('Control+n');
    await heading('New integration').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Billing');
    await page.keyboard.press('Escape');
    // The Escape that asked must not also close the question (the browser's own Escape did).
    await question().getByText('This page has unsaved changes. Leave without saving them?').waitFor();
    await expect.poll(() => focused().textContent()).toBe('Keep editing');
    expect(await question().isVisible()).toBe(true);
    await question().getByRole('button', { name: 'Keep editing' }).click();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Billing');

    await page.keyboard.press('Escape');
    await question().getByRole('button', { name: 'Discard changes' }).click();
    await heading('Integrations').waitFor();
  });

  it('asks before connection edits are left for another tab', async () => {
    await page.goto(`${server.origin}/#/integrations/${integrationId}/connection`);
    await page.getByLabel('Variable prefix').fill('desk');
    await page.getByRole('link', { name: /^Configurations/ }).click();
    await question().getByRole('button', { name: 'Keep editing' }).click();
    expect(await page.getByLabel('Variable prefix').inputValue()).toBe('desk');
    await page.getByRole('link', { name: /^Methods/ }).click();
    await question().getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('button', { name: 'Paste cURL' }).waitFor();
    const definition = await callApi(server, 'integrations.definition', { id: integrationId });
    expect(definition.variablePrefix).not.toBe('desk');
  });

  it('asks before a configuration form with edits is left; not once it is saved', async () => {
    await page.goto(`${server.origin}/#/integrations/${integrationId}/configurations`);
    await page.getByRole('button', { name: 'New configuration' }).click();
    await page.getByRole('link', { name: /^Methods/ }).click();
    await page.getByRole('button', { name: 'Paste cURL' }).waitFor(); // nothing typed yet
    await page.getByRole('link', { name: /^Configurations/ }).click();
    await page.getByRole('button', { name: 'New configuration' }).click();
    await page.getByLabel('Configuration name').fill('Staging');
    await page.getByRole('link', { name: /^Methods/ }).click();
    await question().getByRole('button', { name: 'Keep editing' }).click();
    await expect.poll(() => focused().getAttribute('id')).toBe('configuration-name');
    await page.getByRole('button', { name: 'Save configuration' }).click();
    await page.getByRole('button', { name: 'Edit Staging' }).waitFor();
    await page.getByRole('link', { name: /^Methods/ }).click();
    await page.getByRole('button', { name: 'Paste cURL' }).waitFor();
    expect(await question().count()).toBe(0);
  });

  it("asks on Esc or Cancel in a runbook's details with a description typed; not when nothing changed", async () => {
    const { id } = await callApi(server, 'runbooks.create', { details: { name: 'Morning checks' } });
    await page.goto(`${server.origin}/#/runbooks/${id}`);
    const details = page.getByRole('dialog', { name: 'Runbook details' });
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.keyboard.press('Escape'); // nothing typed: closes at once
    await details.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Edit details' }).click();
    await details.getByLabel('Description').fill('Checks the backups and the disk space of every server');
    await page.keyboard.press('Escape');
    await question()
      .getByText("The runbook's details have unsaved changes. Close without saving them?")
      .waitFor();
    await question().getByRole('button', { name: 'Keep editing' }).click();
    expect(await details.getByLabel('Description').inputValue()).toBe(
      'Checks the backups and the disk space of every server',
    );
    await details.getByRole('button', { name: 'Cancel' }).click();
    await question().getByRole('button', { name: 'Discard changes' }).click();
    await details.waitFor({ state: 'detached' });
    expect((await callApi(server, 'runbooks.get', { id })).description).toBe('');
  });

  it('refuses to unload (close, reload) with unsaved edits, and not without them or after a save', async () => {
    // The page's answer to the browser's beforeunload: refused means the browser (or the desktop
    // shell) asks its own question. A dispatched event reaches the same listener.
    const refusesToUnload = () =>
      page.evaluate(
        `(() => { const event = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(event); return event.defaultPrevented; })()`,
      );
    await openMethod();
    expect(await refusesToUnload()).toBe(false);
    await page.getByLabel('Method name').fill('Closing with edits');
    await expect.poll(refusesToUnload).toBe(true);
    await page.getByRole('button', { name: 'Save method' }).click();
    await page.getByText('Saved Closing with edits').first().waitFor();
    await expect.poll(refusesToUnload).toBe(false);
  });
});
