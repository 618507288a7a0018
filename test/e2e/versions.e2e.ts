/**
 * Versions in Chromium against `npm run serve`: publish version 1 with a note, change the draft,
 * publish version 2, view version 1 read-only on the canvas, switch version 2 off (by keyboard),
 * restore version 1 into the draft, and fork the runbook from the designer and from the list.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { drag as dragOnPage } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import type { CallInput, CallName } from '../../shared/api/contract';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';

const api = <K extends CallName>(name: K, input: CallInput<K>) => callApi(server, name, input);

const endMessage = async () => {
  const end = (await api('runbooks.get', { id: runbookId })).draft.steps.find((step) => step.id === 'end_1');
  return end?.type === 'end' ? end.message : undefined;
};

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-versions-')) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const node = (id: string) => `.react-flow__node[data-id="${id}"]`;

const drag = (from: string, to: string): Promise<void> => dragOnPage(page, from, to);

async function setEndMessage(text: string): Promise<void> {
  await page.locator(`${node('end_1')} .step-name`).click();
  await page.getByRole('combobox', { name: 'Message' }).fill(text);
  await expect.poll(endMessage, { timeout: 10_000 }).toBe(text);
}

async function openVersions(): Promise<void> {
  await page.getByRole('button', { name: 'Versions', exact: true }).click();
  await page.getByRole('heading', { name: 'Versions', exact: true }).waitFor();
}

const closeDialog = () => page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

const versionRow = (number: number) =>
  page.locator('.version-row').filter({ has: page.getByText(`Version ${String(number)}`, { exact: true }) });

describe('runbook versions', () => {
  it('publishes version 1 of a new runbook with a note', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByLabel('New runbook name').fill('Rotate API keys');
    await page.getByRole('button', { name: 'Create runbook' }).click();
    await page.locator(node('start')).waitFor();
    runbookId = /#\/runbooks\/([^/]+)/.exec(page.url())?.[1] ?? '';
    expect(runbookId).not.toBe('');
    await page.getByRole('button', { name: 'End' }).click();
    await page.locator(node('end_1')).waitFor();
    await drag(`${node('start')} .handle-next`, `${node('end_1')} .handle-in`);
    await page.getByText('Ready to run').waitFor();
    await setEndMessage('Keys rotated');

    await openVersions();
    await page.getByText('None yet').waitFor();
    await page.getByLabel('Note for version 1').fill('First cut: rotate only');
    await page.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByText('Published version 1').waitFor();
    await versionRow(1).getByText('First cut: rotate only').waitFor();
    await page.getByRole('button', { name: 'Publish version 2' }).waitFor();
    await closeDialog();
  });

  it('publishes version 2 after the draft changes, and lists both newest first', async () => {
    await setEndMessage('Keys rotated and announced');
    await openVersions();
    await page.getByLabel('Note for version 2').fill('Announce the rotation');
    await page.getByRole('button', { name: 'Publish version 2' }).click();
    await page.getByText('Published version 2').waitFor();
    await expect
      .poll(() => page.locator('.version-row strong').allTextContents())
      .toEqual(['Version 2', 'Version 1']);
    await versionRow(2).getByText('Webhook and schedule run this').waitFor();
    await saveScreenshot(page, 'versions-dialog');
    await closeDialog();
    // The Start step's trigger panel names the version webhook and schedule run.
    await page.locator(`${node('start')} .step-name`).click();
    await page.getByText('Webhook and schedule run version 2').waitFor();
    await saveScreenshot(page, 'versions-trigger-panel');
  });

  it('shows version 1 read-only on the canvas, and goes back to the draft', async () => {
    await openVersions();
    await page.getByRole('button', { name: 'View version 1' }).click();
    const banner = page.getByRole('region', { name: 'Version 1, read-only' });
    await banner.waitFor();
    await banner.getByText('First cut: rotate only').waitFor();
    const canvas = page.getByLabel('Version 1 of the runbook, read-only');
    await expect.poll(() => canvas.locator('.read-only-node').count()).toBe(2);
    await canvas.locator(node('end_1')).waitFor();
    expect(await canvas.locator('.react-flow__edge').count()).toBe(1);
    // Nothing to edit: no palette, no inspector, no canvas toolbar.
    expect(await page.getByRole('complementary', { name: 'Steps' }).count()).toBe(0);
    expect(await page.getByRole('complementary', { name: 'Inspector' }).count()).toBe(0);
    // Dragging a step moves it nothing away from the others.
    const offset = async () => {
      const start = await canvas.locator(node('start')).boundingBox();
      const end = await canvas.locator(node('end_1')).boundingBox();
      return start === null || end === null
        ? null
        : { x: Math.round(end.x - start.x), y: Math.round(end.y - start.y) };
    };
    const before = await offset();
    await drag(`${node('end_1')} .step-name`, `${node('start')} .step-name`);
    expect(await offset()).toEqual(before);
    await saveScreenshot(page, 'version-view');
    await banner.getByRole('button', { name: 'Back to the draft' }).click();
    await page.getByRole('complementary', { name: 'Steps' }).waitFor();
    expect(await endMessage()).toBe('Keys rotated and announced');
  });

  it('switches version 2 off by keyboard, so triggers run version 1', async () => {
    await openVersions();
    const available = page.getByRole('switch', { name: 'Version 2 available' });
    await available.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => available.isChecked()).toBe(false);
    await versionRow(2).getByText('Unavailable').waitFor();
    await versionRow(1).getByText('Webhook and schedule run this').waitFor();
    await expect
      .poll(async () => (await api('runbooks.triggers', { id: runbookId })).version?.number)
      .toBe(1);
    await saveScreenshot(page, 'versions-unavailable');
  });

  it('restores version 1 into the draft after a confirmation', async () => {
    await page.getByRole('button', { name: 'Restore version 1 into the draft' }).click();
    const confirm = page.getByRole('dialog', { name: 'Restore version 1 into the draft?' });
    await confirm.waitFor();
    await saveScreenshot(page, 'version-restore-confirm');
    await confirm.getByRole('button', { name: 'Restore into draft' }).click();
    await page.getByText('Restored version 1 into the draft').waitFor();
    await expect.poll(endMessage).toBe('Keys rotated');
    await page.locator(`${node('end_1')} .step-name`).click();
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Message' }).inputValue())
      .toBe('Keys rotated');
    // The versions are untouched.
    const versions = await api('runbooks.versions', {
      id: runbookId,
    });
    expect(versions.map((version) => [version.number, version.isAvailable])).toEqual([
      [2, false],
      [1, true],
    ]);
  });

  it('forks the runbook from the designer and from the list', async () => {
    await page.getByRole('button', { name: 'Fork', exact: true }).click();
    await page.getByRole('heading', { name: 'Rotate API keys (copy)' }).waitFor();
    await page.getByText('Forked as “Rotate API keys (copy)”').waitFor();
    await page.locator(node('end_1')).waitFor();
    const copyId = /#\/runbooks\/([^/]+)/.exec(page.url())?.[1] ?? '';
    expect(copyId).not.toBe(runbookId);
    expect(await api('runbooks.versions', { id: copyId })).toEqual([]);

    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByRole('button', { name: 'Fork Rotate API keys', exact: true }).click();
    await page.getByRole('heading', { name: 'Rotate API keys (copy 2)' }).waitFor();
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await expect
      .poll(() =>
        page
          .locator('.runbook-list .list-title')
          .allTextContents()
          .then((names) => names.sort()),
      )
      .toEqual(['Rotate API keys', 'Rotate API keys (copy)', 'Rotate API keys (copy 2)'].sort());
    await saveScreenshot(page, 'runbooks-forked');
  });
});
