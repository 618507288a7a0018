/** Canvas helpers for end-to-end tests: a step's selector and a mouse drag between two places. */
import type { Page } from 'playwright-core';

export const stepSelector = (id: string): string => `.react-flow__node[data-id="${id}"]`;

/**
 * Waits until the canvas stops moving (Zoom to fit animates for 200 ms): the pane's transform the
 * same for five frames in a row. Clicks and drags aimed at a step that is still moving land
 * elsewhere.
 */
export async function waitForStillCanvas(page: Page): Promise<void> {
  await page.evaluate(`new Promise((resolve, reject) => {
    const started = performance.now();
    let last = '';
    let still = 0;
    const check = () => {
      const viewport = document.querySelector('.react-flow__viewport');
      const transform = viewport === null ? '' : getComputedStyle(viewport).transform;
      still = transform === last ? still + 1 : 0;
      last = transform;
      if (still >= 5) resolve(undefined);
      else if (performance.now() - started > 5000) reject(new Error('the canvas kept moving for 5 s'));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

/** Drags with the mouse from the centre of one element to the centre of another. */
export async function drag(page: Page, from: string, to: string): Promise<void> {
  await waitForStillCanvas(page);
  const source = await page.locator(from).boundingBox();
  const target = await page.locator(to).boundingBox();
  if (source === null || target === null) throw new Error(`cannot drag ${from} to ${to}`);
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
  await page.mouse.up();
}
