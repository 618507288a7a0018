/**
 * Two versions compared where the newer one took an exit away: a Switch case removed, and a
 * Condition retyped into a Delay (same id) — their old edges leave exits the newer steps no longer
 * have, and are still drawn on the overlaid canvas, marked removed, beside the edges added.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { createRunbook, updateDraft } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';
import { compareVersions } from './support/versionCompare';

let server: ServeProcess;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
let runbookId: string;

const ends = [
  { id: 'urgent', name: 'Urgent', type: 'end', message: 'Paged' },
  { id: 'later', name: 'Later', type: 'end', message: 'Queued' },
  { id: 'other', name: 'Other', type: 'end', message: 'Nothing' },
];
const positions = Object.fromEntries(
  ['start', 'route', 'check', 'urgent', 'later', 'other'].map((id, index) => [
    id,
    { x: (index % 3) * 260, y: index * 120 },
  ]),
);

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-diff-exit-')) });
  const id = await createRunbook(server, 'Route a ticket', {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      {
        id: 'route',
        name: 'Route',
        type: 'switch',
        value: 'high',
        cases: [
          { id: 'c1', equals: 'high' },
          { id: 'c2', equals: 'low' },
        ],
      },
      {
        id: 'check',
        name: 'Check',
        type: 'condition',
        rules: [{ left: '1', operator: 'equals', right: '1' }],
      },
      ...ends,
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'route' },
      { from: 'route', kind: 'case_c1', to: 'check' },
      { from: 'route', kind: 'case_c2', to: 'later' },
      { from: 'route', kind: 'default', to: 'other' },
      { from: 'check', kind: 'true', to: 'urgent' },
      { from: 'check', kind: 'false', to: 'later' },
    ],
    positions,
  } as never);
  await callApi(server, 'runbooks.publish', { id, note: 'two cases, a condition' });
  await updateDraft(server, id, {
    steps: [
      { id: 'start', name: 'Start', type: 'start' },
      { id: 'route', name: 'Route', type: 'switch', value: 'high', cases: [{ id: 'c1', equals: 'high' }] },
      { id: 'check', name: 'Check', type: 'delay', seconds: '1' },
      ...ends.filter((end) => end.id !== 'other'),
    ],
    edges: [
      { from: 'start', kind: 'next', to: 'route' },
      { from: 'route', kind: 'case_c1', to: 'check' },
      { from: 'route', kind: 'default', to: 'later' },
      { from: 'check', kind: 'next', to: 'urgent' },
    ],
    positions,
  } as never);
  await callApi(server, 'runbooks.publish', { id, note: 'one case, a delay' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
  });
  await page.goto(server.url);
  runbookId = id;
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const edge = (from: string, kind: string, to: string) =>
  page.locator(`.react-flow__edge[data-id="${from}:${kind}:${to}"]`);

describe('comparing versions where an exit went', () => {
  it('draws the edges of the exits taken away, marked removed', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.locator('.react-flow__node[data-id="start"]').waitFor();
    await compareVersions(page, 'Version 1', 'Version 2');
    await page.locator('.version-canvas .react-flow__node[data-id="route"]').waitFor();
    await edge('check', 'next', 'urgent').waitFor();
    await saveScreenshot(page, 'version-diff-lost-exit');
    for (const [from, kind, to] of [
      ['route', 'case_c2', 'later'],
      ['route', 'default', 'other'],
      ['check', 'true', 'urgent'],
      ['check', 'false', 'later'],
    ] as const)
      expect(await edge(from, kind, to).getAttribute('class'), `${from} ${kind} → ${to}`).toContain(
        'diff-removed',
      );
    expect(await edge('route', 'default', 'later').getAttribute('class')).toContain('diff-added');
    expect(consoleErrors.filter((text) => text.includes('[React Flow]'))).toEqual([]);
  });
});
