/**
 * Names, descriptions and addresses of the longest length the app takes, written without a space
 * (snake_case names, ids, URLs are): every page wraps or cuts them inside its own width. Before,
 * the run page's title ran 1,700 px past the window, the runs list's table pushed its status
 * column out of sight, and an integration's description ran off the page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import {
  createRunbook,
  seedClientApi,
  startClientsUpstream,
  type ClientsUpstream,
} from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let integrationId: string;
let methodId: string;
let runbookId: string;
let runId: string;
let groupId: string;
let upstream: ClientsUpstream;
const client = `client_${'abcdefghij'.repeat(10)}`.slice(0, 100);

/** `count` characters of one unbroken word. */
const unbroken = (prefix: string, count: number) =>
  `${prefix}_${'abcdefghij'.repeat(Math.ceil(count / 10))}`.slice(0, count);

/**
 * What overflows its box on the page: each element (outside the canvases, which pan what they
 * draw) whose content is wider than it while it neither scrolls nor clips it. Run in the page.
 */
const overflowing = `(() => {
  const found = [];
  for (const element of document.querySelectorAll('#main *, [role=dialog] *')) {
    if (element.closest('.react-flow__viewport, .react-flow__minimap, svg') !== null) continue;
    if (element.matches('.react-flow__renderer, .react-flow__pane')) continue;
    const style = getComputedStyle(element);
    if (['inline', 'contents', 'none'].includes(style.display) || style.overflowX !== 'visible') continue;
    if (element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1) {
      const classes = [...element.classList].map((name) => '.' + name).join('');
      found.push(element.tagName.toLowerCase() + classes + ' ' + element.scrollWidth + ' px in ' + element.clientWidth);
    }
  }
  return found;
})()`;

async function expectNothingOverflows(screen: string) {
  await saveScreenshot(page, `long-names-${screen}`);
  expect(await page.evaluate<string[]>(overflowing), screen).toEqual([]);
}

async function open(hash: string, ready: string) {
  await page.goto(`${server.origin}/${hash}`);
  await page.locator(ready).first().waitFor();
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-long-names-')) });
  const integration = await callApi(server, 'integrations.create', {
    details: {
      name: unbroken('integration', 100),
      category: 'Other',
      description: unbroken('description', 600),
    },
  } as never);
  integrationId = integration.id;
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: `http://127.0.0.1:9/${unbroken('base', 300)}` },
  } as never);
  await callApi(server, 'configurations.create', {
    integrationId,
    name: unbroken('configuration', 100),
  } as never);
  const method = await callApi(server, 'methods.create', {
    integrationId,
    definition: {
      name: unbroken('method', 200),
      httpMethod: 'GET',
      path: `/${unbroken('path', 300)}/{id}`,
    },
  } as never);
  methodId = method.id;
  runbookId = await createRunbook(server, unbroken('runbook', 200), {
    inputs: [
      {
        name: unbroken('input', 64),
        type: 'string',
        defaultValue: unbroken('default', 300),
        description: unbroken('about', 500),
      },
    ],
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'get', name: unbroken('get_step', 200), type: 'method', methodId, arguments: { id: '42' } },
      { id: 'done', name: unbroken('done_step', 200), type: 'end', message: unbroken('message', 500) },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'get' },
      { from: 'get', kind: 'success', to: 'done' },
      { from: 'get', kind: 'failure', to: 'done' },
    ],
    positions: { start: { x: 0, y: 0 }, get: { x: 0, y: 140 }, done: { x: 0, y: 280 } },
  });
  await callApi(server, 'runbooks.publish', { id: runbookId, note: unbroken('note', 2_000) });
  ({ runId } = await callApi(server, 'runs.start', { runbookId, inputs: {} } as never));
  // A client named with 100 characters, run across clients: the run group page and the runs list.
  upstream = await startClientsUpstream();
  const clients = await seedClientApi(server, upstream, [[client, 'ok']]);
  const healthRunbook = await createRunbook(server, unbroken('health_runbook', 200), {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'health', name: 'Health', type: 'method', methodId: clients.methodId, arguments: {} },
      { id: 'done', name: 'Done', type: 'end' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'health' },
      { from: 'health', kind: 'success', to: 'done' },
      { from: 'health', kind: 'failure', to: 'done' },
    ],
    positions: { start: { x: 0, y: 0 }, health: { x: 0, y: 140 }, done: { x: 0, y: 280 } },
  });
  ({ id: groupId } = await callApi(server, 'runGroups.start', {
    runbookId: healthRunbook,
    clients: [client],
  } as never));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  // The run has ended (its request is refused at once: nothing listens on port 9).
  for (let tries = 0; tries < 150; tries += 1) {
    const { status } = await callApi(server, 'runs.get', { id: runId });
    if (status !== 'queued' && status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await upstream?.close();
});

describe('the longest names without a space', () => {
  it('stay inside the integrations list and each tab of the integration', async () => {
    await open('#/integrations', '.card-grid .card:not(.card-skeleton)');
    await expectNothingOverflows('integrations');
    for (const tab of ['', '/connection', '/configurations', '/methods', '/calls']) {
      await open(`#/integrations/${integrationId}${tab}`, 'h1');
      await page.waitForTimeout(300);
      await expectNothingOverflows(`integration${tab.replace('/', '-')}`);
    }
  });

  it('stay inside the dialog that asks before deleting the integration, and the settings', async () => {
    await open(`#/integrations/${integrationId}`, 'h1');
    await page.getByRole('button', { name: 'Delete' }).first().click();
    await page.getByRole('dialog').waitFor();
    await page.waitForTimeout(300);
    await expectNothingOverflows('delete-integration');
    await page.keyboard.press('Escape');
    await open('#/settings', 'h1');
    await page.waitForTimeout(300);
    await expectNothingOverflows('settings');
  });

  it('stay inside the method editor', async () => {
    await open(`#/integrations/${integrationId}/method/${methodId}`, 'h1');
    await page.waitForTimeout(300);
    await expectNothingOverflows('method');
  });

  it('stay inside the runbooks list and the designer, with each step selected', async () => {
    await open('#/runbooks', 'h1');
    await page.waitForTimeout(300);
    await expectNothingOverflows('runbooks');
    await open(`#/runbooks/${runbookId}`, '.react-flow__node');
    for (const step of ['get', 'done']) {
      await page.locator(`.react-flow__node[data-id="${step}"]`).click();
      await page.waitForTimeout(300);
      await expectNothingOverflows(`designer-${step}`);
    }
  });

  it('stay inside the Start step, the Run dialog and the versions of the designer', async () => {
    await open(`#/runbooks/${runbookId}`, '.react-flow__node');
    await page.locator('.react-flow__node[data-id="start"]').click();
    await page.waitForTimeout(300);
    await expectNothingOverflows('designer-start');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('dialog').waitFor();
    await expectNothingOverflows('run-dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByRole('dialog').waitFor();
    await page.waitForTimeout(300);
    await expectNothingOverflows('versions');
    await page.keyboard.press('Escape');
  });

  it('stay inside the run page and the runs list', async () => {
    await open(`#/runs/${runId}`, '.run-steps');
    await page.waitForTimeout(300);
    await expectNothingOverflows('run');
    await open('#/runs', 'table');
    await page.waitForTimeout(300);
    await expectNothingOverflows('runs');
    await open(`#/runs/group/${groupId}`, 'table');
    await page.waitForTimeout(300);
    await expectNothingOverflows('run-group');
  });
});
