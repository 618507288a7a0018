/**
 * Tab and Shift+Tab on the canvas follow canvasTabOrder.ts: in from before the canvas to Start,
 * through the steps as the flow goes, then the edges, then out to the canvas's buttons; and back
 * the same way. The browser's own order is the page's: every edge, then the steps as added.
 *
 * Only the elements React Flow has drawn take part (a large runbook draws the ones in view). Every
 * step and edge keeps React Flow's own keys, as the keyboard lands on them as before.
 */
import type { FocusEvent, KeyboardEvent } from 'react';
import { canvasTabOrder } from './canvasTabOrder';
import { useDesignerStore } from './designerStore';

const graphElementSelector = '.react-flow__node, .react-flow__edge';
const tabbableSelector =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** The steps, then the edges, drawn in `canvas`, in Tab order. */
function graphInTabOrder(canvas: Element): HTMLElement[] {
  const graph = useDesignerStore.getState().graph;
  if (graph === null) return [];
  const drawn = new Map<string, HTMLElement>();
  for (const element of canvas.querySelectorAll<HTMLElement>(graphElementSelector)) {
    const kind = element.classList.contains('react-flow__node') ? 'step' : 'edge';
    drawn.set(`${kind} ${element.dataset.id ?? ''}`, element);
  }
  const order = canvasTabOrder(graph);
  return [...order.steps.map((id) => `step ${id}`), ...order.edges.map((id) => `edge ${id}`)]
    .map((key) => drawn.get(key))
    .filter((element): element is HTMLElement => element !== undefined && element.tabIndex >= 0);
}

const isGraphElement = (element: Element) => element.matches(graphElementSelector);

/** Whether the keyboard's previous stop, in the page, before `element` is a step or an edge. */
function followsGraph(canvas: Element, element: Element): boolean {
  const stops = [...canvas.querySelectorAll(tabbableSelector)];
  const before = stops[stops.indexOf(element) - 1];
  return before !== undefined && isGraphElement(before);
}

/**
 * The canvas's keydown for Tab. On a step or an edge, the next in order takes the keyboard; past
 * either end, the keyboard is put on the graph's first or last element in the page, from which
 * the browser goes on out of the canvas as it would. On the first button after the graph,
 * Shift+Tab goes back to the last edge rather than to whichever step the page has last.
 */
export function tabThroughCanvas(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Tab' || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  const canvas = event.currentTarget;
  if (!(target instanceof Element)) return;
  const order = graphInTabOrder(canvas);
  const step = event.shiftKey ? -1 : 1;
  if (!isGraphElement(target)) {
    const last = order.at(-1);
    if (event.shiftKey && last !== undefined && followsGraph(canvas, target)) {
      event.preventDefault();
      last.focus({ preventScroll: true });
    }
    return;
  }
  const index = order.indexOf(target as HTMLElement);
  if (index === -1) return;
  const next = order[index + step];
  if (next !== undefined) {
    event.preventDefault();
    next.focus({ preventScroll: true });
    return;
  }
  // Out of the graph: from its first element in the page backwards (the entry before it), or its
  // last forwards, the browser's own move leaves the canvas.
  const drawn = [...canvas.querySelectorAll<HTMLElement>(graphElementSelector)];
  const edge = event.shiftKey ? canvas.querySelector<HTMLElement>('.canvas-tab-entry') : drawn.at(-1);
  edge?.focus({ preventScroll: true });
}

/**
 * The canvas's way in, just before the graph in the page: Tab from before the canvas lands here
 * and goes on to the first step. Focused by tabThroughCanvas on the way out backwards, it lets
 * the browser go on to what precedes the canvas.
 */
export function enterCanvas(event: FocusEvent<HTMLElement>): void {
  const canvas = event.currentTarget.parentElement;
  const from = event.relatedTarget;
  if (canvas === null || (from instanceof Node && canvas.contains(from))) return;
  graphInTabOrder(canvas)[0]?.focus({ preventScroll: true });
}
