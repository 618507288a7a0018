/**
 * The runs page's group filter reaches every run group: it listed the latest 50 only, so with 76
 * groups the oldest could not be chosen. Now it lists them 50 at a time ("Show older run
 * groups…") and finds them by the runbook's name, typed in "Find run group" and asked of the
 * backend. The groups beyond the first ran once, then were copied in the database, each older.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFileName } from '../../electron/services/storageSide';
import { copyGroup, copyId } from '../../electron/services/runGroups/testSupport/groupCopies';
import { axeFindings, describeFinding, failingImpacts } from './support/axeCheck';
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
let upstream: ClientsUpstream;
let groupId: string;
let runbookOfGroup: string;

/** The group once none of its clients waits or runs (at most 10 s of looks). */
async function settledGroup(id: string) {
  for (let look = 0; look < 100; look += 1) {
    const group = await callApi(server, 'runGroups.get', { id });
    if (group.status !== 'running') return group;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the group did not finish within 10 s');
}

beforeAll(async () => {
  upstream = await startClientsUpstream();
  const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-group-filter-'));
  server = await startServe({ dataDirectory });
  const { methodId } = await seedClientApi(server, upstream, [
    ['Acme', 'ok'],
    ['Globex', 'ok'],
    ['Initech', 'fail'],
  ]);
  const runbookId = await createRunbook(server, 'Check client', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'health', name: 'Health', type: 'method', methodId, configuration: { mode: 'client' } },
      { id: 'ok', name: 'Healthy', type: 'end', message: '{{client}} is healthy' },
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'health' },
      { from: 'health', kind: 'success', to: 'ok' },
    ],
  });
  const patchId = await createRunbook(server, 'Patch servers', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'done', name: 'Done', type: 'end', message: 'done' },
    ],
    edges: [{ from: 'start', kind: 'next', to: 'done' }],
  });
  runbookOfGroup = runbookId;
  ({ id: groupId } = await callApi(server, 'runGroups.start', { runbookId, clients: 'all' }));
  await settledGroup(groupId);
  // 75 older groups, every 10th of "Patch servers": 76 in all, the oldest of "Check client".
  const db = new BetterSqlite3(path.join(dataDirectory, databaseFileName));
  try {
    db.pragma('busy_timeout = 5000');
    copyGroup(db, groupId, 75, { runbookId: patchId, every: 10 });
  } finally {
    db.close();
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  await upstream.close();
});

const groupFilter = () => page.getByRole('combobox', { name: 'Filter by run group' });

/** The run groups the runs listed link to. */
async function groupsOfListedRuns(): Promise<string[]> {
  const links = page.getByRole('table', { name: 'Runs' }).locator('a[href*="#/runs/group/"]');
  const hrefs = await links.evaluateAll((anchors) =>
    anchors.map((anchor) => anchor.getAttribute('href') ?? ''),
  );
  return [...new Set(hrefs.map((href) => decodeURIComponent(href.replace(/^.*#\/runs\/group\//, ''))))];
}

/** Waits until the runs listed are those of `id` (at most 10 s of looks). */
async function runsListedOf(id: string): Promise<string[]> {
  let groups: string[] = [];
  for (let look = 0; look < 100; look += 1) {
    groups = await groupsOfListedRuns();
    if (groups.length === 1 && groups[0] === id) break;
    await page.waitForTimeout(100);
  }
  return groups;
}

describe('the runs page’s run group filter', () => {
  it('reaches the oldest of 76 groups, 50 at a time', async () => {
    await page.goto(`${server.origin}/#/runs`);
    const oldest = copyId(groupId, 75);
    await groupFilter().locator(`option[value="${groupId}"]`).waitFor({ state: 'attached' });
    expect(await groupFilter().locator('option').count()).toBe(52);
    await groupFilter().selectOption({ label: 'Show older run groups…' });
    await groupFilter().locator(`option[value="${oldest}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    expect(await groupFilter().locator('option').count()).toBe(77);
    await groupFilter().selectOption(oldest);
    expect(await runsListedOf(oldest)).toEqual([oldest]);
    expect(await page.getByRole('table', { name: 'Runs' }).locator('tbody tr').count()).toBe(3);
    await saveScreenshot(page, 'run-group-filter-older');
  });

  it('finds a group by the name of its runbook, the one chosen still shown', async () => {
    const oldest = copyId(groupId, 75);
    await page.getByRole('searchbox', { name: 'Find run group' }).fill('PATCH');
    const patchGroups = Array.from({ length: 7 }, (_, index) => copyId(groupId, (index + 1) * 10));
    await groupFilter()
      .locator(`option[value="${copyId(groupId, 11)}"]`)
      .waitFor({ state: 'detached' });
    const values = await groupFilter()
      .locator('option')
      .evaluateAll((options) => options.map((option) => option.getAttribute('value') ?? ''));
    expect(values).toEqual(['', oldest, ...patchGroups]);
    await groupFilter().selectOption(copyId(groupId, 30));
    expect(await runsListedOf(copyId(groupId, 30))).toEqual([copyId(groupId, 30)]);
    const findings = (await axeFindings(page)).filter((finding) => failingImpacts.includes(finding.impact));
    expect(findings.map((finding) => describeFinding('Runs', finding))).toEqual([]);
    await saveScreenshot(page, 'run-group-filter-found');
    await page.getByRole('searchbox', { name: 'Find run group' }).fill('nothing like it');
    await groupFilter()
      .getByText('No run group of a runbook named like “nothing like it”')
      .waitFor({ state: 'attached' });
    expect(await groupFilter().inputValue()).toBe(copyId(groupId, 30));
  });

  it('reads its list again for a group that starts, not at each of its changes', async () => {
    await page.getByRole('searchbox', { name: 'Find run group' }).fill('');
    await groupFilter().locator(`option[value="${groupId}"]`).waitFor({ state: 'attached' });
    // A group of three clients, one failing: listed once it starts.
    const { id } = await callApi(server, 'runGroups.start', { runbookId: runbookOfGroup, clients: 'all' });
    await groupFilter().locator(`option[value="${id}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    const listReads: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (request.url().includes('/api/runGroups.list')) listReads.push(request.url());
    };
    page.on('request', onRequest);
    try {
      // Its runs' changes, then its failed client's run again: each published (up to ten a
      // second), none changing what the filter shows of it.
      await settledGroup(id);
      await callApi(server, 'runGroups.rerunFailed', { id });
      await settledGroup(id);
      await page.waitForTimeout(500);
    } finally {
      page.off('request', onRequest);
    }
    expect(listReads).toEqual([]);
  });
});
