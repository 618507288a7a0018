/**
 * The page of a run of 1,000 steps in Chromium against `npm run serve`: it draws its first 200
 * records, folded (a record's outputs, request and response are drawn when it is opened), and the
 * next ones as the list's end comes into view or "Show 200 more records" is pressed; a step
 * chosen on the canvas has its record drawn and opened however far down it is. Before, every
 * record was drawn with its whole contents at once, holding the window seconds. Records past the
 * ones drawn are found by the find box above them (Ctrl+F), which the browser's find cannot do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDirectory } from './support/browser';
import { createRunbook, thousandSettingsDraft } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runId = '';

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-run-large-')) });
  const runbookId = await createRunbook(
    server,
    'A thousand settings',
    thousandSettingsDraft((index) => `value ${String(index)}`),
  );
  ({ runId } = await callApi(server, 'runs.start', { runbookId, inputs: {} }));
  for (let tries = 0; tries < 300; tries += 1) {
    if ((await callApi(server, 'runs.get', { id: runId })).status === 'succeeded') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${server.url}#/runs/${runId}`);
}, 60_000);

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('the page of a run of 1,000 steps', () => {
  const records = () => page.getByRole('complementary', { name: 'Step records' }).locator('ol > li');

  it('draws its first 200 records, folded, and says how many more there are', async () => {
    await expect.poll(() => records().count()).toBe(200);
    await page.getByText('802 more records not shown yet.').waitFor();
    // Folded: a record's outputs are drawn once it is opened.
    expect(await page.getByText('value 5', { exact: false }).count()).toBe(0);
    await records().nth(6).locator('summary').click();
    await records().nth(6).getByText('"value 5"').waitFor();
  });

  it('draws the next ones when asked, and as the end of the list comes into view', async () => {
    // Pressed from the keyboard without scrolling to it first (brought into view, it draws the next
    // 200 itself, and moves away from under a click).
    await page.evaluate(`document.querySelector('.run-records-more button').focus({ preventScroll: true })`);
    await page.keyboard.press('Enter');
    await expect.poll(() => records().count()).toBe(400);
    // The keyboard goes on from the first record the press drew.
    const focused = () => page.evaluate(`document.activeElement.closest('li')?.id`);
    await expect.poll(focused).toBe('record-201');
    const drawn = await records().count();
    await page.getByRole('button', { name: 'Show 200 more records' }).scrollIntoViewIfNeeded();
    await expect.poll(() => records().count()).toBeGreaterThan(drawn);
  });

  it('draws and opens the record of a step chosen on the canvas, however far down', async () => {
    await page.reload();
    await expect.poll(() => records().count()).toBe(200);
    // The last steps are far below the opening view: zoomed out until the last is drawn.
    const pane = page.locator('.run-body .react-flow__pane');
    await pane.waitFor();
    const box = await pane.boundingBox();
    if (box === null) throw new Error('The canvas has no box.');
    await page.mouse.move(box.x + box.width / 2, box.y + 40);
    const done = page.locator('.react-flow__node[data-id="done"]');
    for (let turns = 0; turns < 40 && (await done.count()) === 0; turns += 1) await page.mouse.wheel(0, 400);
    await page.locator('.react-flow__node[data-id="done"]').click();
    const last = page.locator('#record-1002');
    await last.waitFor();
    expect(await last.getAttribute('class')).toContain('is-selected');
    expect(await last.locator('details').getAttribute('open')).not.toBeNull();
  });
  it('finds a record past those drawn by its step name, from Ctrl+F, and only failed ones when asked', async () => {
    await page.reload();
    await expect.poll(() => records().count()).toBe(200);
    await page.keyboard.press('Control+f');
    const box = page.getByLabel('Find step records');
    expect(await page.evaluate(`document.activeElement?.getAttribute('placeholder')`)).toBe(
      'Find a step by name',
    );
    await page.keyboard.type('set 950');
    await page.getByText('1 record of 1,002 match.').waitFor();
    expect(await records().count()).toBe(1);
    expect(await records().first().getAttribute('id')).toBe('record-952');
    // Numbered 952, its place in the run, not 1, its place in what was found.
    expect(await records().first().getAttribute('value')).toBe('952');
    await page.screenshot({ path: `${screenshotDirectory}/run-records-find.png` });
    await page.getByLabel('Failed only').check();
    await page.getByText('No step record matches.').waitFor();
    expect(await records().count()).toBe(0);
    await page.getByLabel('Failed only').uncheck();
    // A step chosen on the canvas that the find hides ends the find, and its record opens.
    await page.locator('.react-flow__node[data-id="set_24"]').click();
    await expect.poll(() => box.inputValue()).toBe('');
    expect(await page.locator('#record-26 details').getAttribute('open')).not.toBeNull();
    await box.fill('set 950');
    await page.getByText('1 record of 1,002 match.').waitFor();
    // Escape empties the box, and the list is the whole run's again, 200 drawn.
    await box.press('Escape');
    await expect.poll(() => records().count()).toBe(200);
    expect(await page.getByRole('status').filter({ hasText: 'match' }).count()).toBe(0);
  });

  it('draws on its canvas only the steps in view from the first render, not every step once', async () => {
    await page.goto(`${server.url}#/runs`);
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    // The most step cards the canvas ever held while the page opened.
    await page.evaluate(`(() => {
      window.mostSteps = 0;
      new MutationObserver(() => {
        window.mostSteps = Math.max(window.mostSteps, document.querySelectorAll('.react-flow__node').length);
      }).observe(document.body, { childList: true, subtree: true });
    })()`);
    await page.evaluate(`location.hash = '#/runs/${runId}'`);
    await expect.poll(() => records().count()).toBe(200);
    await page.locator('.run-body .react-flow__node[data-id="start"]').waitFor();
    // Before, React Flow drew all 1,002 cards once, to measure them, then took those out of view away.
    const most = Number(await page.evaluate('window.mostSteps'));
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThan(100);
    // Still drawn with their state, and reachable: the edges leave and enter where the handles are.
    await expect
      .poll(() => page.locator('.run-body .react-flow__node[data-id="set_0"] .step-live').textContent())
      .toBe('succeeded');
  });
});
