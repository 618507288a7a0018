/**
 * Deleting from the window: a method and a runbook each go only after a confirmation that names
 * the runbooks that use them (and, for a runbook, the runs that go with it); Cancel keeps them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let integrationId = '';
let methodId = '';
let childId = '';

/** A runbook whose draft holds `steps` after its Start step, chained in order. */
async function runbookWith(name: string, steps: Record<string, unknown>[]): Promise<string> {
  const { id } = await callApi(server, 'runbooks.create', { details: { name } });
  const all = [{ id: 'start', name: 'Start', type: 'start' }, ...steps];
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      steps: all,
      edges: all.slice(1).map((step, index) => ({
        from: String(all[index]?.id),
        kind: index === 0 ? 'next' : 'success',
        to: String(step.id),
      })),
      positions: Object.fromEntries(all.map((step, index) => [String(step.id), { x: 0, y: index * 120 }])),
    } as never,
  });
  return id;
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-deleting-')) });
  ({ id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Ticketing', category: 'PSA' },
  }));
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: 'http://127.0.0.1:9' },
  });
  ({ id: methodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Close ticket', httpMethod: 'POST', path: '/tickets/1/close' },
  }));
  await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Unused method', httpMethod: 'GET', path: '/unused' },
  });
  await runbookWith('Nightly cleanup', [{ id: 'close', name: 'Close', type: 'method', methodId }]);
  childId = await runbookWith('Notify owner', [{ id: 'done', name: 'Done', type: 'end' }]);
  await runbookWith('Escalate', [{ id: 'notify', name: 'Notify', type: 'runRunbook', runbookId: childId }]);
  await callApi(server, 'runs.start', { runbookId: childId, inputs: {} });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('deleting from the window', () => {
  it('names the runbooks that use a method, keeps it on Cancel and deletes it on confirmation', async () => {
    await page.goto(`${server.url}/#/integrations/${integrationId}/methods`);
    await page.getByRole('button', { name: 'Delete Close ticket' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Close ticket?' });
    await dialog.getByText('This runbook uses it; its steps will no longer work').waitFor();
    await dialog.getByText('Nightly cleanup').waitFor();
    // Focus starts on Cancel, so Enter does not delete by accident.
    await expect.poll(() => page.locator(':focus').textContent()).toBe('Cancel');
    await saveScreenshot(page, 'delete-method');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('link', { name: /Close ticket/ }).waitFor();

    await page.getByRole('button', { name: 'Delete Close ticket' }).click();
    await page.getByRole('button', { name: 'Delete method' }).click();
    await expect.poll(() => page.getByRole('link', { name: /Close ticket/ }).count()).toBe(0);
    expect(
      (await callApi(server, 'methods.list', { integrationId })).map((row) => row.definition.name),
    ).toEqual(['Unused method']);
  });

  it('says when no runbook uses a method', async () => {
    await page.getByRole('button', { name: 'Delete Unused method' }).click();
    await page
      .getByRole('dialog', { name: 'Delete Unused method?' })
      .getByText('No runbook uses it.')
      .waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: /Unused method/ }).waitFor();
  });

  it('deletes a runbook after naming its runs and the runbook that runs it', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByRole('button', { name: 'Delete Notify owner' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Notify owner?' });
    await dialog.getByText(/Its 1 run and its records are deleted with it/).waitFor();
    await dialog.getByText('This runbook runs it as a step').waitFor();
    await dialog.getByText('Escalate').waitFor();
    await saveScreenshot(page, 'delete-runbook');
    // The deletion held on its way (a long history takes seconds): the dialog says so and stays.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/runbooks.delete', async (route) => {
      await released;
      await route.continue();
    });
    await dialog.getByRole('button', { name: 'Delete runbook' }).click();
    await dialog
      .getByRole('status')
      .getByText('A long run history or call log takes a few seconds to delete.')
      .waitFor();
    await saveScreenshot(page, 'delete-runbook-going');
    await page.keyboard.press('Escape');
    const cancel = dialog.getByRole('button', { name: 'Cancel' });
    expect(await cancel.getAttribute('aria-disabled')).toBe('true');
    await cancel.dispatchEvent('click');
    // Still there a moment later (the deletion is held until released below).
    await page.waitForTimeout(300);
    expect(await dialog.getByRole('status').isVisible()).toBe(true);
    release();
    await expect.poll(() => page.getByRole('link', { name: /Notify owner/ }).count()).toBe(0);
    expect(await dialog.count()).toBe(0);
    await page.unroute('**/api/runbooks.delete');
    const left = await callApi(server, 'runbooks.list', { search: '', category: '' });
    expect(left.items.map((item) => item.name).sort()).toEqual(['Escalate', 'Nightly cleanup']);
    expect(await callApi(server, 'runs.list', { runbookId: childId, limit: 10 })).toEqual([]);
  });
});
