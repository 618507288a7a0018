/**
 * The Switch step in Chromium against `npm run serve`: its cases are exits on the card, named by
 * their values; a case added in the inspector is connected through Exits; runs take the case the
 * value equals, or default. In the inspector each case's remove button sits beside its field, the
 * keyboard keeps its place as cases come and go, and Undo takes back one thing at a time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot, screenshotDirectory } from './support/browser';
import { expectFocus } from './support/keyboard';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';

/** A runbook routing by priority: one case ("high") to Urgent, default to Other, Later unconnected. */
async function createRoute(name: string): Promise<string> {
  const { id } = await callApi(server, 'runbooks.create', { details: { name } });
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      inputs: [{ name: 'priority', type: 'string', isRequired: true }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'route',
          name: 'Route',
          type: 'switch',
          value: '{{inputs.priority}}',
          cases: [{ id: 'c1', equals: 'high' }],
        },
        { id: 'urgent', name: 'Urgent', type: 'end', message: 'Paged the on-call' },
        { id: 'later', name: 'Later', type: 'end', message: 'Queued for tomorrow' },
        { id: 'other', name: 'Other', type: 'end', message: 'Nothing to do for {{inputs.priority}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'route' },
        { from: 'route', kind: 'case_c1', to: 'urgent' },
        { from: 'route', kind: 'default', to: 'other' },
      ],
      positions: {
        start: { x: 200, y: 0 },
        route: { x: 200, y: 140 },
        urgent: { x: 0, y: 300 },
        later: { x: 200, y: 300 },
        other: { x: 400, y: 300 },
      },
    },
  });
  return id;
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-switch-')) });
  runbookId = await createRoute('Route by priority');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

async function runWith(priority: string): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run runbook' });
  await dialog.getByLabel('priority').fill(priority);
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('the Switch step', () => {
  it('shows each case as an exit named by its value, and takes a new case connected in Exits', async () => {
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByRole('link', { name: 'Route by priority' }).click();
    await node('route').getByText('= high').waitFor();
    await node('route').getByText('default').waitFor();
    expect(await page.locator('.react-flow__edge').count()).toBe(3);
    // "Later" is not connected yet: a problem until the new case leads to it.
    await page.getByText(/^\d+ problems?$/).waitFor();

    await node('route').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('button', { name: 'Add case' }).click();
    await inspector.getByRole('combobox', { name: 'Case 2 equals' }).fill('low');
    await node('route').getByText('= low').waitFor();
    await inspector.getByLabel('On = low, go to').selectOption({ label: 'Later' });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
    await page.getByText('Ready to run').waitFor();
    await saveScreenshot(page, 'designer-switch');

    await runWith('low');
    await page.getByText('Run succeeded: Queued for tomorrow').waitFor();
    await runWith('HIGH?');
    await page.getByText('Run succeeded: Nothing to do for HIGH?').waitFor();
    const runs = await callApi(server, 'runs.list', { runbookId });
    expect(runs.map((run) => run.message).sort()).toEqual(['Nothing to do for HIGH?', 'Queued for tomorrow']);
  });

  it('removes a case with its edge', async () => {
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('button', { name: 'Remove case 2' }).click();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await expect
      .poll(async () => (await callApi(server, 'runbooks.get', { id: runbookId })).draft.edges.length)
      .toBe(3);
  });
});

describe('the Switch step’s cases in the inspector', () => {
  const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
  const field = (number: number) =>
    inspector().getByRole('combobox', { name: `Case ${String(number)} equals` });
  const removeButton = (number: number) =>
    inspector().getByRole('button', { name: `Remove case ${String(number)}` });

  /** Opens a fresh copy of the routing runbook with its Switch in the inspector. */
  async function openRoute(name: string): Promise<string> {
    const id = await createRoute(name);
    await page.goto(`${server.origin}/#/runbooks/${id}`);
    // Not the canvas of the runbook open before, whose Switch may have the same case.
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
    await node('route').getByText('= high').waitFor();
    await node('route').click();
    await field(1).waitFor();
    return id;
  }

  /** The saved Switch's case values and the exits it has edges from. */
  async function savedRoute(id: string): Promise<{ cases: string[]; exits: string[] }> {
    const { draft } = await callApi(server, 'runbooks.get', { id });
    const route = draft.steps.find((step) => step.id === 'route');
    return {
      cases: route?.type === 'switch' ? route.cases.map((switchCase) => switchCase.equals) : [],
      exits: draft.edges.filter((edge) => edge.from === 'route').map((edge) => edge.kind),
    };
  }

  async function saveInspectorShot(name: string): Promise<void> {
    fs.mkdirSync(screenshotDirectory, { recursive: true });
    await inspector().screenshot({ path: path.join(screenshotDirectory, `${name}.png`) });
  }

  async function boxOf(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await locator.boundingBox();
    if (box === null) throw new Error(`${String(locator)} is not drawn`);
    return box;
  }

  /** Each case's remove button is right of its field, centred on it, inside the case's card. */
  async function expectRemoveBesideFields(count: number): Promise<void> {
    for (let number = 1; number <= count; number += 1) {
      const input = await boxOf(field(number));
      const button = await boxOf(removeButton(number));
      const card = await boxOf(field(number).locator('xpath=ancestor::div[contains(@class, "rule")][1]'));
      expect(button.x).toBeGreaterThanOrEqual(input.x + input.width);
      expect(Math.abs(button.y + button.height / 2 - (input.y + input.height / 2))).toBeLessThanOrEqual(1);
      expect(button.x + button.width).toBeLessThanOrEqual(card.x + card.width);
      expect(input.width).toBeGreaterThan(100);
    }
  }

  it('puts each case’s remove button beside its field, centred on it, also in a narrower inspector', async () => {
    await openRoute('Remove beside');
    await inspector().getByRole('button', { name: 'Add case' }).click();
    await field(2).fill('a long value that does not fit the field: {{inputs.priority}} and more');
    await expectRemoveBesideFields(2);
    await saveInspectorShot('switch-cases');
    // The inspector is 330 px wide; a narrower one keeps the button beside the field, which gives way.
    const narrower = await page.addStyleTag({
      content: '.designer-body { grid-template-columns: 190px minmax(0, 1fr) 240px; }',
    });
    await expectRemoveBesideFields(2);
    await saveInspectorShot('switch-cases-narrow-inspector');
    await narrower.evaluate((style) => style.remove());
  });

  it('puts the keyboard in a new case’s field, and after a removal on the next case’s remove button, else the one before, else Add case', async () => {
    const id = await openRoute('Keyboard in cases');
    const addCase = inspector().getByRole('button', { name: 'Add case' });
    await addCase.focus();
    await page.keyboard.press('Enter');
    await expectFocus(page, field(2));
    await page.keyboard.type('low');
    await node('route').getByText('= low').waitFor();
    await addCase.click();
    await expectFocus(page, field(3));
    await page.keyboard.type('later');
    await expect.poll(async () => (await savedRoute(id)).cases).toEqual(['high', 'low', 'later']);

    // Removing the first case: the keyboard goes to the remove button of the case after it, now
    // case 1, where Ctrl+Z undoes the removal.
    await removeButton(1).click();
    await expect.poll(() => field(1).inputValue()).toBe('low');
    await expectFocus(page, removeButton(1));
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await savedRoute(id)).cases).toEqual(['high', 'low', 'later']);
    await removeButton(1).click();
    await expectFocus(page, removeButton(1));
    // Removing the last case: the keyboard goes to the one before it.
    await removeButton(2).click();
    await expectFocus(page, removeButton(1));
    await expect.poll(async () => (await savedRoute(id)).cases).toEqual(['low']);
    // Removing the only case: Add case.
    await removeButton(1).click();
    await expectFocus(page, addCase);
    await expect.poll(async () => (await savedRoute(id)).cases).toEqual([]);
  });

  it('undoes a case’s typing, adding a case and removing one (with its edge) one at a time', async () => {
    const id = await openRoute('Undo cases');
    await field(1).fill('urgent');
    await inspector().getByRole('button', { name: 'Add case' }).click();
    await field(2).fill('low');
    await inspector().getByLabel('On = low, go to').selectOption({ label: 'Later' });
    await expect
      .poll(() => savedRoute(id))
      .toEqual({
        cases: ['urgent', 'low'],
        exits: ['case_c1', 'default', 'case_c2'],
      });
    await removeButton(1).click();
    await expect.poll(() => savedRoute(id)).toEqual({ cases: ['low'], exits: ['default', 'case_c2'] });

    // Undo on the toolbar, then Ctrl+Z with the keyboard there (in a text field Ctrl+Z is the field's own).
    const undo = page.getByRole('toolbar', { name: 'Canvas' }).getByRole('button', { name: 'Undo' });
    await undo.click();
    // The removed case comes back with its edge, and nothing else is undone.
    await expect
      .poll(() => savedRoute(id))
      .toEqual({
        cases: ['urgent', 'low'],
        exits: ['case_c1', 'default', 'case_c2'],
      });
    await page.keyboard.press('Control+z'); // connecting case 2 to Later
    await page.keyboard.press('Control+z'); // filling in "low"
    await expect.poll(() => savedRoute(id)).toEqual({ cases: ['urgent', ''], exits: ['case_c1', 'default'] });
    await page.keyboard.press('Control+z'); // adding case 2
    await expect.poll(() => savedRoute(id)).toEqual({ cases: ['urgent'], exits: ['case_c1', 'default'] });
    await page.keyboard.press('Control+z'); // filling in "urgent"
    await expect.poll(() => savedRoute(id)).toEqual({ cases: ['high'], exits: ['case_c1', 'default'] });
    await expect(undo.isDisabled()).resolves.toBe(true);
  });
});
