/**
 * The canvas follows a debug run's pause: the step it is paused before is panned into view, clear
 * of the zoom buttons and the overview map, as a step added from the palette is. Without it, a
 * pause at a step out of sight or under the map (the map covers half a small window's canvas)
 * left the user reading "Paused before …" with the step itself hidden.
 */
import { useEffect } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { panStepIntoView, useCanvasOverview } from '../canvasOverview';
import { useDebugStore } from './debugSession';

export function useFollowPausedStep(): void {
  const flow = useReactFlow();
  const pane = useStoreApi();
  const pausedAt = useDebugStore((state) => state.pause?.pausedAt);
  useEffect(() => {
    const stepId = useDebugStore.getState().pause?.stepId;
    if (stepId === undefined) return;
    const measured = flow.getInternalNode(stepId)?.measured;
    if (measured?.width === undefined || measured.height === undefined) return;
    const size = { width: measured.width, height: measured.height };
    panStepIntoView(flow, stepId, size, pane.getState(), useCanvasOverview.getState().isShown, 200);
  }, [flow, pane, pausedAt]);
}
