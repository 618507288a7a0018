/**
 * From the designer to the run: Run asks for inputs only when the runbook has some (a Yes/no
 * input as Yes or No, sent as a boolean and shown so on the run's page), and keeps its dialog
 * open at a missing required input (no run recorded); the bar shows the run's live state as a
 * link to its page, with Cancel while it goes; a refused start leaves no state behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector } from './support/canvas';
import { createRunbook, delayDraft } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;

let waiting = '';
let quick = '';
let broken = '';
let longName = '';
let clickedTwice = '';
let askedTwice = '';
let yesOrNo = '';

beforeAll(async () => {
  server = await startServe({
    dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-designer-run-')),
  });
  waiting = await createRunbook(server, 'Wait for a ticket', {
    inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'wait', name: 'Wait a minute', type: 'delay', seconds: '60' },
      { id: 'done', name: 'Done', type: 'end', message: 'Waited for {{inputs.ticket}}' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'wait' },
      { from: 'wait', kind: 'next', to: 'done' },
    ],
  });
  quick = await createRunbook(server, 'Quick', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'done', name: 'Done', type: 'end', message: 'Nothing to do' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'done' }],
  });
  // The End is not connected: the runbook cannot run yet.
  broken = await createRunbook(server, 'Not connected', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'done', name: 'Done', type: 'end' },
    ],
    edges: [],
  });
  clickedTwice = await createRunbook(server, 'Clicked twice', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'done', name: 'Done', type: 'end', message: 'Ran once' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'done' }],
  });
  askedTwice = await createRunbook(server, 'Asked twice', {
    inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'done', name: 'Done', type: 'end', message: 'Ran for {{inputs.ticket}}' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'done' }],
  });
  yesOrNo = await createRunbook(server, 'Notify or not', {
    inputs: [
      { name: 'notify', type: 'boolean', isRequired: true },
      { name: 'ticket', type: 'string', isRequired: true },
    ],
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'done', name: 'Done', type: 'end', message: 'Notify about {{inputs.ticket}}: {{inputs.notify}}' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'done' }],
  });
  longName = await createRunbook(
    server,
    'Escalate overdue tickets to the on-call engineer of the week',
    delayDraft('Wait a minute', 60),
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

async function openDesigner(runbookId: string): Promise<void> {
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('start')).waitFor();
}

const runButton = () => page.getByRole('button', { name: 'Run', exact: true });
const runState = () => page.locator('.designer-run .run-status');

describe('from the designer to the run', () => {
  it('keeps the Run dialog open at a missing required input, and records no run', async () => {
    await openDesigner(waiting);
    await runButton().click();
    const dialog = page.getByRole('dialog', { name: 'Run runbook' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Start run' }).click();
    const ticket = dialog.getByLabel('ticket');
    await dialog.getByText('"ticket" is required.').waitFor();
    expect(await ticket.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement?.id')).toBe(await ticket.getAttribute('id'));
    expect(await dialog.isVisible()).toBe(true);
    expect(await runState().count()).toBe(0);
    expect(await callApi(server, 'runs.list', { runbookId: waiting })).toEqual([]);
  });

  it('shows the live state as a link to the run, and cancels it from the bar', async () => {
    const dialog = page.getByRole('dialog', { name: 'Run runbook' });
    await dialog.getByLabel('ticket').fill('T-42');
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(`${stepSelector('wait')} .live-running`).waitFor();
    await expect.poll(() => runState().textContent()).toBe('Run: running');
    const [run] = await callApi(server, 'runs.list', { runbookId: waiting });
    expect(await runState().getAttribute('href')).toBe(`#/runs/${run?.id ?? ''}`);
    await saveScreenshot(page, 'designer-run-going');

    await page.getByRole('button', { name: 'Cancel run' }).click();
    await expect.poll(() => runState().textContent()).toBe('Run: cancelled');
    expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    await runState().click();
    await page.getByRole('region', { name: 'Run outcome' }).getByText('Cancelled', { exact: true }).waitFor();
  });

  it('runs a runbook without inputs at once, without a dialog', async () => {
    await openDesigner(quick);
    await runButton().click();
    await expect.poll(() => runState().textContent()).toBe('Run: succeeded');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByText('Run succeeded: Nothing to do').waitFor();
  });

  it('says why a start was refused, leaving no run state in the bar', async () => {
    await openDesigner(broken);
    await runButton().click();
    await page.getByText(/^The runbook cannot run yet/).waitFor();
    expect(await runState().count()).toBe(0);
    expect(await callApi(server, 'runs.list', { runbookId: broken })).toEqual([]);
  });

  it('starts one run for a double-click on Run', async () => {
    await openDesigner(clickedTwice);
    await runButton().dblclick();
    await expect.poll(() => runState().textContent()).toBe('Run: succeeded');
    // Run takes clicks again once its start is answered: any second start would have been sent.
    await expect.poll(() => runButton().getAttribute('aria-disabled')).not.toBe('true');
    expect(await callApi(server, 'runs.list', { runbookId: clickedTwice })).toHaveLength(1);
  });

  it('starts one run for a double-click on Start run in the Run dialog', async () => {
    await openDesigner(askedTwice);
    await runButton().click();
    const dialog = page.getByRole('dialog', { name: 'Run runbook' });
    await dialog.getByLabel('ticket').fill('T-7');
    await dialog.getByRole('button', { name: 'Start run' }).dblclick();
    // The dialog closes once its one start is answered.
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => runState().textContent()).toBe('Run: succeeded');
    expect(await callApi(server, 'runs.list', { runbookId: askedTwice })).toHaveLength(1);
  });

  it('keeps a long name, the save state, the run link, Cancel and Run whole and apart at 1280 px', async () => {
    await openDesigner(longName);
    await runButton().click();
    await expect.poll(() => runState().textContent()).toBe('Run: running');
    await saveScreenshot(page, 'designer-bar-1280');
    const boxes = await headerBoxes();
    const names = Object.keys(boxes);
    expect(names).toEqual(['name', 'save state', 'run link', 'Cancel run', 'Run']);
    for (const [name, box] of Object.entries(boxes)) {
      expect(box.clipped, `${name} is clipped`).toBe(false);
      expect(box.right <= 1280 && box.left >= 0, `${name} is outside the window`).toBe(true);
    }
    for (const [index, first] of names.entries())
      for (const second of names.slice(index + 1)) {
        const [a, b] = [boxes[first], boxes[second]];
        if (a === undefined || b === undefined) continue;
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        expect(apart, `${first} overlaps ${second}`).toBe(true);
      }
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await expect.poll(() => runState().textContent()).toBe('Run: cancelled');
  });

  it('asks a Yes/no input as Yes or No, starts the run with a real boolean, and shows it as No', async () => {
    await openDesigner(yesOrNo);
    await runButton().click();
    const dialog = page.getByRole('dialog', { name: 'Run runbook' });
    const notify = dialog.getByLabel('notify');
    expect(await notify.locator('option').allTextContents()).toEqual(['—', 'Yes', 'No']);
    await notify.selectOption({ label: 'No' });
    await dialog.getByLabel('ticket').fill('T-7');
    await saveScreenshot(page, 'run-dialog-yes-no');
    const started = page.waitForRequest((request) => request.url().endsWith('/api/runs.start'));
    await dialog.getByRole('button', { name: 'Start run' }).click();
    const sent = JSON.parse((await started).postData() ?? '{}') as { inputs?: unknown };
    expect(sent.inputs).toEqual({ notify: false, ticket: 'T-7' });
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => runState().textContent()).toBe('Run: succeeded');
    const [run] = await callApi(server, 'runs.list', { runbookId: yesOrNo });
    expect(run?.message).toBe('Notify about T-7: false');

    // The run's page names the inputs it was given in the same words.
    await runState().click();
    const inputs = page.getByRole('complementary', { name: 'Step records' }).locator('.run-inputs');
    await expect.poll(() => inputs.locator('dt').allTextContents()).toEqual(['notify', 'ticket']);
    expect(await inputs.locator('dd').allTextContents()).toEqual(['No', 'T-7']);
    await saveScreenshot(page, 'run-inputs-yes-no');
  });
});

interface HeaderBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
  clipped: boolean;
}

/** Where the bar draws its name, save state, run link, Cancel and Run, and whether each shows whole. */
async function headerBoxes(): Promise<Record<string, HeaderBox>> {
  const json = await page.evaluate(`(() => {
    const bar = document.querySelector('.designer-bar');
    const parts = {
      name: bar.querySelector('h1'),
      'save state': bar.querySelector('.save-state'),
      'run link': bar.querySelector('.run-status'),
      'Cancel run': [...bar.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Cancel run'),
      Run: [...bar.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Run'),
    };
    const result = {};
    for (const [name, element] of Object.entries(parts)) {
      if (!element) continue;
      const box = element.getBoundingClientRect();
      // Clipped: its content is wider or taller than its box, or an ancestor in the bar cuts it.
      let clipped = element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1;
      for (let parent = element.parentElement; parent && parent !== bar.parentElement; parent = parent.parentElement) {
        const outer = parent.getBoundingClientRect();
        if (getComputedStyle(parent).overflow !== 'visible' && (box.left < outer.left - 1 || box.right > outer.right + 1))
          clipped = true;
      }
      result[name] = { left: box.left, right: box.right, top: box.top, bottom: box.bottom, clipped };
    }
    return JSON.stringify(result);
  })()`);
  return JSON.parse(String(json)) as Record<string, HeaderBox>;
}
