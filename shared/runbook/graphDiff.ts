/**
 * What changed between two versions of a runbook (or a version and the draft), step by step:
 * steps added, removed and changed — each change down to the field (`rules[0].left`,
 * `webhook.isEnabled`, `exits.failure`) with its value before and after — and the inputs.
 * Canvas positions are layout, not logic: a step only moved is listed apart. Pure, so the
 * version diff on the canvas, its side panel and the API give the same answer.
 */
import type { Edge, RunbookGraph, RunbookInput } from './runbookGraph';

/** One field of a step (or input) that differs; undefined on a side means absent there. */
export interface FieldChange {
  /** Where it is in the step: `seconds`, `rules[0].left`, `exits.success`. */
  path: string;
  before: unknown;
  after: unknown;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface StepChange {
  stepId: string;
  /** The step's name after the change (before, for a removed step). */
  name: string;
  type: string;
  kind: ChangeKind;
  /** Each differing field; for an added or removed step, every field it has. */
  fields: FieldChange[];
}

export interface InputChange {
  name: string;
  kind: ChangeKind;
  fields: FieldChange[];
}

export interface GraphDiff {
  steps: StepChange[];
  inputs: InputChange[];
  edges: { added: Edge[]; removed: Edge[] };
  /** Steps whose logic is the same but whose place on the canvas moved. */
  moved: string[];
}

type Json = unknown;

const isPlainObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every leaf of a value by path; an empty object or array is a leaf of its own, undefined none. */
function leavesOf(value: Json, path: string, into: Map<string, Json>): Map<string, Json> {
  if (value === undefined) return into;
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, index) => leavesOf(item, `${path}[${String(index)}]`, into));
  } else if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value))
      leavesOf(item, path === '' ? key : `${path}.${key}`, into);
  } else {
    into.set(path, value);
  }
  return into;
}

/** Two leaves are the same value: equal primitives, or both an empty object, or both an empty array. */
function isSameLeaf(a: Json, b: Json): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b);
  return isPlainObject(a) && isPlainObject(b);
}

/** The fields that differ between two values, in the order they appear (before's, then after's new ones). */
export function fieldChanges(before: Json, after: Json): FieldChange[] {
  const left = leavesOf(before, '', new Map());
  const right = leavesOf(after, '', new Map());
  const changes: FieldChange[] = [];
  for (const [path, value] of left) {
    const other = right.get(path);
    if (!right.has(path) || !isSameLeaf(other, value))
      changes.push({ path, before: value, after: right.get(path) });
  }
  for (const [path, value] of right)
    if (!left.has(path)) changes.push({ path, before: undefined, after: value });
  return changes;
}

/** A step's exits as fields (`exits.success` → target step id), so a rewired exit is a field change. */
function exitsOf(edges: readonly Edge[], stepId: string): Record<string, string> {
  const exits: Record<string, string> = {};
  for (const edge of edges) if (edge.from === stepId) exits[edge.kind] = edge.to;
  return exits;
}

const edgeKey = (edge: Edge) => `${edge.from}\u0000${edge.kind}\u0000${edge.to}`;

/** The step as compared: its settings without id, and its exits. */
function comparable(step: RunbookGraph['steps'][number], edges: readonly Edge[]): Record<string, Json> {
  const { id: _id, ...settings } = step;
  const exits = exitsOf(edges, step.id);
  return Object.keys(exits).length === 0 ? settings : { ...settings, exits };
}

function diffInputs(before: readonly RunbookInput[], after: readonly RunbookInput[]): InputChange[] {
  const old = new Map(before.map((input) => [input.name, input]));
  const next = new Map(after.map((input) => [input.name, input]));
  const changes: InputChange[] = [];
  for (const [name, input] of old) {
    const now = next.get(name);
    if (now === undefined) changes.push({ name, kind: 'removed', fields: fieldChanges(input, undefined) });
    else {
      const fields = fieldChanges(input, now);
      if (fields.length > 0) changes.push({ name, kind: 'changed', fields });
    }
  }
  for (const [name, input] of next)
    if (!old.has(name)) changes.push({ name, kind: 'added', fields: fieldChanges(undefined, input) });
  return changes;
}

/** What changed from `before` to `after`; steps are matched by id. */
export function diffGraphs(before: RunbookGraph, after: RunbookGraph): GraphDiff {
  const oldSteps = new Map(before.steps.map((step) => [step.id, step]));
  const newSteps = new Map(after.steps.map((step) => [step.id, step]));
  const steps: StepChange[] = [];
  const moved: string[] = [];
  for (const [id, step] of oldSteps) {
    const now = newSteps.get(id);
    if (now === undefined) {
      steps.push({
        stepId: id,
        name: step.name,
        type: step.type,
        kind: 'removed',
        fields: fieldChanges(comparable(step, before.edges), undefined),
      });
      continue;
    }
    const fields = fieldChanges(comparable(step, before.edges), comparable(now, after.edges));
    if (fields.length > 0)
      steps.push({ stepId: id, name: now.name, type: now.type, kind: 'changed', fields });
    else {
      const [from, to] = [before.positions[id], after.positions[id]];
      if (from?.x !== to?.x || from?.y !== to?.y) moved.push(id);
    }
  }
  for (const [id, step] of newSteps)
    if (!oldSteps.has(id))
      steps.push({
        stepId: id,
        name: step.name,
        type: step.type,
        kind: 'added',
        fields: fieldChanges(undefined, comparable(step, after.edges)),
      });
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    steps,
    inputs: diffInputs(before.inputs, after.inputs),
    edges: {
      added: after.edges.filter((edge) => !oldEdges.has(edgeKey(edge))),
      removed: before.edges.filter((edge) => !newEdges.has(edgeKey(edge))),
    },
    moved,
  };
}
