/**
 * In Chromium against `npm run serve`: a wait for the rate limit is shown wherever the waiting
 * step is — on its card of the run page's canvas, on the Run runbook step of the run that started
 * the waiting run, on the run page of a second `serve` on the same data folder — and a method's
 * Test says "Waiting…" while it waits, "Sending…" once its request has left.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type LocalServer } from '../../electron/services/http/testSupport/localServers';
import { oneStepDraft } from '../../electron/services/testSupport/drafts';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let dataDirectory = '';
let server: ServeProcess;
let target: LocalServer;
let browser: Browser;
let page: Page;
let acmeId = '';
let acmeMethodId = '';
let globexId = '';
let globexMethodId = '';
let pingRunbookId = '';
let parentRunbookId = '';
let globexRunbookId = '';
/** Requests to /ping that reached the API. */
let pings = 0;
/** Requests to /held the API holds until the test answers them (or answers at once, when told to). */
const held: http.ServerResponse[] = [];
let heldArrivals = 0;
let isAnsweringHeldAtOnce = false;

const waitNote = 'Waiting for the rate limit of Acme PSA (1 request a minute)';

/** Creates an integration on the local API with these limits, and a GET method on it. */
async function limitedIntegration(name: string, limits: Record<string, number | null>, methodPath: string) {
  const { id } = await callApi(server, 'integrations.create', { details: { name, category: 'Other' } });
  await callApi(server, 'integrations.updateDefinition', {
    id,
    definition: {
      baseUrl: target.url,
      behaviour: {
        rateLimits: { requestsPerSecond: null, requestsPerMinute: null, concurrentRequests: null, ...limits },
      },
    },
  });
  const method = await callApi(server, 'methods.create', {
    integrationId: id,
    definition: { name: 'Ping', httpMethod: 'GET', path: methodPath },
  });
  return { id, methodId: method.id };
}

beforeAll(async () => {
  target = await listen(
    http.createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/held') {
        heldArrivals += 1;
        if (isAnsweringHeldAtOnce) response.end('{}');
        else held.push(response);
        return;
      }
      pings += 1;
      response.end('{"ok":true}');
    }),
  );
  dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-wait-everywhere-'));
  server = await startServe({ dataDirectory });
  ({ id: acmeId, methodId: acmeMethodId } = await limitedIntegration(
    'Acme PSA',
    { requestsPerMinute: 1 },
    '/ping',
  ));
  ({ id: globexId, methodId: globexMethodId } = await limitedIntegration(
    'Globex',
    { concurrentRequests: 1 },
    '/held',
  ));
  ({ id: pingRunbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Ping Acme' } }));
  await callApi(server, 'runbooks.update', {
    id: pingRunbookId,
    draft: oneStepDraft({ id: 'ping', name: 'Ping', type: 'method', methodId: acmeMethodId }, 140),
  });
  ({ id: parentRunbookId } = await callApi(server, 'runbooks.create', {
    details: { name: 'Nightly checks' },
  }));
  await callApi(server, 'runbooks.update', {
    id: parentRunbookId,
    draft: oneStepDraft(
      { id: 'check', name: 'Check Acme', type: 'runRunbook', runbookId: pingRunbookId },
      140,
    ),
  });
  ({ id: globexRunbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Ping Globex' } }));
  await callApi(server, 'runbooks.update', {
    id: globexRunbookId,
    draft: oneStepDraft({ id: 'hold', name: 'Hold', type: 'method', methodId: globexMethodId }, 140),
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  // The minute's one request to Acme PSA: whatever comes next waits for it.
  const first = await callApi(server, 'methods.test', {
    integrationId: acmeId,
    methodId: acmeMethodId,
    definition: { name: 'Ping', httpMethod: 'GET', path: '/ping' },
  });
  if (first.response?.status !== 200) throw new Error('The first request did not go through.');
});

afterAll(async () => {
  for (const response of held.splice(0)) response.end('{}');
  await browser?.close();
  await server?.stop();
  await target?.close();
});

/** The wait's mark on a step's card of the run page's canvas. */
const cardWait = (stepId: string) =>
  page.locator(`.run-canvas .react-flow__node[data-id="${stepId}"] .step-wait`);

/** A Test of Globex's method through the API: /held keeps it, and Globex's one place, until answered. */
const globexHeldTest = () =>
  callApi(server, 'methods.test', {
    integrationId: globexId,
    methodId: globexMethodId,
    definition: { name: 'Ping', httpMethod: 'GET', path: '/held' },
  });

/** Opens the designer's Test step of "Hold" from its inspector and sends it; answers the dialog. */
async function sendStepTest() {
  await page.locator(`${stepSelector('hold')} .step-name`).click();
  await page
    .getByRole('complementary', { name: 'Inspector' })
    .getByRole('button', { name: 'Test step' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Test step · Hold' });
  await dialog.getByRole('button', { name: 'Send test request' }).click();
  return dialog;
}

/** Cancels the run from its page and waits for it to end so. */
async function cancelFromPage(runId: string, on: ServeProcess = server) {
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await expect
    .poll(async () => (await callApi(on, 'runs.get', { id: runId })).status, { timeout: 10_000 })
    .toBe('cancelled');
}

describe('a wait for the rate limit, wherever the waiting step is shown', () => {
  it("is marked on the waiting step's card of the run page's canvas, the whole note as its text, until the wait ends", async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId: pingRunbookId, inputs: {} });
    await page.goto(`${server.origin}/#/runs/${runId}`);
    await cardWait('ping').waitFor();
    expect(await cardWait('ping').getAttribute('title')).toBe(waitNote);
    expect(await cardWait('ping').textContent()).toContain(waitNote);
    await saveScreenshot(page, 'rate-limit-wait-card');

    await cancelFromPage(runId);
    await cardWait('ping').waitFor({ state: 'detached' });
    expect(pings).toBe(1);
  });

  it("is shown on the parent's Run runbook step, naming the child's step and runbook", async () => {
    const { runId } = await callApi(server, 'runs.start', { runbookId: parentRunbookId, inputs: {} });
    await page.goto(`${server.origin}/#/runs/${runId}`);
    const inChild = `${waitNote}, at step "Ping" of runbook "Ping Acme"`;
    await page.locator('.run-records').getByRole('status').filter({ hasText: inChild }).waitFor();
    await cardWait('check').waitFor();
    expect(await cardWait('check').getAttribute('title')).toBe(inChild);
    await saveScreenshot(page, 'rate-limit-wait-parent');

    await cancelFromPage(runId);
    await cardWait('check').waitFor({ state: 'detached' });
    expect(await page.getByRole('status').filter({ hasText: waitNote }).count()).toBe(0);
    expect(pings).toBe(1);
  });

  it('is shown on the run page of another process on the data folder', async () => {
    const other = await startServe({ dataDirectory });
    try {
      // The page signs in to the other process with its token first.
      await page.goto(other.url);
      const { runId } = await callApi(server, 'runs.start', { runbookId: pingRunbookId, inputs: {} });
      // The run's row reaches the disk a moment after it starts (written behind).
      await expect
        .poll(
          () =>
            callApi(other, 'runs.get', { id: runId }).then(
              () => true,
              () => false,
            ),
          { timeout: 10_000 },
        )
        .toBe(true);
      await page.goto(`${other.origin}/#/runs/${runId}`);
      await page.getByRole('status').filter({ hasText: waitNote }).waitFor();
      await cardWait('ping').waitFor();
      await saveScreenshot(page, 'rate-limit-wait-elsewhere');

      await cancelFromPage(runId, other);
      await page.getByRole('status').filter({ hasText: waitNote }).waitFor({ state: 'detached' });
      await cardWait('ping').waitFor({ state: 'detached' });
      expect(pings).toBe(1);
    } finally {
      await other.stop();
    }
  });

  it('says "Waiting…" on the Test button while the Test waits, and "Sending…" once its request left', async () => {
    await page.goto(`${server.origin}/#/integrations/${globexId}/method/${globexMethodId}`);
    // Globex takes one request at a time: this one, held by the API, takes the place.
    const first = globexHeldTest();
    await expect.poll(() => held.length, { timeout: 10_000 }).toBe(1);

    await page.getByRole('button', { name: 'Send test request' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Waiting for the rate limit of Globex (1 at a time)' })
      .waitFor();
    await page.getByRole('button', { name: 'Waiting…' }).waitFor();
    await saveScreenshot(page, 'rate-limit-wait-test-button');

    held.shift()?.end('{}');
    await first;
    await expect.poll(() => held.length, { timeout: 10_000 }).toBe(1);
    await page.getByRole('button', { name: 'Sending…' }).waitFor();
    expect(await page.getByRole('button', { name: 'Waiting…' }).count()).toBe(0);

    held.shift()?.end('{"ok":true}');
    await page.getByRole('button', { name: 'Send test request' }).waitFor();
    expect(await page.evaluate(`document.activeElement.textContent`)).toBe('Send test request');
  });

  it("says so in the designer's Test step while it waits, and its Cancel sends nothing", async () => {
    await page.goto(`${server.origin}/#/runbooks/${globexRunbookId}`);
    await waitForStillCanvas(page);
    const first = globexHeldTest();
    await expect.poll(() => held.length, { timeout: 10_000 }).toBe(1);
    const dialog = await sendStepTest();
    await dialog
      .getByRole('status')
      .filter({ hasText: 'Waiting for the rate limit of Globex (1 at a time)' })
      .waitFor();
    await dialog.getByRole('button', { name: 'Waiting…' }).waitFor();
    await saveScreenshot(page, 'rate-limit-wait-step-test');

    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog
      .getByText('Cancelled while the request waited for the rate limit: it was not sent.')
      .waitFor();
    await dialog.getByRole('button', { name: 'Send test request' }).waitFor();
    expect(await page.evaluate(`document.activeElement.textContent`)).toBe('Send test request');
    held.shift()?.end('{}');
    await first;
    expect(held).toHaveLength(0);
  });

  it('gives up the place of a Test still waiting when its dialog is closed: nothing is sent later', async () => {
    // Away and back: the designer opens anew, without the dialog the test before left open.
    await page.goto(`${server.origin}/#/runs`);
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    await page.goto(`${server.origin}/#/runbooks/${globexRunbookId}`);
    await waitForStillCanvas(page);
    const first = globexHeldTest();
    await expect.poll(() => held.length, { timeout: 10_000 }).toBe(1);
    const dialog = await sendStepTest();
    await dialog.getByRole('button', { name: 'Waiting…' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The place freed: a Test still waiting would take it and be sent now. One sent after it gets
    // the place only once everything queued before it has gone; it is the only one to arrive.
    const arrivedBefore = heldArrivals;
    isAnsweringHeldAtOnce = true;
    held.shift()?.end('{}');
    await first;
    await globexHeldTest();
    isAnsweringHeldAtOnce = false;
    expect(heldArrivals - arrivedBefore).toBe(1);
  });
});
