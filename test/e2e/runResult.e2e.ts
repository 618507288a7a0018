/**
 * An End step's message is the run's result: the designer's canvas shows each End's outcome on
 * its card, and a run's page shows how the run ended with the message of the End it ended at —
 * for a Succeeded End and for a Failed one.
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
let runbookId: string;

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-run-result-')) });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Close a ticket' } }));
  await callApi(server, 'runbooks.update', {
    id: runbookId,
    draft: {
      inputs: [{ name: 'ticket', type: 'string', isRequired: true }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'check',
          name: 'Is it known?',
          type: 'condition',
          rules: [{ left: '{{inputs.ticket}}', operator: 'contains', right: 'T-' }],
        },
        {
          id: 'closed',
          name: 'Closed',
          type: 'end',
          outcome: 'succeeded',
          message: 'Closed {{inputs.ticket}}',
        },
        {
          id: 'unknown',
          name: 'Unknown',
          type: 'end',
          outcome: 'failed',
          message: 'No ticket called {{inputs.ticket}}',
        },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'check' },
        { from: 'check', kind: 'true', to: 'closed' },
        { from: 'check', kind: 'false', to: 'unknown' },
      ],
    },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** The run's outcome as its page shows it, once the run has ended. */
async function outcomeOf(runId: string) {
  await page.goto(`${server.origin}/#/runs/${runId}`);
  const outcome = page.getByRole('region', { name: 'Run outcome' });
  await outcome.waitFor();
  return outcome;
}

describe("an End step's message is the run's result", () => {
  it('shows the outcome of each End on its card in the designer', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    const closed = page.locator(`${stepSelector('closed')} .end-outcome`);
    const unknown = page.locator(`${stepSelector('unknown')} .end-outcome`);
    await closed.waitFor();
    expect(await closed.textContent()).toBe('End · succeeded');
    expect(await unknown.textContent()).toBe('End · failed');
    expect(await unknown.getAttribute('class')).toContain('end-failed');
  });

  it('shows a Succeeded End’s message as the outcome of the run, and the End’s outcome on its path', async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId, inputs: { ticket: 'T-42' } });
    const outcome = await outcomeOf(runId);
    await outcome.getByText('Succeeded', { exact: true }).waitFor();
    await outcome.getByText('Closed T-42', { exact: true }).waitFor();
    const end = page.locator(`${stepSelector('closed')} .end-outcome`);
    await end.waitFor();
    expect(await end.textContent()).toBe('End · succeeded');
    await saveScreenshot(page, 'run-result-succeeded');
  });

  it('shows a Failed End’s message once, as the reason the run failed', async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId, inputs: { ticket: 'nothing' } });
    const outcome = await outcomeOf(runId);
    await outcome.getByText('Failed', { exact: true }).waitFor();
    await outcome.getByText('No ticket called nothing', { exact: true }).waitFor();
    expect(await page.getByText('No ticket called nothing').count()).toBe(1);
    await saveScreenshot(page, 'run-result-failed');
  });
});
