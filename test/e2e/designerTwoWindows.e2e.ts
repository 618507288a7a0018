/**
 * Two windows on one runbook's draft: two browser tabs on one `serve`, and two `serve` processes
 * on one data folder (as the desktop app and `serve` share one), each window opened on the
 * runbook before the other edits it. A window without edits of its own shows the other's save at
 * once and edits on from it; a window with edits of its own is refused at its save and offered the
 * choice, Load theirs or Keep mine, and neither draft is lost without the user's word.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { createRunbook, delayDraft } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-two-windows-'));
/** The data folder's server, and a second one on the same folder (the desktop app's stand-in). */
let server: ServeProcess;
let otherServer: ServeProcess;
let browser: Browser;

/** Start → Wait a minute → Done. */
const threeSteps = delayDraft('Wait a minute', 60);

beforeAll(async () => {
  server = await startServe({ dataDirectory });
  otherServer = await startServe({ dataDirectory });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await otherServer.stop();
  await server.stop();
});

/** A window signed in to `on` (its own cookies: two servers on one host would share them). */
async function windowOn(on: ServeProcess, context?: BrowserContext): Promise<Page> {
  const inContext = context ?? (await browser.newContext({ viewport: { width: 1440, height: 900 } }));
  const page = await inContext.newPage();
  await page.goto(on.url);
  return page;
}

async function openDesigner(page: Page, on: ServeProcess, runbookId: string): Promise<void> {
  // A tab behind another gets no animation frames, which the canvas's fit and the wait below need.
  await page.bringToFront();
  await page.goto(`${on.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('done')).waitFor();
  await waitForStillCanvas(page);
}

/** Renames a step in the inspector and waits for the designer to say it is saved. */
async function renameStep(page: Page, stepId: string, name: string): Promise<void> {
  await page.bringToFront();
  await page.locator(stepSelector(stepId)).click();
  await page.getByLabel('Step name').fill(name);
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Saved');
}

const storedNames = async (id: string) =>
  (await callApi(server, 'runbooks.get', { id })).draft.steps.map((step) => step.name);
const conflictBar = (page: Page) => page.locator('.draft-conflict');

/**
 * A runbook open in both processes' windows: the app (the other process) renames Done and saves;
 * the browser tab, not told of that save, renames Wait a minute, made from the draft before it.
 */
async function editedInBoth(name: string) {
  const id = await createRunbook(server, name, threeSteps);
  const app = await windowOn(otherServer);
  const browserTab = await windowOn(server);
  await openDesigner(app, otherServer, id);
  await openDesigner(browserTab, server, id);
  await renameStep(app, 'done', 'Renamed in the app');
  await browserTab.locator(stepSelector('wait')).click();
  await browserTab.getByLabel('Step name').fill('Renamed in the browser');
  return { id, browserTab };
}
describe('two windows editing one runbook', () => {
  it('shows the other tab’s save at once in a tab without edits, which then edits on from it', async () => {
    const id = await createRunbook(server, 'Two tabs', threeSteps);
    const first = await windowOn(server);
    const second = await windowOn(server, first.context());
    await openDesigner(first, server, id);
    await openDesigner(second, server, id);
    const readsOf = (page: Page) => {
      const reads = { count: 0 };
      page.on('request', (request) => {
        if (request.url().endsWith('/api/runbooks.get')) reads.count += 1;
      });
      return reads;
    };
    const firstReads = readsOf(first);

    await renameStep(first, 'done', 'Renamed in the first tab');
    await second.locator(stepSelector('done')).getByText('Renamed in the first tab').waitFor();
    await second.getByText('“Two tabs” was changed in another window: its draft is shown now.').waitFor();
    // The first tab heard of its own save too (the second tab, hearing it, read it), and had its
    // answer already: it read nothing again.
    expect(firstReads.count).toBe(0);

    await renameStep(second, 'wait', 'Renamed in the second tab');
    expect(await storedNames(id)).toEqual(['Start', 'Renamed in the second tab', 'Renamed in the first tab']);
    // The first tab, without edits of its own, takes the second's save in turn.
    await first.locator(stepSelector('wait')).getByText('Renamed in the second tab').waitFor();
    expect(firstReads.count).toBeGreaterThan(0);
    expect(await conflictBar(first).count()).toBe(0);
  });

  it('refuses a save made from the draft before another process saved it, and Keep mine saves it over', async () => {
    const { id, browserTab } = await editedInBoth('Keep mine');
    await conflictBar(browserTab)
      .getByText('This runbook was changed in another window while you were editing it here.')
      .waitFor();
    expect(await storedNames(id)).toEqual(['Start', 'Wait a minute', 'Renamed in the app']);
    await saveScreenshot(browserTab, 'designer-draft-conflict');
    expect(await browserTab.locator('.save-state').textContent()).toBe('Not saved');
    expect(await browserTab.locator('.save-state').getAttribute('title')).toBe(
      'This runbook was changed in another window: choose Load theirs or Keep mine; nothing is saved until then.',
    );
    // Publishing would publish the draft stored, not the one shown: refused until the choice is made.
    await browserTab.getByRole('button', { name: 'Versions' }).click();
    const versions = browserTab.getByRole('dialog', { name: 'Versions' });
    await versions.getByLabel('Note for version 1').fill('Mine');
    await versions.getByRole('button', { name: 'Publish version 1' }).click();
    await versions
      .getByText('This runbook was changed in another window: choose Load theirs or Keep mine', {
        exact: false,
      })
      .waitFor();
    expect(await callApi(server, 'runbooks.versions', { id })).toEqual([]);
    await browserTab.keyboard.press('Escape');
    await versions.waitFor({ state: 'detached' });
    // Leaving asks first: the edits are not saved yet.
    await browserTab
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Runbooks' })
      .click();
    const question = browserTab.getByRole('dialog', { name: 'Unsaved changes' });
    await question.getByRole('button', { name: 'Keep editing' }).click();

    await conflictBar(browserTab).getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => browserTab.locator('.save-state').textContent()).toBe('Saved');
    expect(await storedNames(id)).toEqual(['Start', 'Renamed in the browser', 'Done']);
    expect(await conflictBar(browserTab).count()).toBe(0);
  });

  it('refuses Run, Dry run, Export and Fork while the choice waits, saying why, as Publish does', async () => {
    const { id, browserTab } = await editedInBoth('Held for the choice');
    await conflictBar(browserTab).getByRole('button', { name: 'Keep mine' }).waitFor();
    const reason =
      'would use the last saved draft, not the one shown: This runbook was changed in another window: choose Load theirs or Keep mine';
    const bar = browserTab.locator('.designer-bar');
    for (const action of ['Run', 'Export', 'Fork']) {
      await bar.getByRole('button', { name: action, exact: true }).click();
      await browserTab.getByText(`${action} ${reason}`, { exact: false }).first().waitFor();
    }
    await bar.getByRole('button', { name: 'Dry run', exact: true }).click();
    const dialog = browserTab.getByRole('dialog', { name: 'Run runbook' });
    await dialog.getByRole('button', { name: 'Start dry run' }).click();
    await dialog.getByText(`Dry run ${reason}`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Nothing ran, nothing was copied, and the edits shown are still there to choose for.
    expect((await callApi(server, 'runs.list', { runbookId: id })).length).toBe(0);
    const listed = await callApi(server, 'runbooks.list', { search: 'Held for the choice' });
    expect(listed.items.map((runbook) => runbook.name)).toEqual(['Held for the choice']);
    expect(await browserTab.locator(stepSelector('wait')).textContent()).toContain('Renamed in the browser');
  });

  it('refuses Restore of a version while the choice waits, saying why, and keeps both drafts', async () => {
    const { id, browserTab } = await editedInBoth('Restore held');
    await conflictBar(browserTab).getByRole('button', { name: 'Keep mine' }).waitFor();
    await callApi(server, 'runbooks.publish', { id, note: 'First' });
    await browserTab.locator('.designer-bar').getByRole('button', { name: 'Versions' }).click();
    await browserTab.getByRole('button', { name: 'Restore version 1 into the draft' }).click();
    const dialog = browserTab.getByRole('dialog', { name: 'Restore version 1 into the draft?' });
    await dialog.getByRole('button', { name: 'Restore into draft' }).click();
    await dialog
      .getByText(
        'Restore waits for the choice between the two drafts: this runbook was changed in another window; choose Load theirs or Keep mine first.',
      )
      .waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // The edits shown are still there to choose for, and the other window's draft still stored.
    expect(await browserTab.locator(stepSelector('wait')).textContent()).toContain('Renamed in the browser');
    expect(await conflictBar(browserTab).count()).toBe(1);
    expect(await storedNames(id)).toEqual(['Start', 'Wait a minute', 'Renamed in the app']);
  });

  it('Load theirs shows the draft saved by the other process, the edits made here discarded', async () => {
    const { id, browserTab } = await editedInBoth('Load theirs');
    await conflictBar(browserTab).getByRole('button', { name: 'Load theirs' }).click();

    await browserTab.locator(stepSelector('done')).getByText('Renamed in the app').waitFor();
    expect(await browserTab.getByLabel('Step name').inputValue()).toBe('Wait a minute');
    expect(await browserTab.locator('.save-state').textContent()).toBe('Saved');
    expect(await storedNames(id)).toEqual(['Start', 'Wait a minute', 'Renamed in the app']);
    // Edits go on from the draft loaded, the app's rename kept.
    await renameStep(browserTab, 'start', 'Begin');
    expect(await storedNames(id)).toEqual(['Begin', 'Wait a minute', 'Renamed in the app']);
  });
});
