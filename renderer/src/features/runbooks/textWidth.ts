/**
 * How wide a short text is drawn in the window's own font, in CSS pixels: measured once per text
 * and size on a canvas, then remembered. Where no canvas can draw (a test's DOM), an estimate from
 * the number of characters, so a caller still gets a width.
 */
const widths = new Map<string, number>();
let context: CanvasRenderingContext2D | null | undefined;

export function textWidth(text: string, fontSizePx: number): number {
  const key = `${String(fontSizePx)}|${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    width = measured(text, fontSizePx) ?? text.length * fontSizePx * 0.6;
    widths.set(key, width);
  }
  return width;
}

function measured(text: string, fontSizePx: number): number | undefined {
  if (context === undefined) {
    try {
      context = document.createElement('canvas').getContext('2d');
    } catch {
      context = null;
    }
  }
  if (context === null) return undefined;
  context.font = `${String(fontSizePx)}px ${getComputedStyle(document.body).fontFamily}`;
  return context.measureText(text).width;
}
