/**
 * Where a group of steps can land without covering another step: pasted steps went exactly where
 * asked, 40 px from their copy or at the pointer, on top of the steps already there (a step is
 * 180 × 64, so a copy 40 px off covers most of its original, and a second paste covers both).
 * What is drawn over the canvas (the map, its Hide map button, the zoom buttons) counts as taken
 * too while the steps are in view: a paste into a crowded view landed under the map.
 * Pure: the steps are boxes of one size, in canvas units.
 */
import type { Size } from './autoLayout';

export interface Point {
  x: number;
  y: number;
}

/** A part of the canvas, in canvas units. */
export interface Area {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What the user sees: the part of the canvas in view, and what is drawn over it, in canvas units. */
export interface SeenArea extends Area {
  /** The map, its button, the zoom buttons, panels: fixed on the screen, so placed by the current view. */
  covered?: readonly Area[];
}

/** Space kept between the pasted steps and the others: the canvas's grid. */
export const clearGap = 20;
/** How far the search goes from the spot asked for before the steps go past all the others. */
const searchRings = 60;

/**
 * The shift nearest `wanted` at which the group (its steps' corners moved by the shift, boxes of
 * `size`) keeps `clearGap` from every step at `others`, taken as a whole so the copy keeps its
 * layout and stays together.
 * 1. The spot asked for, if clear.
 * 2. Else the nearest clear spot on a 20 px grid of growing squares around it, preferring one
 *    where the whole group is within `view` (what the user is looking at), clear of what covers
 *    the view, when it fits there.
 * 3. Else the nearest spot clear of the steps, out of view or under what covers it (the caller
 *    moves the view to show it).
 * 4. Else (nothing clear within 1,200 px) just below or right of all the steps, whichever is nearer.
 */
export function clearShift(
  group: readonly Point[],
  others: readonly Point[],
  wanted: Point,
  size: Size,
  view?: SeenArea,
): Point {
  const bounds = boundsOf(group, size);
  if (bounds === null) return wanted;
  const boxAt = (shift: Point): Area => ({
    left: bounds.left + shift.x - clearGap,
    top: bounds.top + shift.y - clearGap,
    right: bounds.right + shift.x + clearGap,
    bottom: bounds.bottom + shift.y + clearGap,
  });
  const reach = searchRings * clearGap;
  const near = boxAt(wanted);
  const obstacles = others
    .map((corner) => ({
      left: corner.x,
      top: corner.y,
      right: corner.x + size.width,
      bottom: corner.y + size.height,
    }))
    .filter((box) => overlaps(box, grown(near, reach)));
  const isClear = (shift: Point) => {
    const box = boxAt(shift);
    return obstacles.every((obstacle) => !overlaps(obstacle, box));
  };
  const covered = view?.covered ?? [];
  // Seen: within the view, with nothing drawn over it (the gap kept from that too).
  const isSeen = (shift: Point) =>
    view === undefined ||
    (contains(view, grown(boxAt(shift), -clearGap)) &&
      covered.every((area) => !overlaps(area, boxAt(shift))));
  const fitsView = view === undefined || isSeen(wanted) || fitsWithin(bounds, view);
  let clearUnseen: Point | null = null;
  for (let ring = 0; ring <= searchRings; ring += 1) {
    for (const shift of ringAround(wanted, ring)) {
      if (!isClear(shift)) continue;
      if (!fitsView || isSeen(shift)) return shift;
      clearUnseen ??= shift;
    }
  }
  return clearUnseen ?? pastEveryStep(bounds, others, wanted, size);
}

/** The shifts `ring` grid steps from `wanted` (a square's outline), nearest first. */
function ringAround(wanted: Point, ring: number): Point[] {
  if (ring === 0) return [wanted];
  const shifts: Point[] = [];
  for (let dx = -ring; dx <= ring; dx += 1) {
    for (let dy = -ring; dy <= ring; dy += 1) {
      if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
      shifts.push({ x: wanted.x + dx * clearGap, y: wanted.y + dy * clearGap });
    }
  }
  const distance = (shift: Point) => Math.hypot(shift.x - wanted.x, shift.y - wanted.y);
  return shifts.sort((a, b) => distance(a) - distance(b));
}

/** The shift that puts the group below all the steps, or right of them, whichever moves it less. */
function pastEveryStep(bounds: Area, others: readonly Point[], wanted: Point, size: Size): Point {
  const lowest = Math.max(...others.map((corner) => corner.y + size.height));
  const rightmost = Math.max(...others.map((corner) => corner.x + size.width));
  const below = { x: wanted.x, y: lowest + clearGap * 2 - bounds.top };
  const right = { x: rightmost + clearGap * 2 - bounds.left, y: wanted.y };
  return Math.abs(below.y - wanted.y) <= Math.abs(right.x - wanted.x) ? below : right;
}

function boundsOf(corners: readonly Point[], size: Size): Area | null {
  if (corners.length === 0) return null;
  return {
    left: Math.min(...corners.map((corner) => corner.x)),
    top: Math.min(...corners.map((corner) => corner.y)),
    right: Math.max(...corners.map((corner) => corner.x)) + size.width,
    bottom: Math.max(...corners.map((corner) => corner.y)) + size.height,
  };
}

const overlaps = (a: Area, b: Area) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const contains = (outer: Area, inner: Area) =>
  inner.left >= outer.left &&
  inner.top >= outer.top &&
  inner.right <= outer.right &&
  inner.bottom <= outer.bottom;
const grown = (area: Area, by: number): Area => ({
  left: area.left - by,
  top: area.top - by,
  right: area.right + by,
  bottom: area.bottom + by,
});
const fitsWithin = (bounds: Area, view: Area) =>
  bounds.right - bounds.left <= view.right - view.left &&
  bounds.bottom - bounds.top <= view.bottom - view.top;
