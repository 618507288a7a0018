/**
 * Run across clients in the window: a runbook whose step sends with the run's client's
 * configuration, three clients of which one's configuration points at an address the local API
 * answers 500. Run for all from the Run dialog, the group page's grid shows each client's status,
 * duration and end message, a cell opens that client's run, and Re-run failed sends again only
 * the failed client's request.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import {
  clientBaseUrl,
  createRunbook,
  seedClientApi,
  startClientsUpstream,
  type ClientsUpstream,
} from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId: string;
let integrationId: string;
let upstream: ClientsUpstream;

beforeAll(async () => {
  upstream = await startClientsUpstream();
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-clients-')) });
  const seeded = await seedClientApi(server, upstream, [
    ['Acme', 'ok'],
    ['Globex', 'ok'],
    ['Initech', 'fail'],
  ]);
  const { methodId } = seeded;
  integrationId = seeded.integrationId;
  runbookId = await createRunbook(server, 'Check client', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'health', name: 'Health', type: 'method', methodId, configuration: { mode: 'client' } },
      { id: 'ok', name: 'Healthy', type: 'end', message: '{{client}} is {{steps.health.outputs.state}}' },
      { id: 'down', name: 'Down', type: 'end', outcome: 'failed', message: '{{client}} is down' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'health' },
      { from: 'health', kind: 'success', to: 'ok' },
      { from: 'health', kind: 'failure', to: 'down' },
    ],
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  await upstream.close();
});

const received = () => upstream.received;

/** The grid's row of a client. */
const rowOf = (client: string) =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: client }) });

describe('run across clients', () => {
  it('runs for all clients from the Run dialog and shows the grid of their results', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Run runbook' });
    await dialog.getByRole('radio', { name: 'Several' }).check();
    await dialog.getByRole('searchbox', { name: 'Search clients' }).fill('glo');
    expect(await dialog.getByRole('list', { name: 'Clients to run for' }).getByRole('checkbox').count()).toBe(
      1,
    );
    await dialog.getByRole('radio', { name: 'All' }).check();
    await dialog.getByText('Every client: Acme, Globex, Initech').waitFor();
    await dialog.getByRole('spinbutton', { name: 'At once' }).fill('2');
    await dialog.getByRole('button', { name: 'Start run' }).click();

    await page.waitForURL(/#\/runs\/group\//);
    await page.getByRole('heading', { name: /Check client across clients\s+failed/ }).waitFor();
    await rowOf('Acme').getByText('Acme is healthy').waitFor();
    await rowOf('Globex').getByText('Globex is healthy').waitFor();
    await rowOf('Initech').getByText('Initech is down').waitFor();
    expect(await rowOf('Initech').locator('.run-badge').textContent()).toBe('failed');
    expect(await rowOf('Acme').locator('.run-badge').textContent()).toBe('succeeded');
    expect(await rowOf('Acme').getByRole('cell').nth(1).textContent()).toMatch(/\d+(\.\d)? m?s/);
    expect([...received()].sort()).toEqual([
      'GET /fail/Initech/health',
      'GET /ok/Acme/health',
      'GET /ok/Globex/health',
    ]);
    await saveScreenshot(page, 'run-group');
  });

  it('opens a client’s run from its cell', async () => {
    const groupUrl = page.url();
    await rowOf('Globex').getByRole('link', { name: 'Globex' }).click();
    await page.getByRole('region', { name: 'Run outcome' }).getByText('Globex is healthy').waitFor();
    await page.getByText(/client Globex/).waitFor();
    await page.getByRole('link', { name: 'its run group' }).click();
    await page.waitForURL(groupUrl);
    await rowOf('Initech').waitFor();
  });

  it('re-runs only the failed client', async () => {
    const before = received().length;
    await page.getByRole('button', { name: 'Re-run failed' }).click();
    await page.getByText('attempt 2').waitFor();
    // Its second attempt has ended once its row shows the end message again, with attempt 2.
    await rowOf('Initech')
      .filter({ has: page.getByRole('cell', { name: '2', exact: true }) })
      .filter({ hasText: 'Initech is down' })
      .waitFor();
    expect(received().slice(before)).toEqual(['GET /fail/Initech/health']);
    expect(await rowOf('Acme').getByRole('cell').last().textContent()).toBe('1');
    const groups = await callApi(server, 'runGroups.list', { runbookId });
    expect(groups).toHaveLength(1);
  });

  it('cancels a group going: its run held is cancelled, its client waiting does not start', async () => {
    await callApi(server, 'configurations.create', {
      integrationId,
      name: 'Hooli',
      clientName: 'Hooli',
      baseUrl: clientBaseUrl(upstream, 'Hooli', 'hold'),
    });
    const before = received().length;
    const group = await callApi(server, 'runGroups.start', {
      runbookId,
      clients: ['Hooli', 'Initech'],
      concurrency: 1,
    });
    await page.goto(`${server.origin}/#/runs/group/${group.id}`);
    await rowOf('Hooli').locator('.run-badge', { hasText: 'running' }).waitFor();
    // The API holds Hooli's request: the run is cancelled while it waits on it.
    await expect
      .poll(() => received().slice(before), { timeout: 10_000 })
      .toEqual(['GET /hold/Hooli/health']);
    await page.getByRole('button', { name: 'Cancel group' }).click();
    await page.getByRole('heading', { name: /Check client across clients\s+failed/ }).waitFor();
    expect(await rowOf('Hooli').locator('.run-badge').textContent()).toBe('cancelled');
    expect(await rowOf('Initech').locator('.run-badge').textContent()).toBe('not started');
    await rowOf('Initech').getByText('Cancelled before it started.').waitFor();
    expect(await page.getByRole('button', { name: 'Cancel group' }).count()).toBe(0);
    expect(received().slice(before)).toEqual(['GET /hold/Hooli/health']);
  });
});
