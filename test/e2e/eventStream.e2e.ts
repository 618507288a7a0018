/**
 * The window's event stream, in Chromium behind a proxy that can cut it: after the stream is
 * lost and comes back, a change made while the window heard nothing shows; and a burst of events
 * about one answer reads it a bounded number of times, whatever the number of events (the test
 * counts the window's calls).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { startDroppingProxy, type DroppingProxy } from './support/droppingProxy';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

/** Changes in the burst, each one integrations.changed event. */
const burstSize = 200;

let server: ServeProcess;
let proxy: DroppingProxy;
let browser: Browser;
let page: Page;
const calls: string[] = [];
const callsOf = (name: string) => calls.filter((call) => call === name).length;

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-events-')) });
  proxy = await startDroppingProxy();
  browser = await launchChromium();
  // '<-loopback>': the app is on 127.0.0.1, which browsers reach without a proxy unless told.
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    proxy: { server: proxy.server, bypass: '<-loopback>' },
  });
  page = await context.newPage();
  page.on('request', (request) => {
    const name = /\/api\/([\w.]+)$/.exec(new URL(request.url()).pathname)?.[1];
    if (name !== undefined) calls.push(name);
  });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await proxy.close();
  await server.stop();
});

describe('the event stream', () => {
  it('shows, once it is back, what changed while it was cut', async () => {
    await callApi(server, 'integrations.create', { details: { name: 'Before the cut', category: 'Other' } });
    await page.goto(`${server.origin}/#/integrations`);
    // Read afresh: the window may have opened its stream after the create.
    await page.reload();
    const main = page.getByRole('main');
    await main.getByText('Before the cut').waitFor();
    proxy.drop();
    // Made while the window's stream is cut (its reconnection waits at the proxy): no event reaches it.
    await callApi(server, 'integrations.create', { details: { name: 'During the cut', category: 'Other' } });
    const listReads = callsOf('integrations.list');
    proxy.resume();
    await main.getByText('During the cut').waitFor();
    expect(callsOf('integrations.list')).toBeGreaterThan(listReads);
  });

  it(`reads an answer a bounded number of times for a burst of ${String(burstSize)} events`, async () => {
    const { id } = await callApi(server, 'integrations.create', {
      details: { name: 'Burst 0', category: 'Other' },
    });
    await page.goto(`${server.origin}/#/integrations/${id}/methods`);
    await page.getByRole('heading', { name: 'Burst 0' }).waitFor();
    // The first read the burst causes is held until the burst is over, so reads cannot keep pace by chance.
    const held: Route[] = [];
    let isHolding = true;
    await page.route('**/api/integrations.get', (route) => {
      if (isHolding) held.push(route);
      else void route.continue();
    });
    const readsBefore = callsOf('integrations.get');
    for (let change = 1; change <= burstSize; change += 1) {
      await callApi(server, 'integrations.update', {
        id,
        details: { name: `Burst ${String(change)}`, category: 'Other' },
      });
    }
    // A later event on the same stream: once it shows, every event of the burst has been heard.
    await callApi(server, 'methods.create', {
      integrationId: id,
      definition: { name: 'After the burst', httpMethod: 'GET', path: '/after' },
    });
    await page.getByRole('main').getByText('After the burst').first().waitFor();
    isHolding = false;
    for (const route of held) await route.continue();
    await page.getByRole('heading', { name: `Burst ${String(burstSize)}` }).waitFor();
    // The read in flight, and one more for what changed while it was out.
    expect(callsOf('integrations.get') - readsBefore).toBe(2);
  });
});
