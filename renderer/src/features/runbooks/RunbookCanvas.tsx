/**
 * The flow chart: React Flow over the designer store's graph; drop from the palette to add.
 * Selection (Shift+click, Shift+drag for a box), moves and deletes are passed to the store, which
 * records each as one undo entry.
 *
 * Large runbooks stay quick: one opens at a readable zoom on its Start step rather than fitted
 * whole (few steps to draw; Zoom to fit still shows everything), only the steps and edges in
 * view are in the page, zoomed far out the steps are drawn as plain coloured boxes (canvas.css),
 * and dragging the pane captures the pointer, so the browser does not hit-test every step on each
 * mouse move.
 */
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  useStoreApi,
  useStore,
  type EdgeChange,
  type NodeChange,
  type OnDelete,
  type ReactFlowState,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './canvas.css';
import {
  useMemo,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type PointerEvent,
  type ReactElement,
} from 'react';
import { exitLabelOf, isStartStep, stepTypes, type StepType } from '../../../../shared/runbook/stepTypes';
import type { Size } from './autoLayout';
import { useDesignerStore } from './designerStore';
import { createFlowElementCache, type StepNodeType } from './flowElements';
import { StepNode } from './StepNode';
import {
  isCompactPane,
  fitWholeUpTo,
  maxCanvasZoom,
  minCanvasZoom,
  openingViewOn,
  openSteps,
  overviewSize,
  useCanvasOverview,
} from './canvasOverview';
import { useFollowPausedStep } from './debug/followPausedStep';
import { isValidConnection, onConnect, onConnectEnd } from './canvasConnecting';
import { ExitEdge } from './ExitEdge';
import { inspectorFirstFieldId } from './Inspector';
import { refocusAfterStepsDeleted } from './stepFocus';
import { useCanvasTabbing } from './canvasTabbing';

type State = ReturnType<typeof useDesignerStore.getState>;

const nodeTypes = { step: StepNode };
const edgeTypes = { exit: ExitEdge };
const selectGraph = (state: State) => state.graph;
const selectSelectedIds = (state: State) => state.selectedIds;
const selectSelectedEdgeIds = (state: State) => state.selectedEdgeIds;
const selectSizes = (state: State) => state.sizes;
/** Below this zoom a step's text is unreadable: steps are drawn as plain boxes. */
const detailZoom = 0.45;
const selectIsZoomedOut = (state: ReactFlowState) => state.transform[2] < detailZoom;
const selectIsCompact = (state: ReactFlowState) => isCompactPane(state);
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

const onDelete: OnDelete<StepNodeType> = ({ nodes, edges }) => {
  const store = useDesignerStore.getState();
  const stepIds = nodes.map((node) => node.id);
  // The deleted step had the keyboard: it goes to the step before rather than to <body>.
  refocusAfterStepsDeleted(store.graph, stepIds);
  store.deleteElements(
    stepIds,
    edges.map((edge) => edge.id),
  );
};

/**
 * A plain click on one step of several selected selects that step alone, as other editors do;
 * React Flow kept the whole selection, so after pasting two steps (both selected), or Ctrl+A, a
 * click on one to edit it left the inspector saying "Select a step to edit it". With Shift, Ctrl
 * or ⌘ the click adds or removes, and a drag (no click) moves the selection, as before.
 */
function onNodeClick(event: ReactMouseEvent, node: StepNodeType): void {
  if (event.shiftKey || event.ctrlKey || event.metaKey) return;
  const { selectedIds, select } = useDesignerStore.getState();
  if (selectedIds.length > 1 && selectedIds.includes(node.id)) select(node.id);
}

/**
 * Delete and Backspace delete the selection unless a dialog is open or the keyboard is in the
 * inspector or the palette beside the canvas, whose buttons are then in use: pressed on the
 * inspector's Breakpoint button (typing a name, Tab, then Backspace to correct) or in a dialog
 * open over the canvas, they deleted the steps selected behind it.
 */
function isKeyboardOnCanvas(): boolean {
  if (document.querySelector('dialog[open]') !== null) return false;
  return document.activeElement?.closest('.inspector, .palette') == null;
}

const onBeforeDelete = () => Promise.resolve(isKeyboardOnCanvas());

/**
 * Enter on a step (keyboard focus on the canvas) selects it and takes the keyboard to the
 * inspector's first field, rather than through every other step and the zoom buttons on the way.
 */
function editFocusedStep(event: KeyboardEvent<HTMLDivElement>): void {
  const target = event.target;
  if (
    event.key !== 'Enter' ||
    !(target instanceof HTMLElement) ||
    !target.classList.contains('react-flow__node')
  )
    return;
  const stepId = target.dataset.id;
  if (stepId === undefined) return;
  event.preventDefault();
  useDesignerStore.getState().select(stepId);
  requestAnimationFrame(() => document.getElementById(inspectorFirstFieldId)?.focus());
}

const minimapNodeClass = (node: StepNodeType) => `minimap-node step-${node.data.stepType}`;

/**
 * A drag on the empty pane pans (d3-zoom follows the mouse on the window). Capturing the pointer
 * sends the moves straight to the pane: without it Chromium hit-tests the whole canvas, every step
 * and edge, on each move. Shift+drag draws a selection box, which React Flow captures itself.
 */
function capturePanDrag(event: PointerEvent<HTMLDivElement>): void {
  const target = event.target;
  if (
    event.button === 0 &&
    !event.shiftKey &&
    target instanceof Element &&
    target.classList.contains('react-flow__pane')
  ) {
    target.setPointerCapture(event.pointerId);
  }
}

export function RunbookCanvas(): ReactElement | null {
  const graph = useDesignerStore(selectGraph);
  const selectedIds = useDesignerStore(selectSelectedIds);
  const selectedEdgeIds = useDesignerStore(selectSelectedEdgeIds);
  const sizes = useDesignerStore(selectSizes);
  const flow = useReactFlow();
  const pane = useStoreApi();
  const isZoomedOut = useStore(selectIsZoomedOut);
  const [cache] = useState(createFlowElementCache);
  const isOverviewShown = useCanvasOverview((state) => state.isShown);
  const isCompact = useStore(selectIsCompact);
  useFollowPausedStep();
  const tabbing = useCanvasTabbing({
    graphOf: () => useDesignerStore.getState().graph,
    flowOf: () => flow,
    hasEdgeStops: true,
    isOverviewShown,
  });

  const nodes = useMemo(
    () => (graph === null ? [] : cache.nodes(graph, selectedIds, sizes)),
    [cache, graph, selectedIds, sizes],
  );
  const graphEdges = graph?.edges;
  const graphSteps = graph?.steps;
  const edges = useMemo(() => {
    if (graphEdges === undefined || graphSteps === undefined) return [];
    const byId = new Map(graphSteps.map((step) => [step.id, step]));
    return cache.edges(
      graphEdges,
      selectedEdgeIds,
      (id) => byId.get(id)?.name ?? id,
      (edge) => {
        const source = byId.get(edge.from);
        return source === undefined ? edge.kind : exitLabelOf(source, edge.kind);
      },
    );
  }, [cache, graphEdges, graphSteps, selectedEdgeIds]);
  const isLarge = (graph?.steps.length ?? 0) > fitWholeUpTo;
  // How the runbook opened decides its first view, once: React Flow fits the view again whenever
  // its fitView turns true, so a runbook growing past 150 steps (a step added, a paste, a redo)
  // jumped to its Start step at zoom 1.
  const [isLargeAtOpening] = useState(isLarge);
  const startId = graph?.steps.find(isStartStep)?.id;
  // React Flow reads this once, for the first view of a large runbook; a smaller one is framed
  // whole, clear of the map, when the canvas is ready (onInit), if that leaves it readable.
  const openingView = useMemo(() => (startId === undefined ? undefined : openingViewOn(startId)), [startId]);
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
    <div
      className={`canvas designer-canvas${isZoomedOut ? ' is-zoomed-out' : ''}`}
      onDragOver={(event) => event.preventDefault()}
      onDrop={onDrop}
      onPointerDown={capturePanDrag}
      onKeyDown={(event) => {
        editFocusedStep(event);
        tabbing.onKeyDown(event);
      }}
    >
      <span className="canvas-tab-entry visually-hidden" tabIndex={0} onFocus={tabbing.onEntryFocus} />
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onNodeClick={onNodeClick}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onBeforeDelete={onBeforeDelete}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onPaneClick={() => useDesignerStore.getState().select(null)}
        deleteKeyCode={deleteKeys}
        multiSelectionKeyCode={multiSelectionKeys}
        fitView={isLargeAtOpening}
        {...(isLargeAtOpening && openingView !== undefined ? { fitViewOptions: openingView } : {})}
        onInit={(instance) => {
          if (!isLargeAtOpening) openSteps(instance, pane.getState(), isOverviewShown, startId);
        }}
        // Thousands of steps in the page slowed every pan frame (19 fps at 5,000); a small
        // runbook is all in view anyway, and keeps its steps in the page for the keyboard.
        onlyRenderVisibleElements={isLarge}
        minZoom={minCanvasZoom}
        maxZoom={maxCanvasZoom}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        {isOverviewShown && (
          <MiniMap
            pannable
            zoomable
            nodeClassName={minimapNodeClass}
            ariaLabel="Overview of the runbook"
            style={isCompact ? overviewSize.compact : overviewSize.full}
          />
        )}
        <Panel
          position="bottom-right"
          className={`overview-toggle${isOverviewShown ? ' is-shown' : ''}${isCompact ? ' is-compact' : ''}`}
        >
          <button
            type="button"
            className="toolbar-button toolbar-button-text"
            aria-pressed={isOverviewShown}
            onClick={() => useCanvasOverview.getState().toggle()}
          >
            {isOverviewShown ? 'Hide map' : 'Show map'}
          </button>
        </Panel>
        <Controls />
      </ReactFlow>
    </div>
  );
}
