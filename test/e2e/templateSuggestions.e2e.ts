/**
 * `{{` suggestions in the inspector stay in view: for a field at the inspector's bottom, the list
 * opens where it can be seen, and the option the arrows reach is scrolled into view.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import { createRunbook } from './support/runbookSeeds';
import { stepSelector } from './support/canvas';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-suggest-')) });
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Ticket desk', category: 'Other' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: 'http://127.0.0.1:9' },
  });
  const { id: methodId } = await callApi(server, 'methods.create', {
    integrationId,
    definition: { name: 'Read ticket', httpMethod: 'GET', path: '/tickets/{{id}}' },
  });
  const inputs = ['ticket', 'customer', 'priority', 'queue', 'owner', 'reason'];
  runbookId = await createRunbook(server, 'Suggestions in view', {
    inputs: inputs.map((name) => ({ name, type: 'string' })),
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'read', name: 'Read', type: 'method', methodId, arguments: {} },
      { id: 'done', name: 'Done', type: 'end' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'read' },
      { from: 'read', kind: 'success', to: 'done' },
    ],
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** Whether an element's box lies inside the window and inside the inspector's visible box. */
const isInView = (selector: string): Promise<boolean> =>
  page.evaluate(`(() => {
    const element = document.querySelector(${JSON.stringify(selector)});
    const inspector = document.querySelector('.inspector');
    if (element === null || inspector === null) return false;
    const box = element.getBoundingClientRect();
    const frame = inspector.getBoundingClientRect();
    const top = Math.max(0, frame.top);
    const bottom = Math.min(window.innerHeight, frame.bottom);
    return box.top >= top - 1 && box.bottom <= bottom + 1;
  })()`);

describe('variable suggestions', () => {
  it('scrolls the open list and its active option into view', async () => {
    await page.locator(stepSelector('read')).click();
    const field = page.getByRole('combobox', { name: 'id', exact: true });
    await field.waitFor();
    // The field at the bottom of the inspector's visible part, as after scrolling down to it.
    await field.evaluate((element) => element.scrollIntoView({ block: 'end' }));
    await field.focus();
    await page.keyboard.type('{{');
    const list = page.getByRole('listbox', { name: 'Variables for id' });
    await list.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => list.locator('[aria-selected="true"]').textContent()).not.toBe('');
    await expect.poll(() => isInView('.completion-list [aria-selected="true"]')).toBe(true);
    const activeId = await field.getAttribute('aria-activedescendant');
    expect(await list.locator('[role="option"]').nth(2).getAttribute('id')).toBe(activeId);
    await saveScreenshot(page, 'variable-suggestions-in-view');
  });
});
