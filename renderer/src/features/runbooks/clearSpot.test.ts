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
});
