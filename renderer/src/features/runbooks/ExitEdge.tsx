/**
 * An edge of the designer's canvas: the curve React Flow draws, and — once zoomed in enough to
 * read it — the name of the exit it leaves by (success, failure, true, false…) at its middle.
 * The label is HTML in React Flow's label layer, so nothing is measured to place it (an SVG label
 * is measured with getBBox, which at thousands of edges cost a tenth of opening the runbook).
 */
import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  useStore,
  type Edge,
  type EdgeProps,
  type ReactFlowState,
} from '@xyflow/react';
import type { ReactElement } from 'react';
import type { EdgeKind } from '../../../../shared/runbook/runbookGraph';

/** `labelShift`: how far down its label moves, clear of another exit's to the same step. */
export type ExitEdgeType = Edge<{ kind: EdgeKind; label?: string; labelShift?: number }, 'exit'>;

/** From this zoom on, as from where a fitted runbook usually opens, the labels are readable. */
export const edgeLabelZoom = 0.6;
const selectShowsLabels = (state: ReactFlowState) => state.transform[2] >= edgeLabelZoom;

export function ExitEdge(props: EdgeProps<ExitEdgeType>): ReactElement {
  const [path, labelX, labelY] = getBezierPath(props);
  const showsLabel = useStore(selectShowsLabels);
  const kind = props.data?.kind;
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        {...(props.markerEnd === undefined ? {} : { markerEnd: props.markerEnd })}
      />
      {showsLabel && kind !== undefined && kind !== 'next' && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label edge-label-${kind}`}
            style={{
              transform: `translate(-50%, -50%) translate(${String(labelX)}px, ${String(labelY + (props.data?.labelShift ?? 0))}px)`,
            }}
            aria-hidden="true"
          >
            {props.data?.label ?? kind}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
