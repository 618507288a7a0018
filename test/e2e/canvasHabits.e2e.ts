/**
 * Habits users bring from other flow editors, at 1280 × 800: a click in the palette adds the step
 * after the selected one and connects it; edges name their exit when zoomed in enough to read it,
 * and are named by their steps for a screen reader; the overview map can be hidden (and stays so)
 * and never covers a step after zoom to fit; the End step's colour shows in the dark theme.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot } from './support/browser';
import { callApi, startServe, type ServeProcess } from './support/serveProcess';

let server: ServeProcess;
let browser: Browser;
let page: Page;
let runbookId = '';

const node = (id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);
const paletteButton = (name: string): Locator =>
  page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name, exact: true });

/** Do two rectangles on the screen overlap? */
function overlaps(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-habits-')) });
  ({ id: runbookId } = await callApi(server, 'runbooks.create', { details: { name: 'Triage' } }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.getByRole('link', { name: /Triage/ }).click();
  await node('start').waitFor();
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

describe('canvas habits', () => {
  it('adds a clicked step after the selected one, on its first free exit', async () => {
    await node('start').click();
    await paletteButton('Condition').click();
    await node('condition_1').waitFor();
    await paletteButton('End').click(); // the new Condition is selected: its "true" exit
    await node('condition_1').click();
    await paletteButton('End').click(); // then its "false" exit
    await expect
      .poll(async () => (await callApi(server, 'runbooks.get', { id: runbookId })).draft.edges)
      .toEqual([
        { from: 'start', kind: 'next', to: 'condition_1' },
        { from: 'condition_1', kind: 'true', to: 'end_1' },
        { from: 'condition_1', kind: 'false', to: 'end_2' },
      ]);
  });

  it('names edges by their steps, and shows each exit’s name only when zoomed in enough to read it', async () => {
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const label = page.locator('.edge-label', { hasText: 'false' });
    await label.waitFor();
    expect(await page.locator('.edge-label').allTextContents()).toEqual(
      expect.arrayContaining(['true', 'false']),
    );
    expect(await page.locator('.edge-label').count()).toBe(2); // Start's "next" is never labelled
    await page.getByRole('group', { name: /^From Condition on false to End/ }).waitFor();
    await saveScreenshot(page, 'canvas-edge-labels');
    for (let step = 0; step < 6; step += 1) await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect.poll(() => page.locator('.edge-label').count()).toBe(0);
  });

  it('fits the steps clear of the map, and hides the map until it is asked for again', async () => {
    for (let index = 0; index < 4; index += 1) await paletteButton('Delay').click();
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await page.waitForTimeout(400); // the fit is animated
    const map = await page.locator('.react-flow__minimap').boundingBox();
    if (map === null) throw new Error('the map is not shown');
    for (const box of await page.locator('.react-flow__node').evaluateAll((elements) =>
      elements.map((element) => {
        const rect = element.getBoundingClientRect();
        return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
      }),
    ))
      expect(overlaps(box, map)).toBe(false);

    await page.getByRole('button', { name: 'Hide map' }).click();
    await expect.poll(() => page.locator('.react-flow__minimap').count()).toBe(0);
    await expect.poll(() => page.locator('.save-state').textContent()).toBe('Saved');
    await page.reload();
    await node('start').waitFor();
    expect(await page.locator('.react-flow__minimap').count()).toBe(0);
    await page.getByRole('button', { name: 'Show map' }).click();
    await page.locator('.react-flow__minimap').waitFor();
  });

  it('shows the whole shortcut list, every line within the dialog', async () => {
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.getByText('Show these shortcuts').waitFor();
    const fits = await page.evaluate(`(() => {
      const body = document.querySelector('dialog[open] .dialog-body');
      return body.scrollWidth <= body.clientWidth;
    })()`);
    expect(fits).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('shows where keyboard focus is on the canvas, and the skip link moves focus to the page', async () => {
    await node('start').focus();
    await page.keyboard.press('Tab');
    const outlineOf = (selector: string) =>
      page.evaluate(`getComputedStyle(document.querySelector('${selector}')).outlineStyle`);
    await page.locator('.react-flow__node:focus-visible').waitFor();
    expect(await outlineOf('.react-flow__node:focus-visible > .step-node')).toBe('solid');
    await page.getByRole('button', { name: 'Zoom in' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await outlineOf('.react-flow__controls-button:focus-visible')).toBe('solid');

    const before = page.url();
    await page.keyboard.press('Home');
    await page.evaluate(`document.querySelector('.skip-link').focus()`);
    await page.keyboard.press('Enter');
    expect(page.url()).toBe(before);
    expect(await page.evaluate(`document.activeElement.id`)).toBe('main');
  });

  it('gives the keyboard to a step added from the palette, and Enter there edits it in the inspector', async () => {
    await paletteButton('Set variables').click();
    await expect
      .poll(() => page.evaluate(`document.activeElement.getAttribute('data-id')`))
      .toBe('set_variables_1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(`document.activeElement.id`)).toBe('inspector-step-name');
    await page.keyboard.type(' (tags)');
    await expect.poll(() => page.getByLabel('Step name').inputValue()).toBe('Set variables (tags)');
  });

  it('connects a step to another from the inspector’s Exits, with the keyboard alone', async () => {
    await node('set_variables_1').click();
    const exit = page.getByLabel('On next, go to');
    await exit.focus();
    await exit.selectOption({ label: 'End (end_1)' });
    await expect
      .poll(async () =>
        (await callApi(server, 'runbooks.get', { id: runbookId })).draft.edges.filter(
          (edge) => edge.from === 'set_variables_1',
        ),
      )
      .toEqual([{ from: 'set_variables_1', kind: 'next', to: 'end_1' }]);
    await exit.selectOption({ label: 'Not connected' });
    await expect
      .poll(async () =>
        (await callApi(server, 'runbooks.get', { id: runbookId })).draft.edges.some(
          (edge) => edge.from === 'set_variables_1',
        ),
      )
      .toBe(false);
  });

  it('shows the End step’s colour in the dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Runbooks' }).first().click();
    await page.getByRole('link', { name: /Triage/ }).click();
    await node('start').waitFor();
    // As text, evaluated in the page (the tests are type-checked without the DOM's types).
    const colours = (await page.evaluate(`(() => {
      const button = [...document.querySelectorAll('.palette-item')].find((item) => item.textContent.trim() === 'End');
      return {
        dot: getComputedStyle(button.querySelector('.palette-dot')).backgroundColor,
        surface: getComputedStyle(button).backgroundColor,
      };
    })()`)) as { dot: string; surface: string };
    expect(colours.dot).not.toBe(colours.surface);
    expect(colours.dot).not.toBe('rgb(55, 65, 81)'); // the light theme's dark grey
    await saveScreenshot(page, 'canvas-dark');
  });
});
