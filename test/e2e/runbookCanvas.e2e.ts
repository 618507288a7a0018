/**
 * Canvas editing in Chromium: undo/redo (also after a reload), multi-select and delete, copy and
 * paste between runbooks through the clipboard, tidy up, zoom to fit and the shortcut list.
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

beforeAll(async () => {
  server = await startServe({ dataDirectory: fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-e2e-canvas-')) });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
  await page.goto(server.url);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

const node = (id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);
const nodes = (): Locator => page.locator('.react-flow__node');
const edges = (): Locator => page.locator('.react-flow__edge');
const button = (name: string): Locator => page.getByRole('button', { name, exact: true });

async function createRunbook(name: string): Promise<void> {
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.getByLabel('New runbook name').fill(name);
  await page.getByRole('button', { name: 'Create runbook' }).click();
  await node('start').waitFor();
}

/** Waits until the latest change has been saved (the debounced autosave has run). */
async function waitUntilSaved(): Promise<void> {
  await expect.poll(() => page.locator('.save-state').textContent()).toBe('Saved');
}

/** The names of the open runbook's inputs, as saved (the designer's address names the runbook). */
async function savedInputNames(): Promise<string[]> {
  const id = new URL(page.url()).hash.split('/').at(-1) ?? '';
  const { draft } = await callApi(server, 'runbooks.get', { id });
  return (draft.inputs ?? []).map((input: { name: string }) => input.name);
}

/** What has focus: its aria-label, a field's value, else its text. */
const focusedName = () =>
  page.evaluate(`(() => {
    const element = document.activeElement;
    if (element === null) return '';
    if (element.hasAttribute('aria-label')) return element.getAttribute('aria-label');
    return element instanceof HTMLInputElement ? element.value : element.textContent.trim();
  })()`);

/** A node's position on the canvas, read from React Flow's transform. */
async function positionOf(id: string): Promise<{ x: number; y: number }> {
  const style = (await node(id).getAttribute('style')) ?? '';
  const match = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec(style);
  if (match === null) throw new Error(`no position for ${id}: ${style}`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

async function drag(from: Locator, to: Locator): Promise<void> {
  const source = await from.boundingBox();
  const target = await to.boundingBox();
  if (source === null || target === null) throw new Error('cannot drag');
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** A point of the canvas with no step, edge or control on it (run in the page, which has a DOM). */
const findEmptyCanvasPoint = `(() => {
  const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
  if (pane === undefined) return null;
  for (let y = pane.top + 30; y < pane.bottom - 30; y += 40) {
    for (let x = pane.right - 120; x > pane.left + 60; x -= 40) {
      if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
    }
  }
  return null;
})()`;

async function emptyCanvasPoint(): Promise<{ x: number; y: number }> {
  const point = await page.evaluate<{ x: number; y: number } | null>(findEmptyCanvasPoint);
  if (point === null) throw new Error('no empty spot on the canvas');
  return point;
}

/** Clicks an empty spot of the canvas, so keys go to the canvas and nothing is selected. */
async function clickEmptyCanvas(): Promise<void> {
  const { x, y } = await emptyCanvasPoint();
  await page.mouse.click(x, y);
}

describe('canvas editing', () => {
  it('undoes and redoes adding steps, from the keyboard and the toolbar', async () => {
    await createRunbook('Canvas one');
    const undo = button('Undo');
    const redo = button('Redo');
    expect(await undo.isDisabled()).toBe(true);
    await button('Delay').click();
    await button('End').click();
    await node('end_1').waitFor();
    await expect.poll(() => nodes().count()).toBe(3);

    await page.keyboard.press('Control+z');
    await expect.poll(() => node('end_1').count()).toBe(0);
    await undo.click();
    await expect.poll(() => node('delay_1').count()).toBe(0);
    await expect.poll(() => undo.isDisabled()).toBe(true);

    await page.keyboard.press('Control+Shift+z');
    await node('delay_1').waitFor();
    await page.keyboard.press('Control+y');
    await node('end_1').waitFor();
    await expect.poll(() => redo.isDisabled()).toBe(true);
  });

  it('saves undo like any edit, and starts a fresh history after a reload', async () => {
    await button('Set variables').click();
    await node('set_variables_1').waitFor();
    await waitUntilSaved();
    await clickEmptyCanvas();
    await page.keyboard.press('Control+z');
    await expect.poll(() => node('set_variables_1').count()).toBe(0);
    await expect.poll(() => page.locator('.save-state').textContent()).not.toBe('Saved');
    await waitUntilSaved();

    await page.reload();
    await node('end_1').waitFor();
    expect(await node('delay_1').count()).toBe(1);
    expect(await node('set_variables_1').count()).toBe(0);
    expect(await button('Undo').isDisabled()).toBe(true);
  });

  it('leaves Ctrl+Z to a text field that has focus, and folds typing into one entry', async () => {
    await node('delay_1').click();
    const name = page.getByLabel('Step name');
    await name.click();
    await name.press('End');
    await page.keyboard.type(' then wait');
    await expect.poll(() => node('delay_1').locator('.step-name').textContent()).toBe('Delay then wait');
    await page.keyboard.press('Control+z');
    // The field's own undo ran; the graph kept its steps.
    await expect.poll(() => nodes().count()).toBe(3);
    await expect.poll(() => name.inputValue()).not.toBe('Delay then wait');

    await clickEmptyCanvas();
    await page.keyboard.press('Control+z');
    await expect.poll(() => node('delay_1').locator('.step-name').textContent()).toBe('Delay');
  });

  it('moves a step with one undo entry per drag', async () => {
    const before = await positionOf('end_1');
    const box = await node('end_1').boundingBox();
    if (box === null) throw new Error('no end_1');
    await page.mouse.move(box.x + box.width / 2, box.y + 12);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 160, box.y + 90, { steps: 15 });
    await page.mouse.up();
    const after = await positionOf('end_1');
    expect(after.x - before.x).toBeGreaterThan(100);
    await clickEmptyCanvas();
    await page.keyboard.press('Control+z');
    await expect.poll(() => positionOf('end_1')).toEqual(before);
  });

  it('selects several steps, deletes them at once but never the Start step', async () => {
    await drag(node('delay_1').locator('.handle-next'), node('end_1').locator('.handle-in'));
    await expect.poll(() => edges().count()).toBe(1);

    // Shift+drag draws a box that selects the steps inside it.
    await clickEmptyCanvas();
    const first = await node('delay_1').boundingBox();
    const last = await node('end_1').boundingBox();
    if (first === null || last === null) throw new Error('steps not drawn');
    await page.keyboard.down('Shift');
    await page.mouse.move(Math.min(first.x, last.x) - 20, first.y - 20);
    await page.mouse.down();
    await page.mouse.move(
      Math.max(first.x + first.width, last.x + last.width) + 20,
      last.y + last.height + 20,
      {
        steps: 10,
      },
    );
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect
      .poll(() =>
        page.locator('.react-flow__node.selected').evaluateAll((all) => all.map((each) => each.dataset.id)),
      )
      .toEqual(['delay_1', 'end_1']);

    await clickEmptyCanvas();
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(3);
    // Several selected: the inspector shows none of them.
    await page.getByText('Select a step to edit it.').waitFor();
    await page.keyboard.press('Delete');
    await expect.poll(() => nodes().count()).toBe(1);
    expect(await node('start').count()).toBe(1);

    await page.keyboard.press('Control+z');
    await expect.poll(() => nodes().count()).toBe(3);
    await expect.poll(() => edges().count()).toBe(1);

    // An edge selected alone is deleted alone.
    await clickEmptyCanvas();
    // A vertical edge has no width, which Playwright calls invisible: click it where it is.
    await page.locator('.react-flow__edge[data-id="delay_1:next"]').click({ force: true });
    await page.keyboard.press('Delete');
    await expect.poll(() => edges().count()).toBe(0);
    await expect.poll(() => nodes().count()).toBe(3);
    await page.keyboard.press('Control+z');
    await expect.poll(() => edges().count()).toBe(1);
  });

  it('copies two connected steps and pastes them into another runbook', async () => {
    await clickEmptyCanvas();
    await node('delay_1').click();
    await node('end_1').click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    await page.keyboard.press('Control+c');
    await expect
      .poll(() => page.evaluate<string>('navigator.clipboard.readText()'))
      .toContain('"format":"runbook-designer/steps"');
    await waitUntilSaved();

    await createRunbook('Canvas two');
    // Another runbook, another history.
    expect(await button('Undo').isDisabled()).toBe(true);
    await clickEmptyCanvas();
    await page.keyboard.press('Control+v');
    await node('end_1').waitFor();
    await expect.poll(() => nodes().count()).toBe(3);
    await expect.poll(() => edges().count()).toBe(1);
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);

    // Pasted again, the copies get fresh ids and keep their edge.
    await page.keyboard.press('Control+v');
    await node('end_2').waitFor();
    expect(await positionOf('delay_2')).not.toEqual(await positionOf('delay_1'));
    await expect.poll(() => page.locator('.react-flow__edge[data-id="delay_2:next"]').count()).toBe(1);

    // One undo entry per paste.
    await page.keyboard.press('Control+z');
    await expect.poll(() => node('end_2').count()).toBe(0);
    await page.keyboard.press('Control+y');
    await node('end_2').waitFor();

    // Cut removes the steps; pasting brings them back under fresh ids.
    await clickEmptyCanvas();
    await node('end_2').click();
    // Selected before the shortcut, as a person sees it (a busy machine applied the click later).
    await page.locator('.react-flow__node.selected[data-id="end_2"]').waitFor();
    await page.keyboard.press('Control+x');
    await expect.poll(() => node('end_2').count()).toBe(0);
    await page.keyboard.press('Control+v');
    await node('end_2').waitFor();
    await expect.poll(() => nodes().count()).toBe(5);
  });

  it('refuses to paste a clipboard that holds something else', async () => {
    await page.evaluate(`navigator.clipboard.writeText('just some text')`);
    await clickEmptyCanvas();
    await page.keyboard.press('Control+v');
    const notice = page
      .getByRole('alert')
      .filter({ hasText: 'The clipboard holds no copied steps to paste.' });
    await notice.waitFor();
    await expect.poll(() => nodes().count()).toBe(5);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('tidies up the layout top to bottom as one undo entry', async () => {
    // delay_1 → end_1 is there; the cut took delay_2 → end_2.
    await drag(node('start').locator('.handle-next'), node('delay_1').locator('.handle-in'));
    await expect.poll(() => edges().count()).toBe(2);
    const before = await positionOf('end_1');
    await button('Tidy up').click();
    await expect.poll(() => positionOf('end_1')).not.toEqual(before);
    const [start, delay, end] = await Promise.all(['start', 'delay_1', 'end_1'].map(positionOf));
    expect(delay?.y).toBeGreaterThan(start?.y ?? Infinity);
    expect(end?.y).toBeGreaterThan(delay?.y ?? Infinity);

    await clickEmptyCanvas();
    await page.keyboard.press('Control+z');
    await expect.poll(() => positionOf('end_1')).toEqual(before);
    await page.keyboard.press('Shift+L');
    await expect.poll(() => positionOf('end_1')).toEqual(end);
  });

  it('zooms to fit every step', async () => {
    const zoomIn = page.locator('.react-flow__controls-zoomin');
    /** Zooms in and pans the steps out of sight. */
    const lookAway = async () => {
      for (let count = 0; count < 4; count += 1) await zoomIn.click();
      const from = await emptyCanvasPoint();
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x - 700, from.y + 700, { steps: 8 });
      await page.mouse.up();
    };
    await lookAway();
    const isEveryStepVisible = async () => {
      const canvas = await page.locator('.react-flow').boundingBox();
      if (canvas === null) return false;
      const boxes = await Promise.all((await nodes().all()).map((each) => each.boundingBox()));
      return boxes.every(
        (box) =>
          box !== null &&
          box.x >= canvas.x &&
          box.y >= canvas.y &&
          box.x + box.width <= canvas.x + canvas.width &&
          box.y + box.height <= canvas.y + canvas.height,
      );
    };
    await expect.poll(isEveryStepVisible).toBe(false);
    await button('Zoom to fit').click();
    await expect.poll(isEveryStepVisible).toBe(true);

    await lookAway();
    await expect.poll(isEveryStepVisible).toBe(false);
    await page.keyboard.press('Shift+Digit1');
    await expect.poll(isEveryStepVisible).toBe(true);
  });

  it('lists the shortcuts', async () => {
    await clickEmptyCanvas();
    await node('delay_2').click();
    await node('end_2').click({ modifiers: ['Shift'] });
    await saveScreenshot(page, 'runbook-canvas');
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.getByText('Tidy up (auto-layout)').waitFor();
    await saveScreenshot(page, 'runbook-canvas-shortcuts');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('removes a runbook input by its button and from the keyboard, each removal undoable', async () => {
    await createRunbook('Inputs');
    await node('start').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('button', { name: 'Add input' }).click();
    // The new input's name has the keyboard, ready to be typed over.
    await expect.poll(focusedName).toBe('input1');
    await expect.poll(savedInputNames).toEqual(['input1']);
    await saveScreenshot(page, 'runbook-inputs');

    await inspector.getByRole('button', { name: 'Remove input input1' }).click();
    await expect.poll(() => inspector.getByLabel('Input 1', { exact: true }).count()).toBe(0);
    await expect.poll(savedInputNames).toEqual([]);
    // Focus went from the removed row's button to Add input; Ctrl+Z there undoes the removal.
    await expect.poll(focusedName).toBe('Add input');
    await page.keyboard.press('Control+z');
    await expect.poll(savedInputNames).toEqual(['input1']);

    // From the name field, Tab reaches the row's remove button; Enter removes the input.
    await inspector.getByLabel('Input 1', { exact: true }).focus();
    await page.keyboard.press('Tab');
    await expect.poll(focusedName).toBe('Remove input input1');
    await page.keyboard.press('Enter');
    await expect.poll(savedInputNames).toEqual([]);
    await expect.poll(focusedName).toBe('Add input');
  });

  it('offers None, Yes and No as a Yes/no input’s default, saved as false for No', async () => {
    await createRunbook('Yes or no default');
    await page.getByRole('heading', { name: 'Yes or no default' }).waitFor();
    await node('start').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('button', { name: 'Add input' }).click();
    await inspector.getByLabel('Input 1 type').selectOption({ label: 'Yes/no' });
    const defaultChoice = inspector.getByLabel('Input 1 default');
    await expect.poll(() => defaultChoice.locator('option').allTextContents()).toEqual(['None', 'Yes', 'No']);
    await defaultChoice.selectOption({ label: 'No' });
    await waitUntilSaved();
    await saveScreenshot(page, 'runbook-input-yes-no-default');
    const id = new URL(page.url()).hash.split('/').at(-1) ?? '';
    const { draft } = await callApi(server, 'runbooks.get', { id });
    expect(draft.inputs).toMatchObject([{ name: 'input1', type: 'boolean', defaultValue: 'false' }]);
  });
});
