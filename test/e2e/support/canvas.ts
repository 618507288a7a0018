/** Canvas helpers for end-to-end tests: a step's selector and a mouse drag between two places. */
import type { Page } from 'playwright-core';

export const stepSelector = (id: string): string => `.react-flow__node[data-id="${id}"]`;

/** Drags with the mouse from the centre of one element to the centre of another. */
export async function drag(page: Page, from: string, to: string): Promise<void> {
  const source = await page.locator(from).boundingBox();
  const target = await page.locator(to).boundingBox();
  if (source === null || target === null) throw new Error(`cannot drag ${from} to ${to}`);
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 });
  await page.mouse.up();
}
