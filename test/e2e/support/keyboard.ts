/**
 * Walking a page with the keyboard alone: where focus is, in one line, and pressing a key until
 * focus gets somewhere — bounded, so a missing keyboard path fails with the places focus went.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The focused element in one line: tag, id, data-id, aria-label and text (the e2e files have no DOM types). */
export const focusLine = (page: Page): Promise<string> =>
  page.evaluate(`(() => {
    const element = document.activeElement;
    if (element === null) return 'none';
    const text = element.matches('body, main, aside, section') ? '' : element.textContent.trim().slice(0, 60);
    return [element.tagName.toLowerCase(), element.id, element.getAttribute('data-id') ?? '',
      element.getAttribute('aria-label') ?? '', text].join('|');
  })()`);

/** Whether the element `locator` finds has the keyboard. */
export const hasFocus = (locator: Locator): Promise<boolean> =>
  locator.evaluate((element) => element === element.ownerDocument.activeElement);

/**
 * Presses `key` until focus is where `wanted` says — a focus line's pattern, or the element a
 * locator finds — at most `limit` times.
 */
export async function pressUntil(
  page: Page,
  key: string,
  wanted: RegExp | Locator,
  limit = 40,
): Promise<void> {
  const trail: string[] = [];
  for (let count = 0; count < limit; count += 1) {
    await page.keyboard.press(key);
    const line = await focusLine(page);
    if (wanted instanceof RegExp ? wanted.test(line) : await hasFocus(wanted)) return;
    trail.push(line);
  }
  throw new Error(
    `${key} × ${String(limit)} never reached ${String(wanted)}; focus went:\n${trail.join('\n')}`,
  );
}

/** Waits until focus is where `wanted` says (focus moved by the app, after a frame or a save). */
export async function expectFocus(page: Page, wanted: RegExp | Locator): Promise<void> {
  if (wanted instanceof RegExp) await expect.poll(() => focusLine(page)).toMatch(wanted);
  else await expect.poll(() => hasFocus(wanted)).toBe(true);
}
