/**
 * The runbooks list says, per runbook, how its last run went and when, its triggers (webhook on
 * or off, schedule with its next time, or paused), which version triggers run, and when it last
 * changed; a run that ends, or a trigger switched, while the list is open shows without a reload.
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

/** Start → End, ending as `outcome`, with these trigger settings on its Start step. */
async function runbook(
  name: string,
  outcome: 'succeeded' | 'failed',
  triggers: Record<string, unknown> = {},
): Promise<string> {
  const { id } = await callApi(server, 'runbooks.create', { details: { name } });
  await updateRunbook(id, outcome, triggers);
  return id;
}

async function updateRunbook(
  id: string,
  outcome: 'succeeded' | 'failed',
  triggers: Record<string, unknown>,
): Promise<void> {
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      steps: [
        { id: 'start', name: 'Start', type: 'start', ...triggers },
        { id: 'end', name: 'End', type: 'end', outcome, message: outcome === 'failed' ? 'Stopped' : '' },
      ],
      edges: [{ from: 'start', kind: 'next', to: 'end' }],
      positions: { start: { x: 0, y: 0 }, end: { x: 0, y: 120 } },
    } as never,
  });
}

const webhookOn = { webhook: { isEnabled: true, authentication: 'none' } };
/** Hourly, so the next time is never now and nothing fires during the test. */
const hourly = (isPaused: boolean) => ({
  schedule: { isEnabled: true, expression: '0 * * * *', timeZone: 'UTC', isPaused },
});
let intakeId: string;

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
  intakeId = await runbook('Ticket intake', 'succeeded', { ...webhookOn, ...hourly(false) });
  await callApi(server, 'runbooks.publish', { id: intakeId, note: 'webhook and schedule' });
  const paused = await runbook('Weekly cleanup', 'succeeded', hourly(false));
  await callApi(server, 'runbooks.publish', { id: paused, note: 'hourly' });
  // Paused in the draft only: a pause applies at once, without publishing.
  await updateRunbook(paused, 'succeeded', hourly(true));
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

  it('shows each runbook’s triggers: webhook on or off, schedule with its next time, or paused', async () => {
    await rowOf('Ticket intake').getByText('Webhook on', { exact: true }).waitFor();
    await rowOf('Ticket intake')
      .getByText(/^Next /)
      .waitFor();
    await rowOf('Weekly cleanup').getByText('Schedule paused', { exact: true }).waitFor();
    expect(
      await rowOf('Weekly cleanup')
        .getByText(/^Next /)
        .count(),
    ).toBe(0);
    await rowOf('Nightly report').getByText('By hand only', { exact: true }).waitFor();
    await rowOf('Draft idea').getByText('No triggers', { exact: true }).waitFor();
    await saveScreenshot(page, 'runbook-list-triggers');
  });

  it('shows a webhook switched off in the draft at once, without a reload', async () => {
    await updateRunbook(intakeId, 'succeeded', {
      webhook: { isEnabled: false, authentication: 'none' },
      ...hourly(false),
    });
    await rowOf('Ticket intake').getByText('Webhook off', { exact: true }).waitFor();
    await rowOf('Ticket intake')
      .getByText(/^Next /)
      .waitFor();
  });

  it('keeps a 200-character name and a long description to a few lines, whole in their tooltips', async () => {
    const name = 'Onboard a new employee across every system '.repeat(5).slice(0, 200);
    const description = 'Creates the accounts, groups and licences a new starter needs. '.repeat(20).trim();
    const { id } = await callApi(server, 'runbooks.create', { details: { name, description } });
    const link = page.locator(`a[href="#/runbooks/${id}"]`);
    await link.waitFor();
    expect(await link.locator('.list-title').getAttribute('title')).toBe(name);
    expect(await link.locator('.runbook-description').getAttribute('title')).toBe(description);
    // Three lines of name and two of description at most: before, the name alone took 14 lines.
    const row = await link.boundingBox();
    expect(row?.height).toBeLessThan(150);
    await saveScreenshot(page, 'runbook-list-long-name');
  });
});
