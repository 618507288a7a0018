/**
 * An MSP's morning in Chromium, one step after the other (issue 15 item 6): a runbook checks each
 * client's API and then waits for someone to approve the change. It runs across three clients
 * from the Run dialog — Initech's configuration points at an upstream that answers 500 — and the
 * group page's grid shows two runs waiting for approval and Initech failed. Acme's run is
 * approved from the window, Globex's by its single-use link (the GET only asks, the form's POST
 * decides); Initech's configuration is fixed and Re-run failed sends only its request again, its
 * run is approved, and the group turns green. Finally two published versions are compared: the
 * changed step is coloured and the side panel lists its changed field.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideByLink, decideInWindow, openWaitingRun, runStatusOf } from './support/approvals';
import { launchChromium, saveScreenshot } from './support/browser';
import {
  clientBaseUrl,
  createRunbook,
  seedClientApi,
  startClientsUpstream,
  updateDraft,
  type ClientsUpstream,
  type DraftSeed,
} from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import { compareVersions } from './support/versionCompare';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let upstream: ClientsUpstream;
let runbookId: string;
let groupId: string;
let configurationIds: Record<string, string>;

/** Check the client's API, then ask before changing anything; each way out ends with a message. */
const checkAndChange = (methodId: string, question: string): DraftSeed => ({
  steps: [
    { id: 'start', name: 'Start', type: 'start' },
    { id: 'health', name: 'Health', type: 'method', methodId, configuration: { mode: 'client' } },
    {
      id: 'ask',
      name: 'Ask the client',
      type: 'approval',
      message: question,
      timeoutMinutes: 60,
      approvers: 'The account manager',
    },
    { id: 'done', name: 'Changed', type: 'end', message: '{{client}} changed' },
    { id: 'refused', name: 'Refused', type: 'end', outcome: 'failed', message: '{{client}} refused' },
    { id: 'late', name: 'Too late', type: 'end', outcome: 'failed', message: 'nobody answered' },
    { id: 'down', name: 'Down', type: 'end', outcome: 'failed', message: '{{client}} is down' },
  ],
  edges: [
    { from: 'start', kind: 'next', to: 'health' },
    { from: 'health', kind: 'success', to: 'ask' },
    { from: 'health', kind: 'failure', to: 'down' },
    { from: 'ask', kind: 'approved', to: 'done' },
    { from: 'ask', kind: 'rejected', to: 'refused' },
    { from: 'ask', kind: 'timed_out', to: 'late' },
  ],
  positions: Object.fromEntries(
    ['start', 'health', 'ask', 'done', 'refused', 'late', 'down'].map((id, index) => [
      id,
      { x: (index % 3) * 260, y: Math.floor(index / 3) * 160 },
    ]),
  ),
});

beforeAll(async () => {
  upstream = await startClientsUpstream();
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-msp-')) });
  const seeded = await seedClientApi(server, upstream, [
    ['Acme', 'ok'],
    ['Globex', 'ok'],
    ['Initech', 'fail'],
  ]);
  configurationIds = seeded.configurationIds;
  runbookId = await createRunbook(
    server,
    'Change a client',
    checkAndChange(seeded.methodId, 'Apply the change for {{client}}?'),
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  await upstream.close();
});

/** The grid's row of a client. */
const rowOf = (client: string) =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: client }) });
const badgeOf = (client: string) => rowOf(client).locator('.run-badge');

/** The group page, once it shows every client. */
async function openGroup(): Promise<void> {
  await page.goto(`${server.origin}/#/runs/group/${groupId}`);
  for (const client of ['Acme', 'Globex', 'Initech']) await rowOf(client).waitFor();
}

/** The run of a client's latest attempt in the group. */
async function runIdOf(client: string): Promise<string> {
  const group = await callApi(server, 'runGroups.get', { id: groupId });
  return group.members.find((member) => member.client === client)?.runId ?? '';
}

describe('an MSP runs a change across its clients', () => {
  it('runs for three clients from the Run dialog: two wait for approval, the failing one failed', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    // The Health step is set to Primary in its inspector: in a client's run of an integration in
    // client configuration mode, that is the client's own configuration all the same.
    await page.locator('.react-flow__node[data-id="health"]').click();
    const configuration = page.getByRole('combobox', { name: 'Configuration' });
    expect(await configuration.inputValue()).toBe('client');
    await configuration.selectOption({ label: 'Primary' });
    await expect
      .poll(async () => {
        const { draft } = await callApi(server, 'runbooks.get', { id: runbookId });
        return draft.steps.find((step) => step.id === 'health');
      })
      .toMatchObject({ configuration: { mode: 'primary' } });
    await saveScreenshot(page, 'method-step-configuration');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Run runbook' });
    await dialog.getByRole('radio', { name: 'All' }).check();
    await dialog.getByText('Every client: Acme, Globex, Initech').waitFor();
    // The dialog says which steps take each client's configuration.
    await dialog.getByText(/^In a client’s run, a step sends with that client’s configuration/).waitFor();
    await dialog.getByRole('spinbutton', { name: 'At once' }).fill('3');
    await saveScreenshot(page, 'run-dialog-clients');
    await dialog.getByRole('button', { name: 'Start run' }).click();

    await page.waitForURL(/#\/runs\/group\//);
    groupId = decodeURIComponent(page.url().split('/').at(-1) ?? '');
    await rowOf('Initech').getByText('Initech is down').waitFor();
    await expect.poll(() => badgeOf('Acme').textContent()).toBe('waiting');
    await expect.poll(() => badgeOf('Globex').textContent()).toBe('waiting');
    expect(await badgeOf('Initech').textContent()).toBe('failed');
    expect([...upstream.received].sort()).toEqual([
      'GET /fail/Initech/health',
      'GET /ok/Acme/health',
      'GET /ok/Globex/health',
    ]);
  });

  it('approves Acme’s run from the window, opened from its cell', async () => {
    await rowOf('Acme').getByRole('link', { name: 'Acme' }).click();
    const acmeRun = await runIdOf('Acme');
    await openWaitingRun(page, server, acmeRun, 'Apply the change for Acme?');
    await decideInWindow(page, 'Approve');
    await page
      .getByRole('region', { name: 'Run outcome' })
      .getByText('Acme changed', { exact: true })
      .waitFor();
    await page.getByRole('link', { name: 'its run group' }).click();
    await rowOf('Acme').getByText('Acme changed').waitFor();
    expect(await badgeOf('Acme').textContent()).toBe('succeeded');
  });

  it('approves Globex’s run by its single-use link: the GET only asks, the form decides', async () => {
    const globexRun = await runIdOf('Globex');
    await openWaitingRun(page, server, globexRun, 'Apply the change for Globex?');
    const link = await page.getByRole('textbox', { name: 'Approval link' }).inputValue();

    const asked = await fetch(link);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Apply the change for Globex?');
    expect(await runStatusOf(server, globexRun)).toBe('waiting');

    const decided = await decideByLink(link, 'approved', 'Go ahead');
    expect(decided.status).toBe(200);
    expect(await decided.text()).toContain('Approved');
    await expect.poll(() => runStatusOf(server, globexRun)).toBe('succeeded');

    await openGroup();
    await rowOf('Globex').getByText('Globex changed').waitFor();
    expect(await badgeOf('Globex').textContent()).toBe('succeeded');
    expect(await badgeOf('Initech').textContent()).toBe('failed');
    // The README's picture: the grid, without the notice of Acme's approval in its corner.
    for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click();
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, 'run-group-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('re-runs only Initech once its configuration is fixed, and it turns green once approved', async () => {
    await callApi(server, 'configurations.update', {
      id: configurationIds.Initech ?? '',
      baseUrl: clientBaseUrl(upstream, 'Initech', 'ok'),
    });
    const before = upstream.received.length;
    await page.getByRole('button', { name: 'Re-run failed' }).click();
    await page.getByText('attempt 2').waitFor();
    await expect.poll(() => badgeOf('Initech').textContent()).toBe('waiting');
    expect(upstream.received.slice(before)).toEqual(['GET /ok/Initech/health']);
    expect(await rowOf('Acme').getByRole('cell').last().textContent()).toBe('1');

    await rowOf('Initech').getByRole('link', { name: 'Initech' }).click();
    await openWaitingRun(page, server, await runIdOf('Initech'), 'Apply the change for Initech?');
    await decideInWindow(page, 'Approve');
    await page.getByRole('link', { name: 'its run group' }).click();
    await rowOf('Initech').getByText('Initech changed').waitFor();
    await page.getByRole('heading', { name: /Change a client across clients\s+succeeded/ }).waitFor();
    for (const client of ['Acme', 'Globex', 'Initech'])
      expect(await badgeOf(client).textContent()).toBe('succeeded');
  });

  it('compares two published versions: the changed step coloured, its field listed', async () => {
    const { draft } = await callApi(server, 'runbooks.get', { id: runbookId });
    await callApi(server, 'runbooks.publish', { id: runbookId, note: 'asks first' });
    const steps = draft.steps.map((step) =>
      step.type === 'approval' ? { ...step, message: 'May we change {{client}} tonight?' } : step,
    );
    await updateDraft(server, runbookId, { ...draft, steps });
    await callApi(server, 'runbooks.publish', { id: runbookId, note: 'names the time' });

    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
    await node('start').waitFor();
    await compareVersions(page, 'Version 1', 'Version 2');
    await node('ask').getByText('Changed').waitFor();
    expect(await node('ask').locator('.step-node').getAttribute('class')).toContain('diff-changed');
    expect(await node('health').locator('.step-node').getAttribute('class')).not.toContain('diff-');
    const changes = page
      .getByRole('list', { name: 'Changed steps and inputs' })
      .getByRole('table', { name: 'Changes of Ask the client' });
    await expect
      .poll(() => changes.getByRole('row').nth(1).innerText())
      .toMatch(/^message\s+Apply the change for \{\{client\}\}\?\s+May we change \{\{client\}\} tonight\?$/);
  });
});
