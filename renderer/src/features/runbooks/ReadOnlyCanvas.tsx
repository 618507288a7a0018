/**
 * A runbook graph drawn read-only: a published version in the designer, a run's path on its
 * page. Nothing can be moved, connected or deleted; callers dress steps and edges (a run's
 * states, the edges it took) through plain class names.
 */
import {
  Background,
  Controls,
  Handle,
  Position,
  ReactFlow,
  useReactFlow,
  useStore,
  type Edge as FlowEdge,
  type FitViewOptions,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useEffect, useMemo, useRef, type ReactElement, type ReactNode } from 'react';
import type { Edge, EdgeKind, RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import {
  exitLabelOf,
  exitsOfStep,
  isStartStep,
  stepTypes,
  type Step,
  type StepType,
} from '../../../../shared/runbook/stepTypes';
import { Icon } from '../../app/icons';
import { positionsOf } from './autoLayout';
import { useCanvasTabbing, type TabbedFlow } from './canvasTabbing';
import { fitWholeUpTo, maxCanvasZoom, minCanvasZoom, openingViewOn } from './canvasOverview';
import {
  entryHandleStyle,
  exitHandleStylesOf,
  handlesOf,
  stepCardStyle,
  stepNodeSize,
} from './stepNodeLayout';
import { viewOf } from './steps/stepViews';

/** How a caller dresses one step: extra class names and a short note under its name. */
export interface StepLook {
  className?: string;
  note?: string;
  /**
   * What the step waits for (a run's step waiting for the rate limit): a word or two after its note,
   * the whole text as its tooltip and for screen readers.
   */
  wait?: { label: string; text: string };
}

/** How a caller dresses one edge. */
export interface EdgeLook {
  className?: string;
  isAnimated?: boolean;
}

interface ReadOnlyStepData extends Record<string, unknown> {
  /** The step itself, for its type line (an End's outcome, as on the designer's canvas). */
  step: Step;
  type: StepType;
  name: string;
  look: StepLook | undefined;
  outgoing: readonly EdgeKind[];
}
type ReadOnlyStepNode = Node<ReadOnlyStepData, 'readOnlyStep'>;

/**
 * A fixed-size card, as on the designer's canvas (stepNodeLayout.ts): React Flow is told its size
 * and handles with the node, so it draws only the steps in view from the first render. Left to
 * measure them, it drew every step once to find its handles — a run of 5,000 steps drew 5,000
 * cards and took them away again before its page showed.
 */
const ReadOnlyStep = memo(function ReadOnlyStep({ data }: NodeProps<ReadOnlyStepNode>): ReactElement {
  const { NodeSummary } = viewOf(data.step);
  const exitStyles = exitHandleStylesOf(data.outgoing.length);
  return (
    <>
      <div
        className={`step-node step-${data.type} read-only-node ${data.look?.className ?? ''}`}
        style={stepCardStyle}
      >
        <NodeSummary step={data.step} />
        <div className="step-name" title={data.name}>
          {data.name}
        </div>
        {data.look?.note !== undefined && (
          <span className="step-live">
            {data.look.note}
            {data.look.wait !== undefined && <StepWait {...data.look.wait} />}
          </span>
        )}
      </div>
      {stepTypes[data.type].isStart !== true && (
        <Handle
          type="target"
          position={Position.Top}
          className="handle-in"
          isConnectable={false}
          style={entryHandleStyle}
        />
      )}
      {data.outgoing.map((kind, index) => (
        <Handle
          key={kind}
          type="source"
          id={kind}
          position={Position.Bottom}
          isConnectable={false}
          className={`handle-out handle-${kind}`}
          style={exitStyles[index]}
        />
      ))}
    </>
  );
});
const nodeTypes = { readOnlyStep: ReadOnlyStep };

/** A step's wait on its card: a clock and a word or two, the whole text for whoever asks. */
function StepWait({ label, text }: { label: string; text: string }): ReactElement {
  return (
    <span className="step-wait" title={text}>
      <Icon name="clock" />
      <span aria-hidden="true">{label}</span>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}

/**
 * Fits the steps again when the canvas changes size — the page settling after the first fit (a
 * run's outcome appearing above it) left the last steps under the replay bar or out of view —
 * or when its steps change (a runbook read anew: the cache's older answer, drawn first, had only
 * the Start step of a runbook built since, and the new steps stayed out of view) — until the user
 * has panned or zoomed it.
 */
function FitOnChange({
  options,
  isMovedByUser,
  stepsKey,
}: {
  options: FitViewOptions;
  isMovedByUser: { current: boolean };
  /** The steps' ids: a new key is a new set of steps to fit. */
  stepsKey: string;
}): null {
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  const flow = useReactFlow();
  useEffect(() => {
    // React Flow queues the fit until the new steps are measured.
    if (!isMovedByUser.current && width > 0 && height > 0) void flow.fitView(options);
  }, [flow, options, isMovedByUser, width, height, stepsKey]);
  return null;
}

export function ReadOnlyCanvas({
  graph,
  label,
  stepLooks,
  edgeLooks,
  onSelect,
  hasControls = false,
  clearBelow = 0,
  children,
}: {
  graph: RunbookGraph;
  /** The canvas's accessible name. */
  label: string;
  /** By step id; memoise it, the nodes are rebuilt when it changes. */
  stepLooks?: ReadonlyMap<string, StepLook>;
  /** By the graph's own edge objects; memoise it too. */
  edgeLooks?: ReadonlyMap<Edge, EdgeLook>;
  onSelect?: (stepId: string) => void;
  /** Zoom buttons, for a canvas that fills the page. */
  hasControls?: boolean;
  /** Pixels at the bottom that the fitted steps stay clear of: a bar drawn over the canvas there. */
  clearBelow?: number;
  children?: ReactNode;
}): ReactElement {
  const nodes = useMemo((): ReadOnlyStepNode[] => {
    const positions = positionsOf(graph);
    // Two versions overlaid draw the older one's edges from exits the newer step no longer has
    // (a Switch case removed, a Condition made a Delay): each gets a handle after the step's own,
    // or React Flow leaves the edge out.
    const edgeKinds = new Map<string, Set<EdgeKind>>();
    for (const edge of graph.edges)
      edgeKinds.set(edge.from, (edgeKinds.get(edge.from) ?? new Set()).add(edge.kind));
    const outgoingOf = (step: Step): readonly EdgeKind[] => {
      const own: readonly EdgeKind[] = exitsOfStep(step);
      const lost = [...(edgeKinds.get(step.id) ?? [])].filter((kind) => !own.includes(kind));
      return lost.length === 0 ? own : [...own, ...lost];
    };
    return graph.steps.map((step) => {
      const outgoing = outgoingOf(step);
      return {
        id: step.id,
        type: 'readOnlyStep',
        position: positions[step.id] ?? { x: 0, y: 0 },
        data: {
          step,
          type: step.type,
          name: step.name,
          look: stepLooks?.get(step.id),
          outgoing,
        },
        measured: stepNodeSize,
        handles: handlesOf(step.type, outgoing),
        draggable: false,
        connectable: false,
        deletable: false,
      };
    });
  }, [graph, stepLooks]);
  const edges = useMemo((): FlowEdge[] => {
    const byId = new Map(graph.steps.map((step) => [step.id, step]));
    return graph.edges.map((edge) => {
      const look = edgeLooks?.get(edge);
      const source = byId.get(edge.from);
      return {
        // One edge leaves each exit — but two versions overlaid may show an exit's old and new edge.
        id: `${edge.from}:${edge.kind}:${edge.to}`,
        source: edge.from,
        sourceHandle: edge.kind,
        target: edge.to,
        // Named as on the designer's canvas ("timed out", a Switch's case), not by its raw kind.
        label: source === undefined ? edge.kind : exitLabelOf(source, edge.kind),
        deletable: false,
        ...(look?.className === undefined ? {} : { className: look.className }),
        animated: look?.isAnimated === true,
      };
    });
  }, [graph, edgeLooks]);
  // Like the designer's canvas: a large graph opens readable on its Start step, and only the
  // steps in view are drawn (two versions of 1,000 steps compared, fitted whole and every step
  // and edge label drawn, held the window for seconds).
  const isLarge = graph.steps.length > fitWholeUpTo;
  const startId = isLarge ? graph.steps.find(isStartStep)?.id : undefined;
  const fitOptions = useMemo(
    (): FitViewOptions =>
      startId !== undefined
        ? openingViewOn(startId)
        : {
            padding: clearBelow === 0 ? 0.2 : { x: 0.2, top: 0.2, bottom: `${clearBelow}px` as const },
            maxZoom: 1.2,
          },
    [clearBelow, startId],
  );
  const isMovedByUser = useRef(false);
  const stepsKey = graph.steps.map((step) => step.id).join('\n');
  const flowRef = useRef<TabbedFlow | null>(null);
  const tabbing = useCanvasTabbing({
    graphOf: () => graph,
    flowOf: () => flowRef.current,
    hasEdgeStops: false,
    isOverviewShown: false,
  });
  return (
    // Tab goes through the steps as the flow goes, as on the designer's canvas (canvasTabbing.ts).
    // The wrapper draws no box of its own: React Flow fills the caller's element as before.
    <div className="read-only-canvas-keys" style={{ display: 'contents' }} onKeyDown={tabbing.onKeyDown}>
      <span className="canvas-tab-entry visually-hidden" tabIndex={0} onFocus={tabbing.onEntryFocus} />
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={fitOptions}
        // A move without an event is the app's own fit; one with an event is the user's pan or zoom.
        onMoveStart={(event) => {
          if (event !== null) isMovedByUser.current = true;
        }}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={onSelect !== undefined}
        edgesFocusable={false}
        deleteKeyCode={null}
        onNodeClick={onSelect === undefined ? undefined : (_, node) => onSelect(node.id)}
        onlyRenderVisibleElements={isLarge}
        {...(isLarge ? { minZoom: minCanvasZoom, maxZoom: maxCanvasZoom } : {})}
        proOptions={{ hideAttribution: true }}
        className="read-only-canvas"
        aria-label={label}
        onInit={(instance) => {
          flowRef.current = instance;
        }}
      >
        <Background gap={20} size={1} />
        {hasControls && <Controls showInteractive={false} />}
        <FitOnChange options={fitOptions} isMovedByUser={isMovedByUser} stepsKey={stepsKey} />
        {children}
      </ReactFlow>
    </div>
  );
}
