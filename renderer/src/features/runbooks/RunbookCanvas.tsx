/**
 * The flow chart: React Flow over the designer store's graph; drop from the palette to add.
 * Selection (Shift+click, Shift+drag for a box), moves and deletes are passed to the store, which
 * records each as one undo entry.
 */
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type Edge as FlowEdge,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './canvas.css';
import { useMemo, useState, type DragEvent, type ReactElement } from 'react';
import type { EdgeKind } from '../../../../shared/runbook/runbookGraph';
import { stepTypes, type StepType } from '../../../../shared/runbook/stepTypes';
import type { Size } from './autoLayout';
import { useDesignerStore } from './designerStore';
import { createFlowElementCache, type StepNodeType } from './flowElements';
import { StepNode } from './StepNode';
import { fitViewOptions } from './useCanvasCommands';

type State = ReturnType<typeof useDesignerStore.getState>;

const nodeTypes = { step: StepNode };
const selectGraph = (state: State) => state.graph;
const selectSelectedIds = (state: State) => state.selectedIds;
const selectSelectedEdgeIds = (state: State) => state.selectedEdgeIds;
const selectSizes = (state: State) => state.sizes;
const multiSelectionKeys = ['Shift', 'Meta', 'Control'];
const deleteKeys = ['Delete', 'Backspace'];
export const paletteMime = 'application/x-runbook-step';

function onNodesChange(changes: NodeChange<StepNodeType>[]): void {
  const store = useDesignerStore.getState();
  const moved: Record<string, { x: number; y: number }> = {};
  const sizes: Record<string, Size> = {};
  let isDragging = false;
  let selection: Set<string> | null = null;
  for (const change of changes) {
    if (change.type === 'position' && change.position !== undefined) {
      moved[change.id] = change.position;
      isDragging ||= change.dragging === true;
    } else if (change.type === 'select') {
      selection ??= new Set(store.selectedIds);
      if (change.selected) selection.add(change.id);
      else selection.delete(change.id);
    } else if (change.type === 'dimensions' && change.dimensions !== undefined) {
      sizes[change.id] = change.dimensions;
    }
    // Removals arrive in onDelete, all at once, as one undo entry.
  }
  if (Object.keys(moved).length > 0) store.moveSteps(moved, !isDragging);
  if (selection !== null) store.setSelection([...selection], useDesignerStore.getState().selectedEdgeIds);
  if (Object.keys(sizes).length > 0) store.setSizes(sizes);
}

function onEdgesChange(changes: EdgeChange[]): void {
  const store = useDesignerStore.getState();
  let selection: Set<string> | null = null;
  for (const change of changes) {
    if (change.type === 'select') {
      selection ??= new Set(store.selectedEdgeIds);
      if (change.selected) selection.add(change.id);
      else selection.delete(change.id);
    }
  }
  if (selection !== null) store.setSelection(useDesignerStore.getState().selectedIds, [...selection]);
}

const onDelete: OnDelete<StepNodeType> = ({ nodes, edges }) =>
  useDesignerStore.getState().deleteElements(
    nodes.map((node) => node.id),
    edges.map((edge) => edge.id),
  );

function onConnect(connection: Connection): void {
  useDesignerStore.getState().connect({
    from: connection.source,
    kind: (connection.sourceHandle ?? 'next') as EdgeKind,
    to: connection.target,
  });
}

function isValidConnection(connection: Connection | FlowEdge): boolean {
  const graph = useDesignerStore.getState().graph;
  const source = graph?.steps.find((step) => step.id === connection.source);
  const target = graph?.steps.find((step) => step.id === connection.target);
  return (
    source !== undefined &&
    target !== undefined &&
    target.type !== 'start' &&
    source.id !== target.id &&
    (stepTypes[source.type].outgoing as readonly string[]).includes(connection.sourceHandle ?? '')
  );
}

const minimapNodeClass = (node: StepNodeType) => `minimap-node step-${node.data.stepType}`;

export function RunbookCanvas(): ReactElement | null {
  const graph = useDesignerStore(selectGraph);
  const selectedIds = useDesignerStore(selectSelectedIds);
  const selectedEdgeIds = useDesignerStore(selectSelectedEdgeIds);
  const sizes = useDesignerStore(selectSizes);
  const flow = useReactFlow();
  const [cache] = useState(createFlowElementCache);

  const nodes = useMemo(
    () => (graph === null ? [] : cache.nodes(graph, selectedIds, sizes)),
    [cache, graph, selectedIds, sizes],
  );
  const graphEdges = graph?.edges;
  const edges = useMemo(
    () => (graphEdges === undefined ? [] : cache.edges(graphEdges, selectedEdgeIds)),
    [cache, graphEdges, selectedEdgeIds],
  );
  if (graph === null) return null;

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const type = event.dataTransfer.getData(paletteMime) as StepType;
    if (!(type in stepTypes)) return;
    useDesignerStore
      .getState()
      .addStep(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  return (
    <div className="canvas" onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onPaneClick={() => useDesignerStore.getState().select(null)}
        deleteKeyCode={deleteKeys}
        multiSelectionKeyCode={multiSelectionKeys}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.05}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <MiniMap pannable zoomable nodeClassName={minimapNodeClass} ariaLabel="Overview of the runbook" />
        <Controls />
      </ReactFlow>
    </div>
  );
}
