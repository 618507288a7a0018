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
import { frameSteps, useCanvasOverview } from './canvasOverview';
import { useDesignerStore } from './designerStore';
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

/** The part of the canvas in view, in canvas coordinates, from the pane's size and transform. */
function viewOf(pane: { width: number; height: number; transform: [number, number, number] }): CanvasView {
  const [x, y, zoom] = pane.transform;
  return {
    left: -x / zoom,
    top: -y / zoom,
    right: (pane.width - x) / zoom,
    bottom: (pane.height - y) / zoom,
  };
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
