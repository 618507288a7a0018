/**
 * axe-core on every screen a user reaches, in the light and the dark theme: no serious or critical
 * violation; on the canvases, where axe cannot tell, each step's and edge label's text contrast too. The test visits all screens before it fails, and lists each finding (screen, theme,
 * rule, impact, element, why) so that one run shows everything to fix.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings, describeFinding, failingImpacts } from './support/axeCheck';
import { launchChromium } from './support/browser';
import { canvasContrastFindings } from './support/canvasContrast';
import { showColorScheme, tourScreens } from './support/screenTour';
import { startTicketApi, type TicketApi } from './support/screenTourData';
import { startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let ticketApi: TicketApi;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ticketApi = await startTicketApi();
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-axe-')) });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser.close();
  await server.stop();
  await ticketApi.stop();
});

describe('accessibility', () => {
  it(
    'has no serious or critical axe violation on any screen, light or dark',
    { timeout: 600_000 },
    async () => {
      const failing: string[] = [];
      const reported: string[] = [];
      const visited: string[] = [];
      await tourScreens(page, server, ticketApi.url, async (name) => {
        visited.push(name);
        for (const scheme of ['light', 'dark'] as const) {
          await showColorScheme(page, scheme);
          for (const finding of [...(await axeFindings(page)), ...(await canvasContrastFindings(page))]) {
            const line = describeFinding(`${name} (${scheme})`, finding);
            (failingImpacts.includes(finding.impact) ? failing : reported).push(line);
          }
        }
        await showColorScheme(page, 'light');
      });
      if (reported.length > 0) process.stdout.write(`Moderate or minor:\n${reported.join('\n')}\n`);
      expect(visited.length).toBeGreaterThanOrEqual(40);
      expect(failing, `serious or critical axe violations:\n${failing.join('\n')}`).toEqual([]);
    },
  );
});
