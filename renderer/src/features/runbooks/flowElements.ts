/**
 * The graph as React Flow nodes and edges. React Flow re-renders a node only when its object
 * changes, so each build reuses the previous object of every node and edge whose inputs are the
 * same: dragging one step hands React Flow one new node per frame, not all of them. Each node
 * carries its size and handles (stepNodeLayout.ts), so React Flow need not measure it first.
 *
 * Edges carry no label: the exit's name is written at its handle on the step, and React Flow
 * measures every label with getBBox (a tenth of opening a large runbook). The edge's class names
 * its kind, which canvas.css colours.
 */
import type { Edge as FlowEdge, Node } from '@xyflow/react';
import type { Edge, RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { isStartStep, type StepType } from '../../../../shared/runbook/stepTypes';
import { positionsOf, type Size } from './autoLayout';
import { edgeId } from './designerStore';
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
  edges(edges: readonly Edge[], selectedEdgeIds: readonly string[]): FlowEdge[];
}

export function createFlowElementCache(): FlowElementCache {
  let previousNodes = new Map<string, StepNodeType>();
  let previousEdges = new Map<string, FlowEdge>();
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
        const node =
          old !== undefined &&
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
                handles: handlesOf(step.type),
              };
        next.set(step.id, node);
        return node;
      });
      previousNodes = next;
      return nodes;
    },
    edges: (edges, selectedEdgeIds) => {
      const selected = new Set(selectedEdgeIds);
      const next = new Map<string, FlowEdge>();
      const flowEdges = edges.map((edge) => {
        const id = edgeId(edge);
        const isSelected = selected.has(id);
        const old = previousEdges.get(id);
        const flowEdge =
          old !== undefined && old.target === edge.to && old.selected === isSelected
            ? old
            : {
                id,
                source: edge.from,
                sourceHandle: edge.kind,
                target: edge.to,
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
