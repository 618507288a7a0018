/**
 * Issue 13, item 10, in Chromium: a two-step runbook built and run with the keyboard alone —
 * Tab, Shift+Tab, Enter, arrows and typing; no mouse, no click, no focus set by the test. From
 * the runbook list: create it, add an End and an Execute method step from the palette, pick the
 * method, connect Start → method → End through the inspector's Exits, add and remove runbook
 * inputs on Start, and once the draft is saved Run it and follow the bar's link to the run page,
 * which says it succeeded. Each walk has a small bound: the canvas's bypass buttons spare the
 * keyboard its every step, edge and zoom button.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { expectFocus as expectFocusOn, pressUntil as pressUntilOn } from './support/keyboard';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let api: http.Server;
let browser: Browser;
let page: Page;
let requests = 0;

const pressUntil = (key: string, wanted: RegExp, limit?: number) => pressUntilOn(page, key, wanted, limit);
const expectFocus = (wanted: RegExp) => expectFocusOn(page, wanted);

/** A local API the method calls: it answers every request 200 with a small JSON body. */
function startApi(): Promise<http.Server> {
  const created = http.createServer((_request, response) => {
    requests += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id: 'T-1', status: 'open' }));
  });
  return new Promise((resolve) => created.listen(0, '127.0.0.1', () => resolve(created)));
}

beforeAll(async () => {
  api = await startApi();
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-keyboard-only-')),
  });
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Ticketing', category: 'PSA' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: `http://127.0.0.1:${String((api.address() as AddressInfo).port)}` },
  });
  await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Read ticket', httpMethod: 'GET', path: '/tickets/1' },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => api?.close(resolve));
});

describe('the keyboard alone', () => {
  it('creates a runbook from the runbook list', async () => {
    await pressUntil('Tab', /^a\|.*\|Runbooks$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Runbooks' }).waitFor();
    await pressUntil('Tab', /^input\|new-runbook\|/);
    await page.keyboard.type('Close stale tickets');
    await page.keyboard.press('Enter');
    // The designer opens with the keyboard on its heading.
    await expectFocus(/^h1\|\|\|\|Close stale tickets$/);
  });

  it('adds an End and an Execute method step from the palette, and picks the method', async () => {
    await pressUntil('Tab', /^button\|\|\|\|End$/);
    await page.keyboard.press('Enter');
    await expectFocus(/^div\|\|end_1\|/); // the new step has the keyboard
    await pressUntil('Shift+Tab', /^button\|\|\|\|Execute method$/);
    await page.keyboard.press('Enter');
    await expectFocus(/^div\|\|method_1\|/);
    await page.keyboard.press('Enter'); // on to the inspector
    await expectFocus(/^input\|inspector-step-name\|/);
    await pressUntil('Tab', /^input\|[^|]*-input\|/); // the method picker's search
    await page.keyboard.type('Read ticket');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('Step name').inputValue()).toBe('Read ticket');
  });

  it('connects the method’s success to End, and Start to the method, in the inspector’s Exits', async () => {
    await pressUntil('Tab', /^select\|.*Not connected/); // On success, go to
    await page.keyboard.type('End');
    // Past the canvas by its bypass: back to the palette, then on to the first step, Start.
    await pressUntil('Shift+Tab', /^button\|\|\|\|Skip the canvas, back to the steps$/, 12);
    await page.keyboard.press('Enter');
    await expectFocus(/^button\|\|\|\|Execute method$/);
    await pressUntil('Tab', /^div\|\|start\|/, 16);
    await page.keyboard.press('Enter');
    await expectFocus(/^input\|inspector-step-name\|/);
    await pressUntil('Tab', /^select\|.*Not connected/); // On next, go to
    await page.keyboard.type('Read');
    await expect
      .poll(async () => (await callApi(server, 'runbooks.list', { search: '', category: '' })).items.length)
      .toBe(1);
    const { items } = await callApi(server, 'runbooks.list', { search: '', category: '' });
    await expect
      .poll(async () =>
        (await callApi(server, 'runbooks.get', { id: String(items[0]?.id) })).draft.edges
          .map((edge) => `${edge.from} ${edge.kind} ${edge.to}`)
          .sort(),
      )
      .toEqual(['method_1 success end_1', 'start next method_1']);
    await expect.poll(() => page.locator('.save-state').textContent()).toBe('Saved');
    await saveScreenshot(page, 'keyboard-only-designer');
  });

  it('adds inputs on Start, each name ready to be typed over, and removes them, the keyboard kept in place', async () => {
    const savedInputs = async () => {
      const { items } = await callApi(server, 'runbooks.list', { search: '', category: '' });
      const { draft } = await callApi(server, 'runbooks.get', { id: String(items[0]?.id) });
      return draft.inputs.map((input) => input.name);
    };
    const addInput = /^button\|[^|]*\|\|\|Add input$/;
    const remove = (name: string) => new RegExp(`^button\\|[^|]*\\|\\|Remove input ${name}\\|`);
    await pressUntil('Shift+Tab', addInput, 12);
    for (const name of ['ticket', 'priority', 'region']) {
      await page.keyboard.press('Enter');
      // The new input's name has the keyboard, its default name selected: typing replaces it.
      await expectFocus(/^input\|[^|]*\|\|\|$/);
      await page.keyboard.type(name);
      if (name !== 'region') await pressUntil('Tab', addInput, 8);
    }
    await expect.poll(savedInputs).toEqual(['ticket', 'priority', 'region']);
    await saveScreenshot(page, 'keyboard-only-inputs');

    // Removed from its button, an input leaves the keyboard on the next one's remove button, else
    // on the one before, else on Add input, where Ctrl+Z brings the input back.
    await pressUntil('Shift+Tab', remove('priority'), 12);
    await page.keyboard.press('Enter');
    await expectFocus(remove('region'));
    await page.keyboard.press('Enter');
    await expectFocus(remove('ticket'));
    await page.keyboard.press('Enter');
    await expectFocus(addInput);
    await expect.poll(savedInputs).toEqual([]);
    await page.keyboard.press('Control+z');
    await expect.poll(savedInputs).toEqual(['ticket']);
    await pressUntil('Shift+Tab', remove('ticket'), 8);
    await page.keyboard.press('Enter');
    await expectFocus(addInput);
    await expect.poll(savedInputs).toEqual([]);
    await expect.poll(() => page.locator('.save-state').textContent()).toBe('Saved');
    await pressUntil('Tab', /^select\|.*Not connected/); // back to On next, go to
  });

  it('runs it and reaches the run page, which says it succeeded', async () => {
    await pressUntil('Shift+Tab', /^button\|\|\|\|Skip the canvas, back to the steps$/, 12);
    await page.keyboard.press('Enter');
    // Back over the bar's second row (the canvas tools, the draft's state) to Run.
    await pressUntil('Shift+Tab', /^button\|\|\|\|Run$/, 12);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.designer-run .run-status').textContent()).toBe('Run: succeeded');
    // The run's state sits in the bar's second row, after Run.
    await pressUntil('Tab', /^a\|.*Run: succeeded/, 12);
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 1 }).filter({ hasText: 'Close stale tickets' });
    await expect.poll(() => heading.textContent()).toBe('Close stale tickets succeeded');
    expect(requests).toBe(1);
    await saveScreenshot(page, 'keyboard-only-run');
  });
});
