/**
 * A step's box on the canvas and where its handles sit: fixed sizes, in canvas units. React Flow
 * is told them with every node (`measured`, `handles`), so it shows the steps and draws the edges
 * in the first render instead of hiding every step until each has been measured and its handles
 * found in the DOM (most of the time it took to open a runbook of a thousand steps). StepNode
 * draws from the same numbers, so the two cannot disagree; were a step ever drawn at another
 * size, React Flow would measure it and report the size as usual.
 */
import type { HandleType, NodeHandle } from '@xyflow/react';
import { Position } from '@xyflow/react';
import type { CSSProperties } from 'react';
import type { EdgeKind } from '../../../../shared/runbook/runbookGraph';
import { stepTypes, type StepType } from '../../../../shared/runbook/stepTypes';
import { defaultStepSize, type Size } from './autoLayout';

/** Every step's size: the size auto-layout assumes. */
export const stepNodeSize: Size = defaultStepSize;
/**
 * The style of every step's card. Off screen, the browser skips the card's content (style,
 * layout, paint and hit-testing of its text) and sizes it as given here, which is its size
 * anyway; on screen it is drawn in full. The content's clip is widened to take in the problems
 * badge, which sticks out of the corner. The handles sit beside the card, never skipped: React
 * Flow reads their place from the DOM when it first sees a step, and reading it inside skipped
 * content would make the browser lay that content out, step by step.
 */
export const stepCardStyle: CSSProperties = {
  width: stepNodeSize.width,
  height: stepNodeSize.height,
  contentVisibility: 'auto',
  containIntrinsicSize: `${String(stepNodeSize.width)}px ${String(stepNodeSize.height)}px`,
  overflowClipMargin: '12px',
};

/** The entry handle, centred on the top edge. */
const entrySize = 8;
/** The exit handles, spread along the bottom edge. */
const exitSize = 10;
/** How far an exit's name keeps from the card's sides. */
const exitLabelInset = 6;
/** The room kept between the names of two neighbouring exits. */
const exitLabelGap = 2;

export interface HandleBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where the entry handle sits, from the step's top-left corner. */
export const entryHandleBox: HandleBox = {
  left: stepNodeSize.width / 2 - entrySize / 2,
  top: -entrySize / 2,
  width: entrySize,
  height: entrySize,
};

/** The centre of exit `index` of `count` along the bottom edge. */
export function exitCentre(index: number, count: number): number {
  return Math.round((stepNodeSize.width * (index + 1)) / (count + 1));
}

/** Where exit handle `index` of `count` sits, from the step's top-left corner. */
export function exitHandleBox(index: number, count: number): HandleBox {
  return {
    left: exitCentre(index, count) - exitSize / 2,
    top: stepNodeSize.height - exitSize / 2,
    width: exitSize,
    height: exitSize,
  };
}

/**
 * Where the name of exit `index` of `count`, `textWidth` wide, sits along the bottom edge: centred
 * above its handle when there is room, else moved towards the card's side, so the first and last
 * of three or more (a Wait for approval's "timed out", a Switch's last case) use the room beside
 * them instead of ending in "…". Each name keeps to its share of the edge — from halfway to the
 * neighbouring exit (or the card's side) to halfway to the next — so names never run into one
 * another; a name wider than its share is cut to it.
 */
export function exitLabelBox(
  index: number,
  count: number,
  textWidth: number,
): { left: number; width: number } {
  const centre = exitCentre(index, count);
  const from = index === 0 ? exitLabelInset : (exitCentre(index - 1, count) + centre + exitLabelGap) / 2;
  const to =
    index === count - 1
      ? stepNodeSize.width - exitLabelInset
      : (centre + exitCentre(index + 1, count) - exitLabelGap) / 2;
  const width = Math.min(Math.ceil(textWidth), to - from);
  const left = Math.min(Math.max(centre - width / 2, from), to - width);
  return { left, width };
}

/** A handle's style: placed exactly where React Flow is told it is (canvas.css drops React Flow's own placing). */
const handleStyle = ({ left, top, width, height }: HandleBox): CSSProperties => ({
  left,
  top,
  width,
  height,
});

/** The entry handle's style. */
export const entryHandleStyle: CSSProperties = handleStyle(entryHandleBox);

const exitHandleStylesByCount = new Map<number, CSSProperties[]>();

/** The styles of the exit handles of a step with `count` exits (built once per count). */
export function exitHandleStylesOf(count: number): CSSProperties[] {
  let styles = exitHandleStylesByCount.get(count);
  if (styles === undefined) {
    styles = Array.from({ length: count }, (_, index) => handleStyle(exitHandleBox(index, count)));
    exitHandleStylesByCount.set(count, styles);
  }
  return styles;
}

const handlesByExits = new Map<string, NodeHandle[]>();

function handleAt(id: string | null, type: HandleType, position: Position, box: HandleBox): NodeHandle {
  return { id, type, position, x: box.left, y: box.top, width: box.width, height: box.height };
}

/**
 * The handles of a step of this type with these exits (its type's, unless its settings give it
 * others: a Switch's cases), as React Flow reads them — one array per type and exits, so a node
 * keeps the same array while its exits stay the same.
 */
export function handlesOf(
  type: StepType,
  exits: readonly EdgeKind[] = stepTypes[type].outgoing,
): NodeHandle[] {
  const key = `${type}:${exits.join(',')}`;
  let handles = handlesByExits.get(key);
  if (handles === undefined) {
    handles = [
      ...(stepTypes[type].isStart === true ? [] : [handleAt(null, 'target', Position.Top, entryHandleBox)]),
      ...exits.map((kind, index) =>
        handleAt(kind, 'source', Position.Bottom, exitHandleBox(index, exits.length)),
      ),
    ];
    handlesByExits.set(key, handles);
  }
  return handles;
}
