// Renders resources/icon.svg to the PNG sizes electron-builder wants, with Debian's Chromium.
// Run by hand after changing the SVG: node scripts/render-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const svg = fs.readFileSync(path.join(root, 'resources/icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="width:${size}px;height:${size}px;display:block" `)}</body></html>`,
    );
    const file = path.join(root, 'resources/icons', `${size}x${size}.png`);
    await page.screenshot({ path: file, omitBackground: true });
    if (size === 1024) fs.copyFileSync(file, path.join(root, 'resources/icon.png'));
    await page.close();
  }
} finally {
  await browser.close();
}
