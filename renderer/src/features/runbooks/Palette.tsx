/**
 * The step types to drag onto the canvas (or click to add), built from the step registry. A step
 * added by a click is panned into view, clear of the overview map, and takes the keyboard.
 */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import type { ReactElement } from 'react';
import { stepTypeNames, stepTypes } from '../../../../shared/runbook/stepTypes';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { panStepIntoView, useCanvasOverview } from './canvasOverview';
import { SkipToInspector } from './CanvasBypass';
import { useDesignerStore } from './designerStore';
import { paletteMime } from './RunbookCanvas';
import { stepNodeSize } from './stepNodeLayout';

/** Below the selected step (so clicks build a chain downwards), else below the lowest step. */
function placeForNewStep(graph: RunbookGraph | null, selectedId: string | null): { x: number; y: number } {
  const positions = graph?.positions ?? {};
  const anchor =
    (selectedId === null ? undefined : positions[selectedId]) ??
    Object.values(positions).reduce<{ x: number; y: number } | undefined>(
      (lowest, position) => (lowest === undefined || position.y > lowest.y ? position : lowest),
      undefined,
    );
  if (anchor === undefined) return { x: 0, y: 0 };
  const below = { x: anchor.x, y: anchor.y + 140 };
  // Beside anything already there, rather than on top of it.
  while (
    Object.values(positions).some(
      (taken) => Math.abs(taken.x - below.x) < 200 && Math.abs(taken.y - below.y) < 90,
    )
  )
    below.x += 220;
  return below;
}

/** About a second at 60 frames a second: a step panned into view is drawn well within it. */
const drawFrames = 60;

/** Gives the keyboard to the step once its element is drawn; the pan shows it, so no scroll. */
function focusStepWhenDrawn(stepId: string, framesLeft = drawFrames): void {
  const node = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(stepId)}"]`);
  if (node !== null) node.focus({ preventScroll: true });
  else if (framesLeft > 0) requestAnimationFrame(() => focusStepWhenDrawn(stepId, framesLeft - 1));
}

/** Every type but Start (a runbook has its one Start from the beginning). */
const types = stepTypeNames.filter((type) => stepTypes[type].isStart !== true);

export function Palette(): ReactElement {
  const flow = useReactFlow();
  const pane = useStoreApi();
  return (
    <aside className="palette" aria-label="Steps">
      <h2>Steps</h2>
      <p className="hint">Drag onto the canvas, or click to add after the selected step.</p>
      {types.map((type) => (
        <button
          key={type}
          type="button"
          className="palette-item"
          draggable
          title={stepTypes[type].description}
          onDragStart={(event) => {
            event.dataTransfer.setData(paletteMime, type);
            event.dataTransfer.effectAllowed = 'move';
          }}
          onClick={() => {
            const { graph, selectedId } = useDesignerStore.getState();
            // A click builds a chain: the new step follows the selected one on its first free exit.
            useDesignerStore.getState().addStep(type, placeForNewStep(graph, selectedId), selectedId);
            // The canvas pans to it if it is out of sight or under the map, and the keyboard goes
            // with it (Enter there edits it in the inspector).
            const added = useDesignerStore.getState().selectedId;
            if (added === null) return;
            requestAnimationFrame(() => {
              // Every step has the same fixed size: a large runbook draws only the steps in view,
              // so one added out of sight had no element to measure, and was neither panned to
              // nor given the keyboard.
              panStepIntoView(
                flow,
                added,
                stepNodeSize,
                pane.getState(),
                useCanvasOverview.getState().isShown,
                200,
              );
              focusStepWhenDrawn(added);
            });
          }}
        >
          <span className={`palette-dot step-${type}`} aria-hidden="true" />
          {stepTypes[type].label}
        </button>
      ))}
      <SkipToInspector />
    </aside>
  );
}
