import { describe, expect, it } from 'vitest';
import { clearGap, clearShift, type Point } from './clearSpot';

const size = { width: 180, height: 64 };
const covers = (a: Point, b: Point) =>
  Math.abs(a.x - b.x) < size.width + clearGap && Math.abs(a.y - b.y) < size.height + clearGap;
const moved = (corners: Point[], shift: Point) =>
  corners.map((corner) => ({ x: corner.x + shift.x, y: corner.y + shift.y }));

describe('clearShift', () => {
  it('keeps the spot asked for when it covers nothing', () => {
    expect(clearShift([{ x: 0, y: 0 }], [{ x: 0, y: 200 }], { x: 40, y: 40 }, size)).toEqual({
      x: 40,
      y: 40,
    });
  });

  it('moves a group that would cover a step as little as it can, clear of every step', () => {
    const others = [
      { x: 0, y: 0 },
      { x: 0, y: 140 },
    ];
    const group = [{ x: 0, y: 0 }];
    const shift = clearShift(group, others, { x: 40, y: 40 }, size);
    expect(moved(group, shift).some((corner) => others.some((other) => covers(corner, other)))).toBe(false);
    // Just above the first step, the gap kept, is nearer than right of both (160 px) or below (180 px).
    expect(shift).toEqual({ x: 40, y: -100 });
  });

  it('prefers a clear spot in view to a nearer one out of it', () => {
    const others = [{ x: 0, y: 0 }];
    const view = { left: -100, top: -300, right: 260, bottom: 500 };
    const shift = clearShift([{ x: 0, y: 0 }], others, { x: 0, y: 0 }, size, view);
    const [corner] = moved([{ x: 0, y: 0 }], shift);
    expect(corner === undefined ? false : covers(corner, others[0] ?? corner)).toBe(false);
    expect(corner?.x).toBeGreaterThanOrEqual(view.left);
    expect((corner?.x ?? 0) + size.width).toBeLessThanOrEqual(view.right);
  });

  it('goes past every step when nothing near is clear', () => {
    const others = Array.from({ length: 60 * 60 }, (_, index) => ({
      x: (index % 60) * 60 - 1_800,
      y: Math.floor(index / 60) * 60 - 1_800,
    }));
    const shift = clearShift([{ x: 0, y: 0 }], others, { x: 0, y: 0 }, size);
    expect(others.some((other) => covers({ x: shift.x, y: shift.y }, other))).toBe(false);
  });

  it('keeps the group clear of what is drawn over the view (the map, its button, the zoom buttons)', () => {
    // A view 1,000 × 700 at zoom 1, its bottom-right corner taken by the map and the Hide map button.
    const map = { left: 760, top: 460, right: 985, bottom: 685 };
    const view = { left: 0, top: 0, right: 1_000, bottom: 700, covered: [map] };
    const group = [
      { x: 0, y: 0 },
      { x: 0, y: 140 },
    ];
    const others = [{ x: 520, y: 300 }];
    const shift = clearShift(group, others, { x: 800, y: 500 }, size, view);
    const boxes = moved(group, shift).map((corner) => ({
      left: corner.x,
      top: corner.y,
      right: corner.x + size.width,
      bottom: corner.y + size.height,
    }));
    for (const box of boxes) {
      const isUnderMap =
        box.left < map.right && map.left < box.right && box.top < map.bottom && map.top < box.bottom;
      expect(isUnderMap).toBe(false);
      expect(box.left).toBeGreaterThanOrEqual(view.left);
      expect(box.right).toBeLessThanOrEqual(view.right);
      expect(box.bottom).toBeLessThanOrEqual(view.bottom);
    }
    expect(moved(group, shift).some((corner) => others.some((other) => covers(corner, other)))).toBe(false);
  });

  it('takes the nearest spot clear of the steps when the view has none, whatever covers the view', () => {
    // The view is all steps but for the corner under the map: nothing in view is clear.
    const map = { left: 600, top: 400, right: 800, bottom: 600 };
    const view = { left: 0, top: 0, right: 800, bottom: 600, covered: [map] };
    const others = Array.from({ length: 5 * 8 }, (_, index) => ({
      x: (index % 5) * 200 - 100,
      y: Math.floor(index / 5) * 84 - 100,
    })).filter((corner) => !(corner.x >= 500 && corner.y >= 300));
    const shift = clearShift([{ x: 0, y: 0 }], others, { x: 620, y: 420 }, size, view);
    expect(others.some((other) => covers(shift, other))).toBe(false);
    // The spot under the map, clear of every step, is the nearest: the view moves to show it.
    expect(shift).toEqual({ x: 620, y: 420 });
  });
});
