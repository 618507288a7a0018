/**
 * What the canvas toolbar and its shortcuts do: undo/redo, copy/cut/paste through the clipboard,
 * select all, tidy up and zoom to fit. Reads the store with getState() when run, so the commands
 * never re-render anything.
 */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useMemo } from 'react';
import { useNoticeStore } from '../../app/noticeStore';
import { autoLayout } from './autoLayout';
import {
  copySteps,
  freshPasteSpot,
  parseClipboard,
  pasteCornerInView,
  placePaste,
  serializeClipboard,
  type CanvasView,
  type Point,
} from './clipboard';
import { frameSteps, panToShow, useCanvasOverview } from './canvasOverview';
import { useDesignerStore } from './designerStore';
import type { Area } from './clearSpot';
import { stepNodeSize } from './stepNodeLayout';
import { refocusAfterStepsDeleted } from './stepFocus';
import { stepClipboard } from './systemClipboard';

export interface CanvasCommands {
  undo(): void;
  redo(): void;
  copy(): Promise<void>;
  cut(): Promise<void>;
  /** Pastes with the copy's top-left at a screen point, or shifted from where it was copied. */
  paste(at?: Point): Promise<void>;
  selectAll(): void;
  clearSelection(): void;
  tidyUp(): void;
  fitView(): void;
}

/** Where the last paste went, so repeated pastes of one copy at one spot cascade. */
let lastPaste = freshPasteSpot;

/** Writes the selected steps to the clipboard; the ids copied, or null when nothing was. */
async function copySelection(): Promise<readonly string[] | null> {
  const { graph, selectedIds } = useDesignerStore.getState();
  if (graph === null || selectedIds.length === 0) return null;
  const payload = copySteps(graph, selectedIds);
  if (payload === null) {
    useNoticeStore.getState().show('error', 'The Start step cannot be copied: a runbook has exactly one.');
    return null;
  }
  await stepClipboard.write(serializeClipboard(payload));
  lastPaste = freshPasteSpot;
  return selectedIds;
}

interface PaneState {
  width: number;
  height: number;
  transform: [number, number, number];
  domNode: Element | null;
}

/**
 * The part of the canvas in view, in canvas coordinates, from the pane's size and transform, and
 * what is drawn over it there: React Flow's panels (the map, the Hide map button, the zoom
 * buttons), measured where they are on the screen at the current zoom.
 */
function viewOf(pane: PaneState): CanvasView {
  const [x, y, zoom] = pane.transform;
  const origin = pane.domNode?.getBoundingClientRect();
  const panels = pane.domNode?.querySelectorAll('.react-flow__panel') ?? [];
  const toCanvas = (left: number, top: number) => ({
    x: (left - (origin?.left ?? 0) - x) / zoom,
    y: (top - (origin?.top ?? 0) - y) / zoom,
  });
  const covered = [...panels].map((panel) => {
    const rect = panel.getBoundingClientRect();
    const topLeft = toCanvas(rect.left, rect.top);
    const bottomRight = toCanvas(rect.right, rect.bottom);
    return { left: topLeft.x, top: topLeft.y, right: bottomRight.x, bottom: bottomRight.y };
  });
  return {
    left: -x / zoom,
    top: -y / zoom,
    right: (pane.width - x) / zoom,
    bottom: (pane.height - y) / zoom,
    covered,
  };
}

/** Whether `box` lies within the view, nothing drawn over it. */
function isSeen(box: Area, view: CanvasView): boolean {
  const isWithin =
    box.left >= view.left && box.top >= view.top && box.right <= view.right && box.bottom <= view.bottom;
  const isCovered = (view.covered ?? []).some(
    (area) =>
      box.left < area.right && area.left < box.right && box.top < area.bottom && area.top < box.bottom,
  );
  return isWithin && !isCovered;
}

/**
 * Pans (never zooms) so the steps just pasted show, clear of the map and the zoom buttons: when
 * nothing in view was clear, they went to the nearest clear spot, out of view or under the map.
 */
function showPasted(flow: ReturnType<typeof useReactFlow>, pane: PaneState, view: CanvasView): void {
  const { graph, selectedIds } = useDesignerStore.getState();
  const corners = selectedIds.flatMap((id) => graph?.positions[id] ?? []);
  if (corners.length === 0 || pane.width === 0) return;
  const pasted = {
    left: Math.min(...corners.map((corner) => corner.x)),
    top: Math.min(...corners.map((corner) => corner.y)),
    right: Math.max(...corners.map((corner) => corner.x)) + stepNodeSize.width,
    bottom: Math.max(...corners.map((corner) => corner.y)) + stepNodeSize.height,
  };
  if (isSeen(pasted, view)) return;
  const [x, y, zoom] = pane.transform;
  const box = {
    left: pasted.left * zoom + x,
    top: pasted.top * zoom + y,
    right: pasted.right * zoom + x,
    bottom: pasted.bottom * zoom + y,
  };
  const pan = panToShow(box, pane, useCanvasOverview.getState().isShown);
  if (pan.x !== 0 || pan.y !== 0)
    void flow.setViewport({ x: x + pan.x, y: y + pan.y, zoom }, { duration: 200 });
}

/**
 * Undoes or redoes. A step it takes away that had the keyboard (Ctrl+Z right after adding a step
 * from the palette, which focuses it) hands it to the step before, as deleting does; the browser
 * dropped it to <body>, and Tab started again from the top of the page.
 */
function stepThroughHistory(direction: 'undo' | 'redo'): void {
  const before = useDesignerStore.getState().graph;
  useDesignerStore.getState()[direction]();
  const after = useDesignerStore.getState().graph;
  if (before === null || after === null || before === after) return;
  const kept = new Set(after.steps.map((step) => step.id));
  const gone = before.steps.filter((step) => !kept.has(step.id)).map((step) => step.id);
  refocusAfterStepsDeleted(before, gone);
}

export function useCanvasCommands(): CanvasCommands {
  const flow = useReactFlow();
  const pane = useStoreApi();
  return useMemo(() => {
    const store = useDesignerStore.getState;
    // Zoom to fit, animated, clear of the overview map when it shows.
    const fit = () => frameSteps(flow, pane.getState(), useCanvasOverview.getState().isShown, 200);
    return {
      undo: () => stepThroughHistory('undo'),
      redo: () => stepThroughHistory('redo'),
      copy: async () => {
        await copySelection();
      },
      cut: async () => {
        const copied = await copySelection();
        if (copied !== null) store().deleteElements(copied);
      },
      paste: async (at) => {
        const text = await stepClipboard.read();
        const payload = text === null ? null : parseClipboard(text);
        if (payload === null) {
          useNoticeStore.getState().show('error', 'The clipboard holds no copied steps to paste.');
          return;
        }
        const view = viewOf(pane.getState());
        const corner = at === undefined ? pasteCornerInView(payload, view) : null;
        const next = placePaste(lastPaste, at === undefined ? corner : flow.screenToFlowPosition(at));
        lastPaste = next.spot;
        store().paste(payload, next.placement, view);
        showPasted(flow, pane.getState(), view);
      },
      selectAll: () => store().setSelection(store().graph?.steps.map((step) => step.id) ?? []),
      clearSelection: () => store().setSelection([]),
      tidyUp: () => {
        const { graph, sizes } = store();
        if (graph === null) return;
        store().applyLayout(autoLayout(graph, sizes));
        // Fit once React Flow has the new positions.
        requestAnimationFrame(fit);
      },
      fitView: fit,
    };
  }, [flow, pane]);
}
