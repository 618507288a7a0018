/**
 * Tab and Shift+Tab on a canvas — the designer's and the read-only one of a version, a diff or a
 * run — follow canvasTabOrder.ts: in from before the canvas to Start, through the steps as the
 * flow goes, then the edges (where they take the keyboard), then out to the canvas's buttons; and
 * back the same way. The browser's own order is the page's: every edge, then the steps as added.
 *
 * A large runbook draws only the steps in view: the next one in order that is not drawn is
 * brought into view (the view pans, never zooms) and takes the keyboard once React Flow has drawn
 * it, so Tab reaches every step. Every step and edge keeps React Flow's own keys.
 */
import type { Edge as FlowEdge, Node as FlowNode, ReactFlowInstance } from '@xyflow/react';
import { useRef, type FocusEvent, type KeyboardEvent } from 'react';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { panStepIntoView } from './canvasOverview';
import { canvasTabOrder } from './canvasTabOrder';
import { stepNodeSize } from './stepNodeLayout';

type TabbedGraph = Pick<RunbookGraph, 'steps' | 'edges' | 'positions'>;

const graphElementSelector = '.react-flow__node, .react-flow__edge';
const tabbableSelector =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';
/** Frames to wait for React Flow to draw a step brought into view before giving up on it. */
const drawWaitFrames = 30;

/** A step or an edge as Tab goes through them: "step <id>" or "edge <id>". */
type Stop = string;

const stopsByGraph = new WeakMap<TabbedGraph, { steps: Stop[]; all: Stop[] }>();

/** The graph's steps, then its edges, in Tab order; worked out once per graph. */
function stopsOf(graph: TabbedGraph): { steps: Stop[]; all: Stop[] } {
  let stops = stopsByGraph.get(graph);
  if (stops === undefined) {
    const order = canvasTabOrder(graph);
    const steps = order.steps.map((id) => `step ${id}`);
    stops = { steps, all: [...steps, ...order.edges.map((id) => `edge ${id}`)] };
    stopsByGraph.set(graph, stops);
  }
  return stops;
}

const isGraphElement = (element: Element) => element.matches(graphElementSelector);

function stopOfElement(element: Element): Stop {
  const kind = element.classList.contains('react-flow__node') ? 'step' : 'edge';
  return `${kind} ${(element as HTMLElement).dataset.id ?? ''}`;
}

/**
 * The element drawn for a stop, if React Flow has drawn it and it takes the keyboard: a step just
 * brought into view is hidden until React Flow has measured it, and a hidden one cannot have focus.
 */
function drawnElement(canvas: Element, stop: Stop): HTMLElement | undefined {
  const [kind, id = ''] = stop.split(' ', 2);
  const selector = kind === 'step' ? '.react-flow__node' : '.react-flow__edge';
  const element = canvas.querySelector<HTMLElement>(`${selector}[data-id="${CSS.escape(id)}"]`);
  const isShown =
    element !== null && element.tabIndex >= 0 && getComputedStyle(element).visibility !== 'hidden';
  return isShown ? element : undefined;
}

/** Whether the keyboard's previous stop, in the page, before `element` is a step or an edge. */
function followsGraph(canvas: Element, element: Element): boolean {
  const stops = [...canvas.querySelectorAll(tabbableSelector)];
  const before = stops[stops.indexOf(element) - 1];
  return before !== undefined && isGraphElement(before);
}

/** What tabbing asks of React Flow: where steps are, and moving the view. */
export type TabbedFlow = Pick<
  ReactFlowInstance<FlowNode, FlowEdge>,
  'getInternalNode' | 'getEdge' | 'getViewport' | 'setViewport' | 'setCenter'
>;

/** Centres the view, at its zoom, between the two steps an edge joins. */
function centreOnEdge(flow: TabbedFlow, id: string): void {
  const edge = flow.getEdge(id);
  const from = edge === undefined ? undefined : flow.getInternalNode(edge.source);
  const to = edge === undefined ? undefined : flow.getInternalNode(edge.target);
  if (from === undefined || to === undefined) return;
  const x = (from.internals.positionAbsolute.x + to.internals.positionAbsolute.x + stepNodeSize.width) / 2;
  const y = (from.internals.positionAbsolute.y + to.internals.positionAbsolute.y + stepNodeSize.height) / 2;
  void flow.setCenter(x, y, { zoom: flow.getViewport().zoom });
}

export interface CanvasTabbing {
  /** The canvas's keydown: Tab and Shift+Tab. */
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  /** The focus handler of the canvas's way in, an element just before the graph in the page. */
  onEntryFocus(event: FocusEvent<HTMLElement>): void;
}

/**
 * Tabbing through the canvas of `graphOf()` (read when a key is pressed). `hasEdgeStops`: the
 * edges take the keyboard after the steps (the designer's do; a read-only canvas's do not).
 * The canvas is the element holding both handlers' elements and React Flow's; `flowOf()` its
 * instance (null before React Flow is ready), as the read-only canvas is drawn outside it.
 */
export function useCanvasTabbing({
  graphOf,
  flowOf,
  hasEdgeStops,
  isOverviewShown,
}: {
  graphOf: () => TabbedGraph | null;
  flowOf: () => TabbedFlow | null;
  hasEdgeStops: boolean;
  /** Whether the map shows: a step brought into view is kept clear of it. */
  isOverviewShown: boolean;
}): CanvasTabbing {
  // The stop on its way to the keyboard (brought into view, not drawn yet): a Tab meanwhile goes on from it.
  const pending = useRef<Stop | null>(null);

  /** Brings a stop into view as needed and gives it the keyboard once drawn. */
  const focusStop = (canvas: Element, stop: Stop) => {
    const [kind, id = ''] = stop.split(' ', 2);
    const flow = flowOf();
    const pane = canvas.querySelector('.react-flow');
    if (flow === null || pane === null) {
      drawnElement(canvas, stop)?.focus({ preventScroll: true });
      return;
    }
    const { clientWidth: width, clientHeight: height } = pane;
    if (kind === 'step') {
      const measured = flow.getInternalNode(id)?.measured;
      const size = {
        width: measured?.width ?? stepNodeSize.width,
        height: measured?.height ?? stepNodeSize.height,
      };
      panStepIntoView(flow, id, size, { width, height }, isOverviewShown);
    } else if (drawnElement(canvas, stop) === undefined) {
      centreOnEdge(flow, id);
    }
    const shown = drawnElement(canvas, stop);
    if (shown !== undefined) {
      pending.current = null;
      shown.focus({ preventScroll: true });
      return;
    }
    // The step that has the keyboard may leave the page as the view moves: the canvas's way in
    // holds it meanwhile, so a Tab pressed before the next is drawn goes on from that one rather
    // than from the top of the page.
    pending.current = stop;
    canvas.querySelector<HTMLElement>('.canvas-tab-entry')?.focus({ preventScroll: true });
    let frames = 0;
    const focusWhenDrawn = () => {
      if (pending.current !== stop) return; // a later Tab moved on
      const element = drawnElement(canvas, stop);
      if (element !== undefined || frames >= drawWaitFrames) {
        pending.current = null;
        element?.focus({ preventScroll: true });
        return;
      }
      frames += 1;
      requestAnimationFrame(focusWhenDrawn);
    };
    focusWhenDrawn();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Tab' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const canvas = event.currentTarget;
    const graph = graphOf();
    if (!(target instanceof Element) || graph === null) return;
    const stops = hasEdgeStops ? stopsOf(graph).all : stopsOf(graph).steps;
    const current = pending.current ?? (isGraphElement(target) ? stopOfElement(target) : null);
    if (current === null) {
      // Shift+Tab from the first button after the graph goes back to its last stop.
      const last = stops.at(-1);
      if (event.shiftKey && last !== undefined && followsGraph(canvas, target)) {
        event.preventDefault();
        focusStop(canvas, last);
      }
      return;
    }
    const index = stops.indexOf(current);
    if (index === -1) return;
    const next = stops[index + (event.shiftKey ? -1 : 1)];
    if (next !== undefined) {
      event.preventDefault();
      focusStop(canvas, next);
      return;
    }
    // Out of the graph: from its first element in the page backwards (the entry before it), or its
    // last forwards, the browser's own move leaves the canvas.
    pending.current = null;
    const drawn = [...canvas.querySelectorAll<HTMLElement>(graphElementSelector)];
    const edge = event.shiftKey ? canvas.querySelector<HTMLElement>('.canvas-tab-entry') : drawn.at(-1);
    edge?.focus({ preventScroll: true });
  };

  const onEntryFocus = (event: FocusEvent<HTMLElement>) => {
    const canvas = event.currentTarget.parentElement;
    const from = event.relatedTarget;
    const graph = graphOf();
    // Focused from inside the canvas: holding the keyboard, or on the way out backwards.
    if (canvas === null || graph === null || (from instanceof Node && canvas.contains(from))) return;
    const first = stopsOf(graph).steps[0];
    if (first !== undefined) focusStop(canvas, first);
  };

  return { onKeyDown, onEntryFocus };
}
