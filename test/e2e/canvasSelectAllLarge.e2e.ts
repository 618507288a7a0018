/**
 * Ctrl+A on a large runbook, in Chromium: every step is selected and outlined without drawing
 * any step's card again. React Flow hands each node new props when the selection changes, and
 * every card re-rendered for it — 301 at once, with 300 steps in view. The renders are counted
 * through React's developer-tools hook (installed before the page loads): a card rendered since
 * the last count has new hook state. The same hook says which build of React the window runs:
 * the production one, even when `npm run serve` built the window under vitest's NODE_ENV=test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { createRunbook, setVariablesChain } from './support/runbookSeeds';
import { startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';

/**
 * Keeps React's latest committed tree; `__cardsRenderedSince()` counts the step cards (the
 * components React Flow renders with a step's props) whose hook state is new since it last ran.
 */
const renderCounter = `(() => {
  let root = null;
  const seen = new WeakSet();
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    inject: (renderer) => {
      window.__reactBundleType = renderer.bundleType;
      return 1;
    },
    onCommitFiberRoot: (_id, committed) => { root = committed; },
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    checkDCE: () => {},
  };
  window.__cardsRenderedSince = () => {
    let rendered = 0;
    const stack = root === null ? [] : [root.current];
    while (stack.length > 0) {
      const fiber = stack.pop();
      const props = fiber.memoizedProps;
      const isCard = typeof fiber.type === 'function' && props !== null && typeof props === 'object' &&
        props.type === 'step' && 'positionAbsoluteX' in props;
      if (isCard && fiber.memoizedState !== null && !seen.has(fiber.memoizedState)) {
        seen.add(fiber.memoizedState);
        rendered += 1;
      }
      if (fiber.sibling !== null) stack.push(fiber.sibling);
      if (fiber.child !== null) stack.push(fiber.child);
    }
    return rendered;
  };
})()`;

const cardsRenderedSince = () => page.evaluate<number>('window.__cardsRenderedSince()');
const count = (selector: string) => page.locator(selector).count();

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-select-all-')) });
  runbookId = await createRunbook(server, 'Three hundred', setVariablesChain(300, 20));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(renderCounter);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
  await page.locator(stepSelector('start')).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Ctrl+A on 300 steps', () => {
  it('runs React’s production build', async () => {
    expect(await page.evaluate<number>('window.__reactBundleType')).toBe(0);
  });

  it('opens the runbook, zoomed to fit with every step drawn', async () => {
    await page.keyboard.press('Shift+1');
    await expect.poll(() => count('.react-flow__node')).toBe(301);
    await waitForStillCanvas(page);
  });

  it('selects and outlines every step, drawing no step card again', async () => {
    await page.locator(stepSelector('start')).click();
    await expect.poll(() => count('.react-flow__node.selected')).toBe(1);
    await cardsRenderedSince(); // every card drawn so far
    await page.keyboard.press('Control+a');
    await expect.poll(() => count('.react-flow__node.selected')).toBe(301);
    await saveScreenshot(page, 'canvas-select-all-large');
    const outline = await page.evaluate<string>(
      `getComputedStyle(document.querySelector('.react-flow__node.selected[data-id="set_299"] > .step-node')).outlineStyle`,
    );
    expect(outline).toBe('solid');
    expect(await cardsRenderedSince()).toBe(0);
  });

  it('takes the outline away again with Esc, drawing no card again', async () => {
    await page.keyboard.press('Escape');
    await expect.poll(() => count('.react-flow__node.selected')).toBe(0);
    const outline = await page.evaluate<string>(
      `getComputedStyle(document.querySelector('.react-flow__node[data-id="set_299"] > .step-node')).outlineStyle`,
    );
    expect(outline).toBe('none');
    expect(await cardsRenderedSince()).toBe(0);
  });
});
