/** The flow chart: React Flow over the designer store's graph; drop from the palette to add. */
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
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo, type DragEvent, type ReactElement } from 'react';
import type { EdgeKind } from '../../../../shared/runbook/runbookGraph';
import { stepTypes, type StepType } from '../../../../shared/runbook/stepTypes';
import { useDesignerStore } from './designerStore';
import { StepNode, type StepNodeType } from './StepNode';

const nodeTypes = { step: StepNode };
const selectGraph = (state: ReturnType<typeof useDesignerStore.getState>) => state.graph;
const selectSelected = (state: ReturnType<typeof useDesignerStore.getState>) => state.selectedId;
export const paletteMime = 'application/x-runbook-step';

function onNodesChange(changes: NodeChange<StepNodeType>[]): void {
  const store = useDesignerStore.getState();
  for (const change of changes) {
    if (change.type === 'position' && change.position !== undefined && change.dragging === false) {
      store.moveStep(change.id, change.position);
    } else if (change.type === 'position' && change.position !== undefined) {
      // While dragging, move without saving on every frame.
      const graph = store.graph;
      if (graph !== null)
        useDesignerStore.setState({
          graph: { ...graph, positions: { ...graph.positions, [change.id]: change.position } },
        });
    } else if (change.type === 'select' && change.selected) {
      store.select(change.id);
    } else if (change.type === 'remove') {
      const step = store.graph?.steps.find((candidate) => candidate.id === change.id);
      if (step !== undefined && step.type !== 'start') store.removeStep(change.id);
    }
  }
}

function onEdgesChange(changes: EdgeChange[]): void {
  for (const change of changes) {
    if (change.type === 'remove') {
      const [from = '', kind = ''] = change.id.split(':');
      useDesignerStore.getState().disconnect(from, kind as EdgeKind);
    }
  }
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

export function RunbookCanvas(): ReactElement | null {
  const graph = useDesignerStore(selectGraph);
  const selectedId = useDesignerStore(selectSelected);
  const flow = useReactFlow();

  const nodes = useMemo<StepNodeType[]>(
    () =>
      (graph?.steps ?? []).map((step) => ({
        id: step.id,
        type: 'step',
        position: graph?.positions[step.id] ?? { x: 0, y: 0 },
        data: { stepId: step.id },
        selected: step.id === selectedId,
        deletable: step.type !== 'start',
      })),
    [graph, selectedId],
  );
  const edges = useMemo<FlowEdge[]>(
    () =>
      (graph?.edges ?? []).map((edge) => ({
        id: `${edge.from}:${edge.kind}`,
        source: edge.from,
        sourceHandle: edge.kind,
        target: edge.to,
        label: edge.kind === 'next' ? undefined : edge.kind,
        className: `edge-${edge.kind}`,
      })),
    [graph],
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
        onConnect={(connection) =>
          useDesignerStore.getState().connect({
            from: connection.source,
            kind: (connection.sourceHandle ?? 'next') as EdgeKind,
            to: connection.target,
          })
        }
        isValidConnection={isValidConnection}
        onPaneClick={() => useDesignerStore.getState().select(null)}
        deleteKeyCode={['Delete', 'Backspace']}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.4 }}
        minZoom={0.05}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <MiniMap pannable zoomable />
        <Controls />
      </ReactFlow>
    </div>
  );
}
