/**
 * Text contrast on React Flow canvases, where axe cannot decide: the steps and edge labels sit in
 * a transformed layer that axe reports as "overlapped by another element" (incomplete, never a
 * violation), so a faded or badly themed step would pass unseen. This measures each text on a
 * step or edge label against the backgrounds and opacities it is actually painted over.
 */
import type { Page } from 'playwright-core';
import type { AxeFinding } from './axeCheck';

// Runs in the page (a string: e2e files are type-checked without the DOM lib). Colours are
// composited from the root down; an ancestor's opacity blends its whole group with what is behind.
const measure = `(() => {
  // Any CSS colour (rgb(), color(srgb …) from color-mix(), oklab …) read back as sRGB bytes.
  const pixel = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
  const parse = (text) => {
    pixel.clearRect(0, 0, 1, 1);
    pixel.fillStyle = text;
    pixel.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = pixel.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = ([r, g, b, a], [br, bg, bb]) => [r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a)];
  const mix = (top, behind, alpha) => over([...top, alpha], behind);
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const hasOwnText = (element) =>
    [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim() !== '');
  const where = (element) => {
    const holder = element.closest('[data-id]');
    const classes = [...element.classList].map((name) => '.' + name).join('');
    return (holder ? '[data-id="' + holder.getAttribute('data-id') + '"] ' : '') + element.tagName.toLowerCase() + classes;
  };
  const findings = [];
  const texts = document.querySelectorAll('.react-flow__node *, .react-flow__edgelabel-renderer *');
  for (const element of texts) {
    const style = getComputedStyle(element);
    if (!hasOwnText(element) || style.visibility !== 'visible' || element.getClientRects().length === 0) continue;
    const chain = [];
    for (let node = element; node !== null; node = node.parentElement) chain.unshift(node);
    let paint = [255, 255, 255];
    const groups = [];
    for (const node of chain) {
      const nodeStyle = getComputedStyle(node);
      const opacity = Number(nodeStyle.opacity);
      if (opacity < 1) groups.push({ behind: paint, opacity });
      paint = over(parse(nodeStyle.backgroundColor), paint);
    }
    let text = over(parse(style.color), paint);
    let background = paint;
    for (const { behind, opacity } of groups.reverse()) {
      text = mix(text, behind, opacity);
      background = mix(background, behind, opacity);
    }
    const scale = element.getBoundingClientRect().width / (element.offsetWidth || 1);
    const size = parseFloat(style.fontSize) * scale;
    const isLarge = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = isLarge ? 3 : 4.5;
    const found = ratio(text, background);
    if (found < needed)
      findings.push({
        rule: 'canvas-text-contrast',
        impact: 'serious',
        target: where(element),
        summary: '"' + element.textContent.trim().slice(0, 40) + '" is ' + found.toFixed(2) + ':1, needs ' + needed + ':1',
      });
  }
  return JSON.stringify(findings);
})()`;

/** Every text on the canvas's steps and edge labels whose contrast is below WCAG AA. */
export async function canvasContrastFindings(page: Page): Promise<AxeFinding[]> {
  return JSON.parse(String(await page.evaluate(measure))) as AxeFinding[];
}
