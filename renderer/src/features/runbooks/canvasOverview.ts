/**
 * Whether the designer shows its overview map, remembered across runbooks and restarts, and the
 * room a fitted view leaves for it: zoom to fit places the steps clear of the map and the zoom
 * buttons, so neither ever covers a step.
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

/** The overview map is 200 × 150 px, 15 px from the corner; the zoom buttons 26 px wide, 15 px in. */
const edge = 24;
const beside = { top: edge, bottom: edge, left: 60, right: 240 };
const above = { top: edge, bottom: 190, left: 60, right: edge };
const clear = { top: edge, bottom: edge, left: 60, right: edge };
const px = (value: number) => `${String(value)}px` as `${number}px`;

/**
 * Frames every step, never larger than full size, where neither the zoom buttons nor the map
 * (when it shows) cover one: the steps go left of the map or above it, whichever leaves them larger.
 */
export function frameSteps<N extends Node, E extends Edge>(
  flow: Pick<ReactFlowInstance<N, E>, 'getNodes' | 'getNodesBounds' | 'setViewport'>,
  pane: { width: number; height: number },
  isOverviewShown: boolean,
  duration?: number,
): void {
  const nodes = flow.getNodes();
  if (nodes.length === 0 || pane.width === 0 || pane.height === 0) return;
  const bounds = flow.getNodesBounds(nodes);
  const fits = (isOverviewShown ? [beside, above] : [clear]).map((padding) =>
    getViewportForBounds(bounds, pane.width, pane.height, minCanvasZoom, 1, {
      top: px(padding.top),
      bottom: px(padding.bottom),
      left: px(padding.left),
      right: px(padding.right),
    }),
  );
  const best = fits.reduce((larger, fit) => (fit.zoom > larger.zoom ? fit : larger));
  void flow.setViewport(best, duration === undefined ? undefined : { duration });
}

/** The designer's zoom range. */
export const minCanvasZoom = 0.02;
export const maxCanvasZoom = 2;
