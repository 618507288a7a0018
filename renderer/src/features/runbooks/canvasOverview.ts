/**
 * Whether the designer shows its overview map, remembered across runbooks and restarts, and the
 * room a view leaves for it: zoom to fit places the steps clear of the map and the zoom buttons,
 * and a step brought into view (one just added) is panned clear of them, so neither covers it.
 */
import { getViewportForBounds, type Edge, type Node, type ReactFlowInstance } from '@xyflow/react';
import { create } from 'zustand';

const storageKey = 'runbook-designer.canvas.overview';

interface CanvasOverviewState {
  isShown: boolean;
  toggle(): void;
}

function remembered(): boolean {
  try {
    return globalThis.localStorage?.getItem(storageKey) !== 'hidden';
  } catch {
    return true; // storage refused (private mode): show it
  }
}

export const useCanvasOverview = create<CanvasOverviewState>()((set, get) => ({
  isShown: remembered(),
  toggle: () => {
    const isShown = !get().isShown;
    try {
      globalThis.localStorage?.setItem(storageKey, isShown ? 'shown' : 'hidden');
    } catch {
      // Not remembered; shown or hidden for this session all the same.
    }
    set({ isShown });
  },
}));

/** The overview map's size: 200 × 150 px, or 120 × 90 on a small pane (see isCompactPane). */
export const overviewSize = { full: { width: 200, height: 150 }, compact: { width: 120, height: 90 } };

/**
 * Whether the canvas is small enough (a 900 × 600 window with the palette and inspector open)
 * that the map is drawn compact: full size it covered half the canvas there.
 */
export function isCompactPane(pane: { width: number; height: number }): boolean {
  return pane.width < 560 || pane.height < 480;
}

/** The map sits 15 px from the corner; the zoom buttons are 26 px wide, 15 px in. */
const edge = 24;
const clear = { top: edge, bottom: edge, left: 60, right: edge };
const px = (value: number) => `${String(value)}px` as `${number}px`;
/**
 * The room the map leaves on `pane`: the steps beside it or above it (a 25 px gap), and the
 * bottom-right corner a step is kept out of — the map with its Hide map button (28 px tall, 7 px
 * above the map) and a 24 px gap.
 */
function mapRoom(pane: { width: number; height: number }) {
  const map = isCompactPane(pane) ? overviewSize.compact : overviewSize.full;
  return {
    beside: { top: edge, bottom: edge, left: 60, right: map.width + 40 },
    above: { top: edge, bottom: map.height + 40, left: 60, right: edge },
    corner: { right: map.width + 40, bottom: map.height + 74 },
  };
}
/** The corner the Show map button alone takes when the map is hidden. */
const toggleCorner = { right: 130, bottom: 68 };

type Framed<N extends Node, E extends Edge> = Pick<ReactFlowInstance<N, E>, 'getNodes' | 'getNodesBounds'>;
type Viewed<N extends Node, E extends Edge> = Framed<N, E> & Pick<ReactFlowInstance<N, E>, 'setViewport'>;

/** The view that frames every step as frameSteps does; undefined before there is anything to frame. */
function framingOf<N extends Node, E extends Edge>(
  flow: Framed<N, E>,
  pane: { width: number; height: number },
  isOverviewShown: boolean,
): { x: number; y: number; zoom: number } | undefined {
  const nodes = flow.getNodes();
  if (nodes.length === 0 || pane.width === 0 || pane.height === 0) return undefined;
  const bounds = flow.getNodesBounds(nodes);
  const room = mapRoom(pane);
  const fits = (isOverviewShown ? [room.beside, room.above] : [clear]).map((padding) =>
    getViewportForBounds(bounds, pane.width, pane.height, minCanvasZoom, 1, {
      top: px(padding.top),
      bottom: px(padding.bottom),
      left: px(padding.left),
      right: px(padding.right),
    }),
  );
  return fits.reduce((larger, fit) => (fit.zoom > larger.zoom ? fit : larger));
}

/**
 * Frames every step, never larger than full size, where neither the zoom buttons nor the map
 * (when it shows) cover one: the steps go left of the map or above it, whichever leaves them larger.
 */
export function frameSteps<N extends Node, E extends Edge>(
  flow: Viewed<N, E>,
  pane: { width: number; height: number },
  isOverviewShown: boolean,
  duration?: number,
): void {
  const framing = framingOf(flow, pane, isOverviewShown);
  if (framing !== undefined)
    void flow.setViewport(framing, duration === undefined ? undefined : { duration });
}

/** The smallest zoom a runbook opens at: below it a step's name is too small to read. */
export const readableZoom = 0.6;

/**
 * The first view of a runbook: every step framed (as Zoom to fit does) when that leaves them
 * readable; else its Start step at the top, centred across, at the smallest readable zoom, so
 * the first screen shows where the runbook begins (runbooks flow downwards). Zoom to fit still
 * shows them all.
 */
export function openSteps<N extends Node, E extends Edge>(
  flow: Viewed<N, E>,
  pane: { width: number; height: number },
  isOverviewShown: boolean,
  startId: string | undefined,
): void {
  const framing = framingOf(flow, pane, isOverviewShown);
  if (framing === undefined) return;
  const start = flow.getNodes().find((node) => node.id === startId);
  if (framing.zoom >= readableZoom || start === undefined) {
    void flow.setViewport(framing);
    return;
  }
  const box = flow.getNodesBounds([start]);
  void flow.setViewport({
    zoom: readableZoom,
    x: pane.width / 2 - (box.x + box.width / 2) * readableZoom,
    y: edge - box.y * readableZoom,
  });
}

/** A box on the pane in screen pixels, from the pane's top left. */
export interface PaneBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** How far a box must move along one axis to lie within [min, max] (its start, if it is longer). */
function shiftWithin(start: number, end: number, min: number, max: number): number {
  if (end - start > max - min || start < min) return min - start;
  return end > max ? max - end : 0;
}

/**
 * The pan (screen pixels) that shows `box` whole where neither the zoom buttons nor the map and
 * its button cover it; 0, 0 when it shows already. Steps:
 * 1. move it the least way into the pane, clear of its edges and the zoom buttons;
 * 2. if the bottom-right corner (the map and its button, or the Show map button) would still cover
 *    it, move it on left of the corner or up above it, whichever is shorter and keeps it in the pane.
 */
export function panToShow(
  box: PaneBox,
  pane: { width: number; height: number },
  isOverviewShown: boolean,
): { x: number; y: number } {
  const x = shiftWithin(box.left, box.right, clear.left, pane.width - clear.right);
  const y = shiftWithin(box.top, box.bottom, clear.top, pane.height - clear.bottom);
  const corner = isOverviewShown ? mapRoom(pane).corner : toggleCorner;
  const mapLeft = pane.width - corner.right;
  const mapTop = pane.height - corner.bottom;
  if (box.right + x <= mapLeft || box.bottom + y <= mapTop) return { x, y };
  const toLeft = mapLeft - (box.right + x);
  const toAbove = mapTop - (box.bottom + y);
  const fitsLeft = box.left + x + toLeft >= clear.left;
  const fitsAbove = box.top + y + toAbove >= clear.top;
  if (fitsAbove && (!fitsLeft || -toAbove <= -toLeft)) return { x, y: y + toAbove };
  return fitsLeft ? { x: x + toLeft, y } : { x, y };
}

/**
 * Pans (never zooms) just enough that the step `stepId` shows whole, clear of the zoom buttons and
 * the map: the way the canvas follows a step added from the palette.
 */
export function panStepIntoView<N extends Node, E extends Edge>(
  flow: Pick<ReactFlowInstance<N, E>, 'getInternalNode' | 'getViewport' | 'setViewport'>,
  stepId: string,
  size: { width: number; height: number },
  pane: { width: number; height: number },
  isOverviewShown: boolean,
  duration?: number,
): void {
  const node = flow.getInternalNode(stepId);
  if (node === undefined || pane.width === 0 || pane.height === 0) return;
  const viewport = flow.getViewport();
  const { x, y } = node.internals.positionAbsolute;
  const left = x * viewport.zoom + viewport.x;
  const top = y * viewport.zoom + viewport.y;
  const box = {
    left,
    top,
    right: left + size.width * viewport.zoom,
    bottom: top + size.height * viewport.zoom,
  };
  const pan = panToShow(box, pane, isOverviewShown);
  if (pan.x === 0 && pan.y === 0) return;
  const next = { x: viewport.x + pan.x, y: viewport.y + pan.y, zoom: viewport.zoom };
  void flow.setViewport(next, duration === undefined ? undefined : { duration });
}

/**
 * A runbook with more steps opens at full size on its Start step, not fitted whole: Start
 * centred across and a quarter of the way down (runbooks flow downwards), so the first screen
 * shows where the runbook begins, readable, with few steps to draw (every step of a fitted
 * 1,000-step graph is drawn at once). Zoom to fit shows them all.
 */
export const fitWholeUpTo = 150;
const openingZoom = 1;
const startPadding = { top: '24px', bottom: '75%' } as const;

/** The first view of a runbook of more than `fitWholeUpTo` steps, for React Flow's fitViewOptions. */
export function openingViewOn(startId: string): {
  nodes: { id: string }[];
  minZoom: number;
  maxZoom: number;
  padding: typeof startPadding;
} {
  return { nodes: [{ id: startId }], minZoom: openingZoom, maxZoom: openingZoom, padding: startPadding };
}

/** The designer's zoom range. */
export const minCanvasZoom = 0.02;
export const maxCanvasZoom = 2;
