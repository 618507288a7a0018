/**
 * A pin of a step that sends no request, in the window (issue 14): a Condition is pinned from an
 * earlier run's record (the false way), the canvas marks it, and a run started from the designer
 * with inputs under which its rules hold still takes the pinned false exit — the record says
 * "pinned"; the inspector shows the pin as its exit, refuses an exit the step does not have at
 * the field, and an edited pin (true) takes the other way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';
let earlierRunId = '';

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-pin-condition-')),
  });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Escalate' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'answer', type: 'string', defaultValue: 'yes' }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'check',
          name: 'Is it urgent?',
          type: 'condition',
          rules: [{ left: '{{inputs.answer}}', operator: 'equals', right: 'yes' }],
        },
        { id: 'urgent', name: 'Escalated', type: 'end', message: 'took the true way' },
        { id: 'calm', name: 'Left in queue', type: 'end', message: 'took the false way' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'check' },
        { from: 'check', kind: 'true', to: 'urgent' },
        { from: 'check', kind: 'false', to: 'calm' },
      ],
    },
  });
  // An earlier run that went the false way: its record of the Condition is what gets pinned.
  ({ runId: earlierRunId } = await callApi(server, 'runs.start', { runbookId, inputs: { answer: 'no' } }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
}, 180_000);

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
const pinBadge = () => page.locator(stepSelector('check')).getByRole('img', { name: 'Pinned' });
const runState = () => page.locator('.designer-run .run-status');
const records = () => page.getByRole('complementary', { name: 'Step records' });

/** Runs the draft from the designer with its default inputs (answer: yes) and opens the run's page. */
async function runFromDesigner(): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run runbook' });
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => runState().textContent(), { timeout: 30_000 }).toBe('Run: succeeded');
  await runState().click();
  await records().waitFor();
}

describe('a pinned Condition in the window', () => {
  it('pins the Condition from an earlier run’s record', async () => {
    await page.goto(`${server.origin}/#/runs/${earlierRunId}`);
    const checkRecord = records().locator('li').filter({ hasText: 'Is it urgent?' });
    await checkRecord.locator('summary').click();
    await checkRecord.getByRole('button', { name: 'Pin this result' }).click();
    await page.getByText('Pinned “Is it urgent?”').waitFor();
    const [pin] = await callApi(server, 'pins.list', { runbookId });
    expect(pin).toMatchObject({ stepId: 'check', from: 'run', exit: 'false' });
    // A record of the Start step offers nothing to pin.
    expect(
      await records()
        .locator('li')
        .filter({ hasText: 'Start' })
        .getByRole('button', { name: 'Pin this result' })
        .count(),
    ).toBe(0);
  });

  it('marks the step on the canvas and shows its pin as the exit it takes', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await pinBadge().waitFor();
    await page.locator(stepSelector('check')).click();
    const field = inspector().getByLabel('Pin (JSON)');
    expect(JSON.parse(await field.inputValue())).toEqual({ exit: 'false', outputs: { result: false } });
    await inspector()
      .getByText('Designer runs take the pinned exit ("true" or "false") without checking the rules.')
      .waitFor();
    await saveScreenshot(page, 'pin-condition');
  });

  it('runs from the designer along the pinned false exit although the rules hold, and the record says pinned', async () => {
    await runFromDesigner();
    const run = (await callApi(server, 'runs.list', { runbookId }))[0];
    expect(run).toMatchObject({ status: 'succeeded', message: 'took the false way' });
    const checkRecord = records().locator('li').filter({ hasText: 'Is it urgent?' });
    await checkRecord.locator('.run-rehearsal').getByText('pinned', { exact: true }).waitFor();
    expect(await records().locator('li').filter({ hasText: 'Left in queue' }).count()).toBe(1);
    expect(await records().locator('li').filter({ hasText: 'Escalated' }).count()).toBe(0);
    await saveScreenshot(page, 'pin-condition-run');
  });

  it('refuses an exit the Condition does not have at the field, and an edited pin takes the other way', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.locator(stepSelector('check')).click();
    const field = inspector().getByLabel('Pin (JSON)');
    await field.fill('{ "exit": "maybe" }');
    await inspector().getByRole('button', { name: 'Save pin' }).click();
    await inspector()
      .getByText(/pinned to the exit "maybe", which it does not have \(its exits: "true", "false"\)/)
      .waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.inputValue()).toBe('{ "exit": "maybe" }');
    await field.fill('{ "exit": "true" }');
    await inspector().getByRole('button', { name: 'Save pin' }).click();
    await expect.poll(async () => (await callApi(server, 'pins.list', { runbookId }))[0]?.exit).toBe('true');
    await runFromDesigner();
    expect((await callApi(server, 'runs.list', { runbookId }))[0]?.message).toBe('took the true way');
  });
});
