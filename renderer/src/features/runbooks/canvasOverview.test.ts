import { describe, expect, it } from 'vitest';
import { isCompactPane, panToShow, type PaneBox } from './canvasOverview';

// A 1000 × 600 pane: the map and its button cover from x 760 and y 376 (with a gap), the zoom
// buttons x < 60; with the map hidden, its Show map button covers from x 870 and y 532.
const pane = { width: 1000, height: 600 };
const box = (left: number, top: number, width = 180, height = 60): PaneBox => ({
  left,
  top,
  right: left + width,
  bottom: top + height,
});

describe('panToShow', () => {
  it.each([
    ['a step in view stays', box(100, 100), true, { x: 0, y: 0 }],
    ['a step beside the map, above it, stays', box(780, 100), true, { x: 0, y: 0 }],
    ['a step under the map moves up above it (the shorter way)', box(700, 420), true, { x: 0, y: -104 }],
    ['a step under the map stays when the map is hidden', box(700, 420), false, { x: 0, y: 0 }],
    ['a step below the pane moves up into it', box(100, 700), true, { x: 0, y: -184 }],
    ['a step under the zoom buttons moves right', box(20, 100), true, { x: 40, y: 0 }],
    [
      'a step under the Show map button moves into the pane and above it',
      box(850, 520),
      false,
      { x: -54, y: -48 },
    ],
  ])('%s', (_name, step, isOverviewShown, pan) => {
    expect(panToShow(step, pane, isOverviewShown)).toEqual(pan);
  });

  it('moves a step left of the map when above it there is no room', () => {
    expect(panToShow(box(700, 120, 180, 330), { width: 1000, height: 480 }, true)).toEqual({ x: -120, y: 0 });
  });

  // A pane under 560 × 480 (a 900 × 600 window) draws the map 120 × 90: a step is kept out of
  // that smaller corner only, from x 840 and y 136 on a 1000 × 300 pane.
  it('keeps a step out of the compact map only, on a small pane', () => {
    expect(isCompactPane({ width: 1000, height: 300 })).toBe(true);
    expect(isCompactPane({ width: 1000, height: 600 })).toBe(false);
    expect(panToShow(box(700, 120, 180, 130), { width: 1000, height: 300 }, true)).toEqual({ x: -40, y: 0 });
    expect(panToShow(box(640, 120, 180, 130), { width: 1000, height: 300 }, true)).toEqual({ x: 0, y: 0 });
  });
});
