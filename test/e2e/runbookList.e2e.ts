/**
 * The runbooks list says, per runbook, how its last run went and when, which version triggers run,
 * and when it last changed; a run that ends while the list is open shows without a reload.
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

/** Start → End, ending as `outcome`. */
async function runbook(name: string, outcome: 'succeeded' | 'failed'): Promise<string> {
  const { id } = await callApi(server, 'runbooks.create', { details: { name } });
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        { id: 'end', name: 'End', type: 'end', outcome, message: outcome === 'failed' ? 'Stopped' : '' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'end' }],
      positions: { start: { x: 0, y: 0 }, end: { x: 0, y: 120 } },
    } as never,
  });
  return id;
}

const rowOf = (name: string) => page.getByRole('listitem').filter({ hasText: name });

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-list-')) });
  await runbook('Draft idea', 'succeeded');
  const published = await runbook('Nightly report', 'succeeded');
  await callApi(server, 'runbooks.publish', { id: published, note: 'first' });
  const second = await callApi(server, 'runbooks.publish', { id: published, note: 'second' });
  await callApi(server, 'runbooks.setVersionAvailable', {
    id: published,
    versionId: second.id,
    isAvailable: false,
  });
  await callApi(server, 'runs.start', { runbookId: published, inputs: {} });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('the runbooks list', () => {
  it('shows each runbook’s last run, live version and last change', async () => {
    await rowOf('Draft idea').getByText('Never run').waitFor();
    await rowOf('Draft idea').getByText('Draft only').waitFor();
    await rowOf('Nightly report').getByText('succeeded').waitFor();
    await rowOf('Nightly report').getByText('v1 live (v2 latest)').waitFor();
    expect(
      await rowOf('Nightly report')
        .getByText(/^Changed /)
        .count(),
    ).toBe(1);
    await saveScreenshot(page, 'runbook-list-activity');
  });

  it('shows a run that ends while the list is open', async () => {
    const failing = await runbook('Escalation', 'failed');
    await rowOf('Escalation').getByText('Never run').waitFor();
    await callApi(server, 'runs.start', { runbookId: failing, inputs: {} });
    await rowOf('Escalation').getByText('failed').waitFor();
  });
});
