/** Opens the designer's Versions panel and compares two of its versions (or a version and the draft). */
import type { Page } from 'playwright-core';

export async function compareVersions(page: Page, from: string, to: string): Promise<void> {
  await page.getByRole('button', { name: 'Versions', exact: true }).click();
  const compare = page.getByRole('form', { name: 'Compare versions' });
  await compare.getByLabel('Compare').selectOption({ label: from });
  await compare.getByLabel('with').selectOption({ label: to });
  await compare.getByRole('button', { name: 'Compare' }).click();
  await page.getByRole('region', { name: `Comparing ${from} with ${to}` }).waitFor();
}
