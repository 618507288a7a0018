/**
 * A database another program holds locked, in Chromium: while a run's records wait, every page
 * says so above its content; once the lock is released the records are written, the banner goes
 * and the run is complete.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFileName } from '../../electron/services/backend';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import type { CallInput, CallName } from '../../shared/api/contract';

const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-storage-'));
let server: ServeProcess;
let browser: Browser;
let page: Page;

const api = <K extends CallName>(name: K, input: CallInput<K>) => callApi(server, name, input);

beforeAll(async () => {
  server = await startServe({ dataDirectory });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('records waiting out a lock', () => {
  it('are announced above the page until they are written', async () => {
    const { id: runbookId } = await api('runbooks.create', {
      details: { name: 'Wait a moment' },
    });
    await api('runbooks.update', {
      id: runbookId,
      draft: {
        steps: [
          { id: 'start', name: 'Start', type: 'start' },
          { id: 'wait', name: 'Wait', type: 'delay', seconds: '1' },
          { id: 'done', name: 'Done', type: 'end' },
        ],
        edges: [
          { from: 'start', kind: 'next', to: 'wait' },
          { from: 'wait', kind: 'next', to: 'done' },
        ],
      },
    });
    const { runId } = await api('runs.start', { runbookId });
    await page.goto(`${server.origin}/#/runs/${runId}`);

    // Another program takes the write lock while the run waits; its next records meet it.
    const other = new BetterSqlite3(path.join(dataDirectory, databaseFileName));
    other.exec('BEGIN IMMEDIATE');
    const banner = page.locator('.storage-banner');
    try {
      await expect.poll(() => banner.textContent()).toContain('Another program holds the database locked');
      expect(await banner.getAttribute('role')).toBe('alert');
      await saveScreenshot(page, 'storage-locked-banner');
    } finally {
      other.exec('COMMIT');
      other.close();
    }
    await expect.poll(() => banner.count()).toBe(0);
    await expect.poll(async () => (await api('runs.get', { id: runId })).status).toBe('succeeded');
  });
});
