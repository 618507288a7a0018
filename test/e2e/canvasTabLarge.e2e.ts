/**
 * Tab through a runbook of 302 steps, in Chromium: on the designer's canvas and on a run's page
 * (the read-only canvas), the keyboard reaches every step, Start first and then as the flow goes,
 * though the canvas draws only the steps in view — the next step is brought into view and takes
 * the keyboard — and then leaves the canvas as on a small one; Shift+Tab goes back the same way.
 * The steps are listed in the draft in the reverse of the flow, so the order they were added in
 * is not the flow's. On the designer's canvas no step card is drawn again for a Tab: only the
 * cards the view brings in are drawn (the render counter of canvasSelectAllLarge). The run page's
 * count is only logged: its cards are drawn again as the view moves, ~3 a Tab (not looked into yet).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { stepSelector, waitForStillCanvas } from './support/canvas';
import { focusLine } from './support/keyboard';
import { createRunbook, setVariablesChain } from './support/runbookSeeds';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';
let runId = '';

const flowOrder = ['start', ...Array.from({ length: 300 }, (_, index) => `set_${String(index)}`), 'done'];

/** Counts the step cards drawn again since it last ran (see canvasSelectAllLarge). */
const renderCounter = `(() => {
  let root = null;
  const seen = new WeakSet();
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    inject: () => 1,
    onCommitFiberRoot: (_id, committed) => { root = committed; },
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    checkDCE: () => {},
  };
  window.__cardsRenderedSince = () => {
    let rendered = 0;
    let mounted = 0;
    const stack = root === null ? [] : [root.current];
    while (stack.length > 0) {
      const fiber = stack.pop();
      const props = fiber.memoizedProps;
      const isCard = typeof fiber.type === 'function' && props !== null && typeof props === 'object' &&
        (props.type === 'step' || props.type === 'readOnlyStep') && 'positionAbsoluteX' in props;
      // Drawn again: rendered since the last count, and not for the first time (a card the view
      // brings in is drawn for the first time).
      // (Props, not hook state as there: the read-only card has no hooks.)
      if (isCard && !seen.has(props)) {
        seen.add(props);
        if (fiber.alternate !== null) rendered += 1;
        else mounted += 1;
      }
      if (fiber.sibling !== null) stack.push(fiber.sibling);
      if (fiber.child !== null) stack.push(fiber.child);
    }
    return { rendered, mounted };
  };
})()`;

/** The cards drawn again, and those drawn for the first time (brought into view), since the last count. */
const cardsRenderedSince = () =>
  page.evaluate<{ rendered: number; mounted: number }>('window.__cardsRenderedSince()');

/** What has the keyboard: "step <id>", "edge <id>", or the control's label or text. */
async function focused(): Promise<string> {
  const [tag, , dataId, label, text] = (await focusLine(page)).split('|');
  if (dataId !== undefined && dataId !== '') return tag === 'g' ? `edge ${dataId}` : `step ${dataId}`;
  return label !== undefined && label !== '' ? label : (text ?? '');
}

/**
 * Presses `key` until the keyboard leaves the steps, at most 400 times, each time waiting for it
 * to move (a step brought into view takes it a few frames later): the steps it went through, and
 * where it went after them.
 */
async function walkSteps(
  key: string,
): Promise<{ steps: string[]; after: string; cards: number; broughtIn: number }> {
  const steps: string[] = [];
  await cardsRenderedSince();
  let cards = 0;
  let broughtIn = 0;
  let at = await focused();
  for (let count = 0; count < 400; count += 1) {
    await page.keyboard.press(key);
    const before = at;
    // Not on its way: the canvas's way in (no name) holds the keyboard while a step is brought in.
    await expect
      .poll(async () => ((at = await focused()) === before ? '' : at), { timeout: 3_000, interval: 10 })
      .not.toBe('');
    const counted = await cardsRenderedSince();
    cards += counted.rendered;
    broughtIn += counted.mounted;
    if (!at.startsWith('step ')) return { steps, after: at, cards, broughtIn };
    steps.push(at.slice('step '.length));
  }
  throw new Error(`${key} × 400 never left the steps; the last: ${steps.slice(-5).join(', ')}`);
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-tab-large-')) });
  const draft = setVariablesChain(300, 25, { valueAt: (index) => `value ${String(index)}`, withEnd: true });
  runbookId = await createRunbook(server, 'Three hundred', { ...draft, steps: [...draft.steps].reverse() });
  ({ runId } = await callApi(server, 'runs.start', { runbookId, inputs: {} }));
  for (let tries = 0; tries < 300; tries += 1) {
    if ((await callApi(server, 'runs.get', { id: runId })).status === 'succeeded') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(renderCounter);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Tab through 302 steps', () => {
  it('on the designer’s canvas, reaches every step in flow order, then the edges', async () => {
    await page.goto(`${server.origin}/#/runbooks/${runbookId}`);
    await page.locator(stepSelector('start')).waitFor();
    await waitForStillCanvas(page);
    await page.getByRole('button', { name: 'Skip the canvas, to the inspector' }).focus();
    const started = performance.now();
    const walked = await walkSteps('Tab');
    const seconds = (performance.now() - started) / 1_000;
    await saveScreenshot(page, 'canvas-tab-large-designer');
    expect({ last: walked.steps.at(-1), after: walked.after }).toEqual({
      last: 'done',
      after: 'edge start:next',
    });
    expect(walked.steps).toEqual(flowOrder);
    // Each card once as the view brings it in (and again when the view comes back to its row), not each drawn card per Tab.
    console.info(
      `designer: 302 steps by Tab in ${seconds.toFixed(1)} s, ${String(walked.cards)} cards drawn`,
    );
    expect(walked.cards).toBeLessThan(flowOrder.length * 3);
  });

  it('on the designer’s canvas, goes back by Shift+Tab from the first edge through every step to the palette', async () => {
    const walked = await walkSteps('Shift+Tab');
    expect(walked.steps).toEqual([...flowOrder].reverse());
    expect(walked.after).toBe('Skip the canvas, to the inspector');
  });

  it('on a run’s page, reaches every step in flow order, then leaves the canvas', async () => {
    await page.goto(`${server.origin}/#/runs/${runId}`);
    await page.locator(stepSelector('start')).waitFor();
    await waitForStillCanvas(page);
    // As Tab from before the canvas does: its way in takes the keyboard.
    await page.locator('.canvas-tab-entry').evaluate((entry) => (entry as { focus(): void }).focus());
    await expect.poll(focused).toBe('step start');
    const started = performance.now();
    const walked = await walkSteps('Tab');
    const seconds = (performance.now() - started) / 1_000;
    await saveScreenshot(page, 'canvas-tab-large-run');
    expect(['start', ...walked.steps]).toEqual(flowOrder);
    console.info(
      `run page: 301 Tabs in ${seconds.toFixed(1)} s, ${String(walked.cards)} cards drawn again; then ${walked.after}`,
    );
  });
});
