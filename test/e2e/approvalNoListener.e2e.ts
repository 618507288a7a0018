/**
 * A Wait for approval whose Notify request carries {{approval.link}}, in an app whose webhook
 * listener could not start (its saved port was taken while the app was closed): Test Notify says a
 * run would not send the request now, and a run indeed does not send it — its waiting page says
 * why and the run is decided in the window meanwhile.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decideInWindow,
  openWaitingRun,
  runStatusOf,
  seedAskTheChat,
  startChat,
  type ChatUpstream,
} from './support/approvals';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess | undefined;
let squatter: net.Server | undefined;
/** The webhook port the first start saved (the one taken before the second). */
let webhookPort = 0;
let chat: ChatUpstream | undefined;
let browser: Browser | undefined;
let page: Page;
let runbookId = '';
/** The app as restarted without its listener. */
const served = (): ServeProcess => {
  if (server === undefined) throw new Error('serve did not start');
  return server;
};
/** Every body the chat got. */
const bodies = (): string[] => chat?.bodies ?? [];

const listening = (created: net.Server, port: number) =>
  new Promise<void>((resolve, reject) => {
    created.once('error', reject);
    created.listen(port, '127.0.0.1', () => resolve());
  });

beforeAll(async () => {
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-no-listener-'));
  chat = await startChat();

  // The first start picks a free webhook port and saves it.
  const first = await startServe({ dataDirectory });
  try {
    // Saved once the listener is bound (up to 10 s).
    for (let tries = 0; webhookPort === 0 && tries < 100; tries += 1) {
      webhookPort = (await callApi(first, 'settings.get', {})).webhookPort;
      if (webhookPort === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (webhookPort === 0) throw new Error('the first start saved no webhook port');
    runbookId = await seedAskTheChat(first, chat.url, 'wait');
  } finally {
    await first.stop();
  }

  // While the app is closed, another program takes the port; the next start cannot listen.
  // (The stopped app's last process may hold the port a moment longer: tried for up to 10 s.)
  squatter = net.createServer((socket) => socket.destroy());
  for (let tries = 0; ; tries += 1) {
    try {
      await listening(squatter, webhookPort);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || tries >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  server = await startServe({ dataDirectory });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((resolve) =>
    squatter === undefined ? resolve() : squatter.close(() => resolve()),
  );
  await chat?.close();
});

describe('Notify while the webhook listener is not running', () => {
  it('says why there is no listener, where the triggers are shown', async () => {
    const { webhook } = await callApi(served(), 'runbooks.triggers', { id: runbookId });
    expect(webhook.url).toBeNull();
    expect(webhook.error).toMatch(/is already in use; choose another port/);
  });

  it('Test Notify warns that a run would not send the request now, and still sends the test', async () => {
    await page.goto(`${served().origin}/#/runbooks/${runbookId}`);
    await page.locator('.react-flow__node', { hasText: 'Ask in the chat' }).click();
    await page.getByRole('button', { name: 'Test Notify' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test Notify · Ask in the chat' });
    await dialog
      .getByRole('note')
      .getByText(/A run would not send this request now: \{\{approval\.link\}\} needs the webhook listener/)
      .waitFor();
    await saveScreenshot(page, 'approval-notify-no-listener');
    await dialog.getByRole('button', { name: 'Send test request' }).click();
    await dialog.getByRole('status').getByText('201').waitFor();
    expect(bodies().map((body) => JSON.parse(body) as unknown)).toEqual([
      { text: 'Deploy? Decide at https://approval-link.invalid/made-when-a-run-waits' },
    ]);
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('a run does not send it, says why on its waiting page, and is decided in the window', async () => {
    const sentBefore = bodies().length;
    const { runId } = await callApi(served(), 'runs.start', { runbookId });
    await openWaitingRun(page, served(), runId, 'Deploy?');
    await page
      .getByRole('region', { name: 'Waiting for approval' })
      .getByText(/Notify request failed: Not sent: \{\{approval\.link\}\} needs the webhook listener/)
      .waitFor();
    expect(bodies().length).toBe(sentBefore);
    await decideInWindow(page, 'Approve');
    await expect.poll(() => runStatusOf(served(), runId)).toBe('succeeded');
  });

  it('Settings → Webhooks says so and why; once the port is free, Listen again keeps the address, and Test Notify stops warning', async () => {
    // The runbook's webhook says why it has no address, and where to mend it.
    await page.goto(`${served().origin}/#/runbooks/${runbookId}`);
    await page.locator('.react-flow__node[data-id="start"]').click();
    await page.getByRole('checkbox', { name: 'Webhook' }).check();
    const noAddress = page.locator('.trigger-url').getByRole('alert');
    await noAddress.getByText(/is already in use; choose another port\./).waitFor();
    await noAddress.getByRole('link', { name: 'Settings → Webhooks' }).click();
    const webhooks = page.getByRole('region', { name: 'Webhooks' });
    await webhooks.getByText('Not listening: webhooks and approval links do not reach the app.').waitFor();
    await webhooks.getByText(/Port \d+ on 127\.0\.0\.1 is already in use; choose another port\./).waitFor();
    // The approval's notice goes by itself; the screenshot is of the settings.
    await page.locator('.notice').first().waitFor({ state: 'detached' });
    await saveScreenshot(page, 'settings-not-listening');
    // Tried again while the other program still holds the port: said at the port field.
    const again = webhooks.getByRole('button', { name: 'Listen again' });
    await again.click();
    await webhooks
      .getByText(`Port ${String(webhookPort)} on 127.0.0.1 is already in use; choose another port.`, {
        exact: true,
      })
      .waitFor();
    expect(await webhooks.getByLabel('Webhook port').getAttribute('aria-invalid')).toBe('true');
    // Once it lets go, the same address: the webhook addresses given to senders stay right.
    await new Promise<void>((resolve) => squatter?.close(() => resolve()));
    squatter = undefined;
    await again.click();
    const listeningAt = webhooks.locator('.webhook-listener code');
    await listeningAt.waitFor();
    expect(await listeningAt.innerText()).toBe(`http://127.0.0.1:${String(webhookPort)}`);
    expect(await webhooks.getByText('Not listening', { exact: false }).count()).toBe(0);
    expect((await callApi(served(), 'settings.get', {})).webhookPort).toBe(webhookPort);
    expect(await webhooks.getByRole('button', { name: 'Save address' }).isDisabled()).toBe(true);

    // The designer reads the listener again: a run would send the request now.
    await page.getByRole('link', { name: 'Runbooks' }).click();
    await page
      .getByRole('link', { name: /Ask the chat/ })
      .first()
      .click();
    await page.locator('.react-flow__node', { hasText: 'Ask in the chat' }).click();
    await page.getByRole('button', { name: 'Test Notify' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test Notify · Ask in the chat' });
    await dialog.getByRole('button', { name: 'Send test request' }).waitFor();
    expect(await dialog.getByRole('note').count()).toBe(0);
  });
});
