/**
 * Connecting steps on the canvas by dragging from an exit: which connections may be made (an exit
 * the step has, never into Start nor back into the same step), making one (one edge per exit:
 * connecting an exit again moves it), and a drop on a step's card rather than on its handle.
 */
import type { Connection, Edge as FlowEdge, OnConnectEnd } from '@xyflow/react';
import type { EdgeKind } from '../../../../shared/runbook/runbookGraph';
import { exitsOfStep, isStartStep } from '../../../../shared/runbook/stepTypes';
import { stepIndexOf, useDesignerStore } from './designerStore';

export function onConnect(connection: Connection): void {
  useDesignerStore.getState().connect({
    from: connection.source,
    kind: (connection.sourceHandle ?? 'next') as EdgeKind,
    to: connection.target,
  });
}

export function isValidConnection(connection: Connection | FlowEdge): boolean {
  const graph = useDesignerStore.getState().graph;
  if (graph === null) return false;
  const steps = stepIndexOf(graph.steps);
  const source = steps.get(connection.source);
  const target = steps.get(connection.target);
  return (
    source !== undefined &&
    target !== undefined &&
    !isStartStep(target) &&
    source.id !== target.id &&
    (exitsOfStep(source) as readonly string[]).includes(connection.sourceHandle ?? '')
  );
}

/**
 * An exit dropped on a step's card, not on its entry handle (5 px across at the opening zoom),
 * connects to that step, as other flow editors do: React Flow connects only within 20 px of a
 * handle, so a drop in the middle of the step did nothing.
 */
export const onConnectEnd: OnConnectEnd = (event, state) => {
  if (state.isValid === true || state.fromNode === null || state.fromHandle.type !== 'source') return;
  const point = 'changedTouches' in event ? event.changedTouches[0] : event;
  if (point === undefined) return;
  const card = document.elementFromPoint(point.clientX, point.clientY)?.closest('.react-flow__node');
  const stepId = card?.getAttribute('data-id');
  if (stepId === null || stepId === undefined) return;
  const connection = {
    source: state.fromNode.id,
    sourceHandle: state.fromHandle.id ?? null,
    target: stepId,
    targetHandle: null,
  };
  if (isValidConnection(connection)) onConnect(connection);
};
