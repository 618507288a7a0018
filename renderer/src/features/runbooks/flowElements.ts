/**
 * The graph as React Flow nodes and edges. React Flow re-renders a node only when its object
 * changes, so each build reuses the previous object of every node and edge whose inputs are the
 * same: dragging one step hands React Flow one new node per frame, not all of them. Each node
 * carries its size and handles (stepNodeLayout.ts), so React Flow need not measure it first.
 *
 * Edges are drawn by ExitEdge.tsx, which names the exit at the edge's middle when zoomed in (as
 * HTML: React Flow measures an SVG label with getBBox, a tenth of opening a large runbook). The
 * edge's class names its kind, which canvas.css colours.
 */
import type { Node } from '@xyflow/react';
import type { Edge, RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { exitsOfStep, isStartStep, type StepType } from '../../../../shared/runbook/stepTypes';
import { positionsOf, type Size } from './autoLayout';
import { edgeId } from './designerStore';
import type { ExitEdgeType } from './ExitEdge';
import { handlesOf, stepNodeSize } from './stepNodeLayout';

export type StepNodeType = Node<{ stepId: string; stepType: StepType }, 'step'>;

const origin = { x: 0, y: 0 };

/** Builds nodes and edges, remembering them for the next build. */
export interface FlowElementCache {
  nodes(
    graph: RunbookGraph,
    selectedIds: readonly string[],
    sizes: Readonly<Record<string, Size | undefined>>,
  ): StepNodeType[];
  /**
   * `nameOf` names the steps for assistive technology ("From Check on failure to Notify");
   * `exitLabel` names an edge's exit where its kind is not its name (a Switch's case).
   */
  edges(
    edges: readonly Edge[],
    selectedEdgeIds: readonly string[],
    nameOf: (stepId: string) => string,
    exitLabel?: (edge: Edge) => string,
  ): ExitEdgeType[];
}

export function createFlowElementCache(): FlowElementCache {
  let previousNodes = new Map<string, StepNodeType>();
  let previousEdges = new Map<string, ExitEdgeType>();
  return {
    nodes: (graph, selectedIds, sizes) => {
      const selected = new Set(selectedIds);
      const next = new Map<string, StepNodeType>();
      const positions = positionsOf(graph);
      const nodes = graph.steps.map((step) => {
        const position = positions[step.id] ?? origin;
        const isSelected = selected.has(step.id);
        // Known before drawing (stepNodeLayout), so React Flow shows the step at once.
        const measured = sizes[step.id] ?? stepNodeSize;
        const old = previousNodes.get(step.id);
        const handles = handlesOf(step.type, exitsOfStep(step));
        const node =
          old !== undefined &&
          old.handles === handles &&
          old.position === position &&
          old.selected === isSelected &&
          old.measured === measured &&
          old.data.stepType === step.type
            ? old
            : {
                id: step.id,
                type: 'step' as const,
                position,
                data: old?.data.stepType === step.type ? old.data : { stepId: step.id, stepType: step.type },
                selected: isSelected,
                deletable: !isStartStep(step),
                measured,
                handles,
              };
        next.set(step.id, node);
        return node;
      });
      previousNodes = next;
      return nodes;
    },
    edges: (edges, selectedEdgeIds, nameOf, exitLabel = (edge) => edge.kind) => {
      const selected = new Set(selectedEdgeIds);
      const next = new Map<string, ExitEdgeType>();
      const labelShifts = labelShiftsOf(edges);
      const flowEdges = edges.map((edge, index) => {
        const id = edgeId(edge);
        const isSelected = selected.has(id);
        const old = previousEdges.get(id);
        const label = exitLabel(edge);
        const labelShift = labelShifts[index] ?? 0;
        const ariaLabel = `From ${nameOf(edge.from)} on ${label} to ${nameOf(edge.to)}`;
        const flowEdge =
          old !== undefined &&
          old.target === edge.to &&
          old.selected === isSelected &&
          old.ariaLabel === ariaLabel &&
          (old.data?.labelShift ?? 0) === labelShift
            ? old
            : {
                id,
                type: 'exit' as const,
                source: edge.from,
                sourceHandle: edge.kind,
                target: edge.to,
                data: { kind: edge.kind, label, ...(labelShift === 0 ? {} : { labelShift }) },
                ariaLabel,
                className: `edge-${edge.kind}`,
                selected: isSelected,
              };
        next.set(id, flowEdge);
        return flowEdge;
      });
      previousEdges = next;
      return flowEdges;
    },
  };
}

/** Between the middles of two exit labels that would otherwise sit on each other, in pixels. */
export const edgeLabelGap = 20;

/**
 * How far each edge's label moves down from its curve's middle: exits of one step that lead to
 * the same step (a Wait for approval's "rejected" and "timed out" both to a Notify) draw nearly
 * the same curve, so their labels are stacked around its middle instead of drawn over each other.
 */
function labelShiftsOf(edges: readonly Edge[]): number[] {
  const counts = new Map<string, number>();
  const pairOf = (edge: Edge) => `${edge.from}\u0000${edge.to}`;
  for (const edge of edges) counts.set(pairOf(edge), (counts.get(pairOf(edge)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return edges.map((edge) => {
    const pair = pairOf(edge);
    const count = counts.get(pair) ?? 1;
    if (count === 1) return 0;
    const slot = seen.get(pair) ?? 0;
    seen.set(pair, slot + 1);
    return (slot - (count - 1) / 2) * edgeLabelGap;
  });
}
