/**
 * Debugging a run in the designer, in Chromium against the headless server and a real local API:
 * two breakpoints set (F9 and the inspector's switch, each a red dot), Debug with the Run dialog's
 * inputs, paused at the first with the run context and the step's resolved fields shown, Continue
 * (F8) to the second, Step over (F10), Continue to the end — and a second debug run stopped at
 * its first pause. The API receives exactly the requests of the steps passed.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput } from '../../shared/api/contract';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector } from './support/canvas';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let upstream: http.Server;
/** `METHOD /path` of every request the API received, in order. */
const received: string[] = [];
let runbookId = '';

async function startUpstream(): Promise<string> {
  upstream = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push(`${request.method ?? ''} ${request.url ?? ''}`);
      const who = /\/users\/(\w+)/.exec(request.url ?? '')?.[1] ?? 'someone';
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'T-7', email: `${who}@example.com` }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`;
}

/** Look the user up, open a ticket, keep its id, notify, end. */
async function createRunbook(upstreamUrl: string): Promise<string> {
  const { id: integrationId } = await callApi(server, 'integrations.create', {
    details: { name: 'Service desk', category: 'Other' },
  });
  await callApi(server, 'integrations.updateDefinition', {
    id: integrationId,
    definition: { baseUrl: upstreamUrl, behaviour: { retry: { isEnabled: false } } },
  });
  const method = async (definition: CallInput<'methods.create'>['definition']) =>
    (await callApi(server, 'methods.create', { integrationId, definition })).id;
  const lookup = await method({
    name: 'Lookup',
    httpMethod: 'GET',
    path: '/users/{{who}}',
    outputs: [{ name: 'email', expression: '$.email' }],
  });
  const open = await method({
    name: 'Open ticket',
    httpMethod: 'POST',
    path: '/tickets',
    body: { kind: 'json', text: '{"title": "{{title}}"}' },
    outputs: [{ name: 'ticketId', expression: '$.id' }],
  });
  const notify = await method({ name: 'Notify', httpMethod: 'POST', path: '/notify' });
  const { id } = await callApi(server, 'runbooks.create', { details: { name: 'Open a ticket' } });
  await callApi(server, 'runbooks.update', {
    id,
    draft: {
      inputs: [{ name: 'who', type: 'string', defaultValue: 'ada' }],
      steps: [
        { id: 'start', name: 'Start', type: 'start' },
        {
          id: 'lookup',
          name: 'Lookup',
          type: 'method',
          methodId: lookup,
          arguments: { who: '{{inputs.who}}' },
        },
        {
          id: 'open',
          name: 'Open',
          type: 'method',
          methodId: open,
          arguments: { title: 'For {{steps.lookup.outputs.email}}' },
        },
        {
          id: 'keep',
          name: 'Keep',
          type: 'setVariables',
          assignments: [{ name: 'ticket', value: '{{steps.open.outputs.ticketId}}' }],
        },
        { id: 'notify', name: 'Notify', type: 'method', methodId: notify },
        { id: 'done', name: 'Done', type: 'end', message: 'Opened {{vars.ticket}}' },
      ],
      edges: [
        { from: 'start', kind: 'next', to: 'lookup' },
        { from: 'lookup', kind: 'success', to: 'open' },
        { from: 'open', kind: 'success', to: 'keep' },
        { from: 'keep', kind: 'next', to: 'notify' },
        { from: 'notify', kind: 'success', to: 'done' },
      ],
    },
  });
  return id;
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-debug-run-')) });
  runbookId = await createRunbook(await startUpstream());
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // The address with its sign-in first, then the designer.
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('start')).waitFor();
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

const debugBar = () => page.getByRole('toolbar', { name: 'Debugger' });
const where = () => debugBar().getByRole('status');
const runState = () => page.locator('.designer-run .run-status');
const context = () => page.getByRole('complementary', { name: 'Run context' });
const breakpointDot = (stepId: string) => page.locator(`${stepSelector(stepId)} .step-breakpoint`);
const selectStep = (stepId: string) => page.locator(`${stepSelector(stepId)} .step-name`).click();

/** Starts a debug run through the Run dialog (the runbook has an input) with `who`. */
async function debugWith(who: string): Promise<void> {
  await page.getByRole('button', { name: 'Debug', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Debug runbook' });
  await dialog.getByLabel('who').fill(who);
  await dialog.getByRole('button', { name: 'Start debugging' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('debugging a run in the designer', () => {
  it('sets breakpoints with F9 and the inspector, shown as red dots', async () => {
    await selectStep('open');
    await page.keyboard.press('F9');
    await breakpointDot('open').waitFor();
    await selectStep('notify');
    const toggle = page
      .getByRole('complementary', { name: 'Inspector' })
      .getByRole('button', { name: 'Breakpoint' });
    await toggle.click();
    await breakpointDot('notify').waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    // Set twice, cleared: F9 on the selected step takes it off again, and on again.
    await page.keyboard.press('F9');
    await breakpointDot('notify').waitFor({ state: 'detached' });
    await page.keyboard.press('F9');
    await breakpointDot('notify').waitFor();
    expect(await page.locator('.step-breakpoint').count()).toBe(2);
  });

  it('pauses at the first breakpoint with the run context and the resolved fields', async () => {
    await debugWith('grace');
    await expect.poll(() => where().textContent()).toBe('Paused before “Open” (breakpoint)');
    await page.locator(`${stepSelector('open')} .step-node.is-paused`).waitFor();
    await context().getByRole('heading', { name: 'Paused before “Open”' }).waitFor();
    const fields = context().getByRole('region', { name: 'Fields of this step' });
    await fields.getByText('For {{steps.lookup.outputs.email}}').waitFor();
    await fields.getByText('"For grace@example.com"').waitFor();
    // As the run page shows a value: in its JSON tree, coloured as a text, not as bare code.
    expect(await fields.locator('.json-tree .json-text.json-string').allTextContents()).toEqual([
      '"For grace@example.com"',
    ]);
    await context().getByRole('region', { name: 'Inputs' }).getByText('grace').first().waitFor();
    await context()
      .getByRole('region', { name: 'Earlier steps' })
      .getByText('grace@example.com')
      .first()
      .waitFor();
    expect(await runState().textContent()).toBe('Run: running');
    expect(received).toEqual(['GET /users/grace']);
    await saveScreenshot(page, 'designer-debug-paused');
  });

  it('continues (F8) to the second breakpoint, steps over (F10) and continues to the end', async () => {
    await page.keyboard.press('F8');
    await expect.poll(() => where().textContent()).toBe('Paused before “Notify” (breakpoint)');
    await context().getByRole('region', { name: 'Variables' }).getByText('T-7').first().waitFor();
    expect(received).toEqual(['GET /users/grace', 'POST /tickets']);

    await page.keyboard.press('F10');
    await expect.poll(() => where().textContent()).toBe('Paused before “Done”');
    await context().getByRole('region', { name: 'Fields of this step' }).getByText('"Opened T-7"').waitFor();
    expect(received).toEqual(['GET /users/grace', 'POST /tickets', 'POST /notify']);

    await debugBar()
      .getByRole('button', { name: /Continue/ })
      .click();
    await expect.poll(() => runState().textContent()).toBe('Run: succeeded');
    await debugBar().waitFor({ state: 'detached' });
    // The inspector is back, and the canvas shows the steps' live states as after any run.
    await page.getByRole('complementary', { name: 'Inspector' }).waitFor();
    await page.locator(`${stepSelector('done')} .live-succeeded`).waitFor();
    expect(await page.locator('.step-node.is-paused').count()).toBe(0);
    const [run] = await callApi(server, 'runs.list', { runbookId });
    expect(run).toMatchObject({ status: 'succeeded' });
    expect(await runState().getAttribute('href')).toBe(`#/runs/${run?.id ?? ''}`);
  });

  it('stops a debug run at its first pause, as cancelled, sending nothing more', async () => {
    received.length = 0;
    await debugWith('ada');
    await expect.poll(() => where().textContent()).toBe('Paused before “Open” (breakpoint)');
    await debugBar().getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => runState().textContent()).toBe('Run: cancelled');
    await debugBar().waitFor({ state: 'detached' });
    expect(received).toEqual(['GET /users/ada']);
    const [run] = await callApi(server, 'runs.list', { runbookId });
    expect(run).toMatchObject({ status: 'cancelled', error: 'Stopped in the debugger.' });
  });

  it('pans the step it pauses before into view, clear of the map, in a small window', async () => {
    // The view framed for 1,280 × 800 stays as it was: the lower steps are now under the map or out of sight.
    await page.setViewportSize({ width: 900, height: 600 });
    await debugWith('ada');
    await expect.poll(() => where().textContent()).toBe('Paused before “Open” (breakpoint)');
    await page.keyboard.press('F8');
    await expect.poll(() => where().textContent()).toBe('Paused before “Notify” (breakpoint)');
    const boxOf = async (selector: string) => {
      const box = await page.locator(selector).boundingBox();
      if (box === null) throw new Error(`${selector} is not shown`);
      return { left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height };
    };
    type Box = Awaited<ReturnType<typeof boxOf>>;
    const overlaps = (a: Box, b: Box) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    // Once the pan (200 ms) is over: the step whole in the canvas, nothing of it under the map.
    await expect
      .poll(async () => {
        const step = await boxOf(`${stepSelector('notify')} .step-node`);
        const canvas = await boxOf('.designer-canvas');
        const map = await boxOf('.designer-canvas .react-flow__minimap');
        const isInside =
          step.left >= canvas.left &&
          step.right <= canvas.right &&
          step.top >= canvas.top &&
          step.bottom <= canvas.bottom;
        return isInside && !overlaps(step, map);
      })
      .toBe(true);
    // Drawn compact on a canvas this small: 120 × 90 instead of 200 × 150.
    expect(await page.locator('.designer-canvas .react-flow__minimap svg').getAttribute('width')).toBe('120');
    await saveScreenshot(page, 'designer-debug-paused-small-window');
    await debugBar().getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => runState().textContent()).toBe('Run: cancelled');
  });
});
