/** The headless shell as scripts see it: the first line, the token, GET /api, restarts. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { callNames } from '../../shared/api/contract';
import { launchChromium } from './support/browser';
import { startServe, type ServeProcess } from './support/serveProcess';

const running: ServeProcess[] = [];
const temporaryDirectory = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-'));

async function serve(dataDirectory: string): Promise<ServeProcess> {
  const server = await startServe({ dataDirectory });
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

describe('npm run serve', () => {
  it('prints its address with the session token as the first line on stdout', async () => {
    const server = await serve(temporaryDirectory());
    expect(server.firstLine).toMatch(/^Runbook Designer serving http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/);
  });

  it('refuses a request without the token', async () => {
    const server = await serve(temporaryDirectory());
    const page = await fetch(`${server.origin}/`);
    expect(page.status).toBe(401);
    const call = await fetch(`${server.origin}/api/integrations.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(call.status).toBe(401);
    expect(await call.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('describes every call at GET /api for scripts holding the token', async () => {
    const server = await serve(temporaryDirectory());
    const response = await fetch(`${server.origin}/api`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    const body = (await response.json()) as { calls: { name: string; input: unknown; output: unknown }[] };
    expect(body.calls.map((entry) => entry.name).sort()).toEqual([...callNames].sort());
    expect(
      body.calls.every((entry) => typeof entry.input === 'object' && typeof entry.output === 'object'),
    ).toBe(true);
  });

  it('keeps an integration across a restart of the server', async () => {
    const dataDirectory = temporaryDirectory();
    const first = await serve(dataDirectory);
    const created = await fetch(`${first.origin}/api/integrations.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${first.token}` },
      body: JSON.stringify({ details: { name: 'HaloPSA', category: 'PSA' } }),
    });
    expect(created.status).toBe(200);
    await first.stop();
    const second = await serve(dataDirectory);
    expect(second.token).not.toBe(first.token);
    const listed = await fetch(`${second.origin}/api/integrations.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${second.token}` },
      body: '{}',
    });
    const body = (await listed.json()) as { items: { name: string }[] };
    expect(body.items.map((item) => item.name)).toEqual(['HaloPSA']);
  });
});

describe('two servers in one browser', () => {
  it('keeps the first server’s window signed in after the second server’s address is opened', async () => {
    const first = await serve(temporaryDirectory());
    const second = await serve(temporaryDirectory());
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const firstPage = await context.newPage();
      await firstPage.goto(first.url);
      const secondPage = await context.newPage();
      await secondPage.goto(second.url);
      // Cookies are kept per host, whatever the port: both servers' cookies reach both servers.
      const listFrom = (page: Page) =>
        page.evaluate(async () => {
          const response = await fetch('/api/integrations.list', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          });
          return response.status;
        });
      expect(await listFrom(firstPage)).toBe(200);
      expect(await listFrom(secondPage)).toBe(200);
    } finally {
      await browser.close();
    }
  });
});
