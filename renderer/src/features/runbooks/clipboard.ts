/**
 * Copy and paste of steps, also between runbooks: what is copied (the steps, the edges between
 * them and their positions, as versioned JSON), how a clipboard text is checked, and how a copy
 * lands in a graph with fresh ids. Pure: the system clipboard itself is in systemClipboard.ts.
 */
import { z } from 'zod';
import {
  edgeSchema,
  stepIdSchema,
  type Edge,
  type RunbookGraph,
} from '../../../../shared/runbook/runbookGraph';
import { exitsOfStep, isStartStep, stepSchema, type Step } from '../../../../shared/runbook/stepTypes';
import { positionsOf } from './autoLayout';
import { clearShift, type SeenArea } from './clearSpot';
import { uniqueStepId } from './newStep';
import { stepNodeSize } from './stepNodeLayout';

export const clipboardFormat = 'runbook-designer/steps';

const pointSchema = z.object({ x: z.number(), y: z.number() });
export type Point = z.infer<typeof pointSchema>;

export const clipboardPayloadSchema = z.object({
  format: z.literal(clipboardFormat),
  version: z.literal(1),
  steps: z.array(stepSchema).min(1).max(10_000),
  edges: z.array(edgeSchema).max(20_000).default([]),
  positions: z.record(stepIdSchema, pointSchema).default({}),
});
export type ClipboardPayload = z.infer<typeof clipboardPayloadSchema>;

/** Where pasted steps go: shifted from where they were copied, or with their top-left at a point. */
export type Placement = { offset: Point } | { at: Point };

/**
 * The payload for the given steps, or null when none can be copied. The Start step is left out:
 * a runbook has exactly one.
 */
export function copySteps(graph: RunbookGraph, stepIds: Iterable<string>): ClipboardPayload | null {
  const wanted = new Set(stepIds);
  const steps = graph.steps.filter((step) => wanted.has(step.id) && !isStartStep(step));
  if (steps.length === 0) return null;
  const ids = new Set(steps.map((step) => step.id));
  const positions: Record<string, Point> = {};
  for (const id of ids) {
    const position = graph.positions[id];
    if (position !== undefined) positions[id] = position;
  }
  return {
    format: clipboardFormat,
    version: 1,
    steps,
    edges: graph.edges.filter((edge) => ids.has(edge.from) && ids.has(edge.to)),
    positions,
  };
}

export function serializeClipboard(payload: ClipboardPayload): string {
  return JSON.stringify(payload);
}

/**
 * Reads a clipboard text as copied steps, or null when it is not ours (any other text, another
 * format or version, or invalid steps). Keeps only what a paste can use: no Start step, and only
 * edges that join two copied steps through an exit their source has, one per exit.
 */
export function parseClipboard(text: string): ClipboardPayload | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = clipboardPayloadSchema.safeParse(json);
  if (!parsed.success) return null;
  const byId = new Map<string, Step>();
  for (const step of parsed.data.steps) if (!isStartStep(step) && !byId.has(step.id)) byId.set(step.id, step);
  if (byId.size === 0) return null;
  const exits = new Set<string>();
  const edges = parsed.data.edges.filter((edge) => {
    const source = byId.get(edge.from);
    const exit = `${edge.from}:${edge.kind}`;
    const isUsable =
      source !== undefined &&
      byId.has(edge.to) &&
      edge.from !== edge.to &&
      exitsOfStep(source).includes(edge.kind) &&
      !exits.has(exit);
    if (isUsable) exits.add(exit);
    return isUsable;
  });
  return { ...parsed.data, steps: [...byId.values()], edges };
}

/**
 * Adds a copy to the graph.
 * 1. Gives each pasted step a fresh id, unique in the graph (as a new step of its type gets).
 * 2. Renames the edges between them and `{{steps.<id>…}}` references among them to match.
 * 3. Places them as asked, keeping their layout (steps copied without a position stack below),
 *    or as near as they can go without covering another step, within `view` if they fit there,
 *    clear of what is drawn over it.
 */
export function pasteSteps(
  graph: RunbookGraph,
  payload: ClipboardPayload,
  placement: Placement,
  view?: CanvasView,
): { graph: RunbookGraph; pastedIds: string[] } {
  const renames = new Map<string, string>();
  const steps = [...graph.steps];
  for (const step of payload.steps) {
    const id = uniqueStepId({ ...graph, steps }, step.type);
    renames.set(step.id, id);
    steps.push({ ...step, id });
  }
  const pasted = steps.slice(graph.steps.length).map((step) => renameReferences(step, renames));
  const edges: Edge[] = payload.edges.flatMap((edge) => {
    const from = renames.get(edge.from);
    const to = renames.get(edge.to);
    return from === undefined || to === undefined ? [] : [{ from, kind: edge.kind, to }];
  });
  const origins = payload.steps.map((step, index) => payload.positions[step.id] ?? { x: 0, y: index * 100 });
  const shift = clearShift(
    origins,
    Object.values(positionsOf(graph)),
    shiftFor(origins, placement),
    stepNodeSize,
    view,
  );
  const positions = { ...graph.positions };
  payload.steps.forEach((step, index) => {
    const origin = origins[index] ?? { x: 0, y: 0 };
    positions[renames.get(step.id) ?? step.id] = { x: origin.x + shift.x, y: origin.y + shift.y };
  });
  return {
    graph: {
      ...graph,
      steps: [...graph.steps, ...pasted],
      edges: [...graph.edges, ...edges],
      positions,
    },
    pastedIds: pasted.map((step) => step.id),
  };
}

/** Where the last paste went: its canvas point (null when shifted from the copy), and how many went there. */
export interface PasteSpot {
  at: Point | null;
  count: number;
}
export const freshPasteSpot: PasteSpot = { at: null, count: 0 };
const pasteOffset = 40;

/**
 * Where the next paste goes: 40 px right and down of where the steps were copied, or with its
 * top-left at the given canvas point. Each further paste to the same spot goes 40 px further, so
 * copies never hide each other.
 */
export function placePaste(last: PasteSpot, at: Point | null): { placement: Placement; spot: PasteSpot } {
  const isSameSpot =
    last.at === null || at === null ? last.at === at : Math.hypot(at.x - last.at.x, at.y - last.at.y) < 4;
  const spot = { at, count: isSameSpot ? last.count + 1 : 1 };
  if (at === null) {
    const shift = pasteOffset * spot.count;
    return { placement: { offset: { x: shift, y: shift } }, spot };
  }
  const shift = pasteOffset * (spot.count - 1);
  return { placement: { at: { x: at.x + shift, y: at.y + shift } }, spot };
}

/** The part of the canvas in view, in canvas coordinates, and what is drawn over it. */
export type CanvasView = SeenArea;

/**
 * Where a paste made with no pointer over the canvas (Ctrl+V from the keyboard, or the pointer
 * elsewhere) puts its top-left: null, shifted from the copy as placePaste does, while the copy's
 * top-left is in view; otherwise a third of the way into the view. A copy made far off in this
 * runbook, or in another runbook, landed out of sight before (a step copied at 2,900, 2,280 in a
 * large runbook and pasted into a small one showed only in the inspector).
 */
export function pasteCornerInView(payload: ClipboardPayload, view: CanvasView): Point | null {
  const corners = payload.steps
    .map((step) => payload.positions[step.id])
    .filter((point) => point !== undefined);
  const left = corners.length === 0 ? 0 : Math.min(...corners.map((point) => point.x));
  const top = corners.length === 0 ? 0 : Math.min(...corners.map((point) => point.y));
  const isInView = left >= view.left && left <= view.right && top >= view.top && top <= view.bottom;
  if (isInView) return null;
  return {
    x: Math.round(view.left + (view.right - view.left) / 3),
    y: Math.round(view.top + (view.bottom - view.top) / 3),
  };
}

function shiftFor(origins: Point[], placement: Placement): Point {
  if ('offset' in placement) return placement.offset;
  const left = Math.min(...origins.map((point) => point.x));
  const top = Math.min(...origins.map((point) => point.y));
  return { x: placement.at.x - left, y: placement.at.y - top };
}

const stepReference = /(\{\{\s*steps\.)([a-z][a-z0-9_]*)(?=[.\s}[])/g;

/** Points `{{steps.<old>…}}` in every text of the step at the renamed step. */
function renameReferences(step: Step, renames: ReadonlyMap<string, string>): Step {
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string')
      return value.replace(stepReference, (match: string, head: string, id: string) => {
        const renamed = renames.get(id);
        return renamed === undefined ? match : `${head}${renamed}`;
      });
    if (Array.isArray(value)) return value.map(rename);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rename(inner)]));
    return value;
  };
  const { id, ...settings } = step;
  // Renaming only rewrites texts, so the step keeps its shape.
  return { ...(rename(settings) as Omit<Step, 'id'>), id } as Step;
}
