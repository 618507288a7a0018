/**
 * The runbook open in the designer: its graph, the selection, undo/redo, saving (automatic,
 * debounced) and validation, and the live state of each step while a run goes. Every graph edit
 * goes through `change()`, which records it for undo and schedules the save; undo and redo save
 * the same way. Node components read the store through fine-grained selectors, so moving one node
 * re-renders only that node.
 */
import { create } from 'zustand';
import type { Runbook } from '../../../../shared/domain/runbook';
import type { Edge, EdgeKind, RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import type { StepStatus } from '../../../../shared/domain/runStatus';
import { isStartStep, type Step, type StepType } from '../../../../shared/runbook/stepTypes';
import { api } from '../../api/client';
import { fetchCall } from '../../api/resources';
import type { Size } from './autoLayout';
import { emptyHistory, recordChange, redoChange, undoChange, type History } from './canvasHistory';
import { pasteSteps, type ClipboardPayload, type Placement } from './clipboard';
import { draftRefusal } from './draftRefusal';
import { editedField } from './editedField';
import { firstFreeExit } from './freeExit';
import { newStep } from './newStep';
import { replaceStep } from './replaceStep';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'error';
export type LiveStatus = StepStatus;
type Position = { x: number; y: number };

/**
 * How an inspector edit of a step is recorded for undo. Without options, quick edits of one field
 * fold into one entry; which field an edit changed is worked out from the step (editedField.ts).
 */
export interface StepEditOptions {
  /** An entry of its own, never folded with the typing before or after it. */
  isOwnUndoEntry?: boolean;
}

/** An edge's id on the canvas: one edge leaves each exit. */
export function edgeId(edge: Pick<Edge, 'from' | 'kind'>): string {
  return `${edge.from}:${edge.kind}`;
}

interface DesignerState {
  runbook: Runbook | null;
  graph: RunbookGraph | null;
  /** The steps selected on the canvas. */
  selectedIds: readonly string[];
  /** The step the inspector shows: the only selected step, null when none or several are. */
  selectedId: string | null;
  selectedEdgeIds: readonly string[];
  /** Each step's size as drawn (not saved): React Flow keeps it, auto-layout reads it. */
  sizes: Readonly<Record<string, Size>>;
  history: History<RunbookGraph>;
  saveState: SaveState;
  /** Why the latest save was refused, led by the step and part it names (draftRefusal.ts). */
  saveError: string | null;
  /** The step a refused save names, with the message its inspector shows; null when none. */
  saveRefusal: { stepId: string; message: string } | null;
  issues: { stepId: string | null; message: string }[];
  live: Record<string, LiveStatus>;
  runId: string | null;
  runStatus: string | null;
  open(id: string): Promise<void>;
  select(id: string | null): void;
  setSelection(stepIds: readonly string[], edgeIds?: readonly string[]): void;
  setSizes(sizes: Readonly<Record<string, Size>>): void;
  /**
   * Adds a step and selects it; with `after`, connects the first free exit of that step to it
   * (one undo entry), as a click in the palette does with the selected step.
   */
  addStep(type: StepType, position: Position, after?: string | null): void;
  /**
   * Inspector edits: rapid edits of one field of a step fold into one undo entry, an edit of
   * another field starts a new one; `isOwnUndoEntry` (adding or removing a part, such as a Switch's
   * case) never folds. Edges of exits the step loses go too.
   */
  updateStep(id: string, next: Step, options?: StepEditOptions): void;
  moveStep(id: string, position: Position): void;
  /**
   * Moves steps. While `isDone` is false (a drag in progress) nothing is recorded or saved; the
   * move that ends it is one undo entry from where the drag began.
   */
  moveSteps(positions: Readonly<Record<string, Position>>, isDone: boolean): void;
  removeStep(id: string): void;
  /** Deletes steps (never Start) with their edges, and edges by canvas id: one undo entry. */
  deleteElements(stepIds: readonly string[], edgeIds?: readonly string[]): void;
  connect(edge: Edge): void;
  disconnect(from: string, kind: EdgeKind): void;
  /**
   * The runbook's inputs: rapid edits of one field of one input fold into one undo entry;
   * `isOwnUndoEntry` (adding an input) never folds.
   */
  setInputs(inputs: RunbookGraph['inputs'], options?: StepEditOptions): void;
  /** Removes one input: an undo entry of its own, so Undo brings it back whatever was typed before. */
  removeInput(index: number): void;
  /** Adds copied steps with fresh ids and selects them: one undo entry. */
  paste(payload: ClipboardPayload, placement: Placement): void;
  /** Moves every step to a computed layout: one undo entry. */
  applyLayout(positions: RunbookGraph['positions']): void;
  undo(): void;
  redo(): void;
  /** Saves now; `outlivesPage` when the page is about to unload (see api.call). */
  saveNow(options?: { outlivesPage?: boolean }): Promise<void>;
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** The graph as it was when the current drag began. */
let dragOrigin: RunbookGraph | null = null;

export const useDesignerStore = create<DesignerState>()((set, get) => {
  /** Shows a graph and saves it shortly after the last change, keeping the selection to what exists. */
  const show = (next: RunbookGraph, history: History<RunbookGraph>) => {
    const exists = new Set(next.steps.map((step) => step.id));
    const edges = new Set(next.edges.map(edgeId));
    const selectedIds = get().selectedIds.filter((id) => exists.has(id));
    set({
      graph: next,
      history,
      saveState: 'unsaved',
      ...selectionOf(selectedIds),
      selectedEdgeIds: get().selectedEdgeIds.filter((id) => edges.has(id)),
    });
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void get().saveNow(), 600);
  };
  /** Applies an edit to the graph as one undo entry (or folded into the last, by `mergeKey`). */
  const change = (next: RunbookGraph, options: { mergeKey?: string; before?: RunbookGraph } = {}) => {
    const { graph, history } = get();
    const before = options.before ?? graph;
    if (before === null) return;
    show(next, recordChange(history, before, { mergeKey: options.mergeKey, now: Date.now() }));
  };
  /** Runs an edit of the open graph. */
  const edit = (apply: (graph: RunbookGraph) => void) => {
    const graph = get().graph;
    if (graph !== null) apply(graph);
  };
  return {
    runbook: null,
    graph: null,
    selectedIds: [],
    selectedId: null,
    selectedEdgeIds: [],
    sizes: {},
    history: emptyHistory(),
    saveState: 'saved',
    saveError: null,
    saveRefusal: null,
    issues: [],
    live: {},
    runId: null,
    runStatus: null,
    open: async (id) => {
      // Edits still waiting for the debounced save belong to the runbook being left.
      if (get().saveState === 'unsaved') await get().saveNow();
      clearTimeout(saveTimer);
      dragOrigin = null;
      set({
        runbook: null,
        graph: null,
        ...selectionOf([]),
        selectedEdgeIds: [],
        sizes: {},
        history: emptyHistory(),
        live: {},
        runId: null,
        runStatus: null,
        issues: [],
      });
      // Read afresh through the cache: the draft is edited here from what the backend holds now.
      const runbook = await fetchCall('runbooks.get', { id });
      set({ runbook, graph: runbook.draft, saveState: 'saved', saveError: null, saveRefusal: null });
      set({ issues: (await api.call('runbooks.validate', { id })).issues });
    },
    select: (id) => set({ ...selectionOf(id === null ? [] : [id]), selectedEdgeIds: [] }),
    setSelection: (stepIds, edgeIds = []) => set({ ...selectionOf(stepIds), selectedEdgeIds: edgeIds }),
    setSizes: (sizes) => set({ sizes: { ...get().sizes, ...sizes } }),
    addStep: (type, position, after = null) =>
      edit((graph) => {
        const step = newStep(graph, type);
        const exit = after === null ? undefined : firstFreeExit(graph, after);
        change({
          ...graph,
          steps: [...graph.steps, step],
          edges:
            exit === undefined || after === null
              ? graph.edges
              : [...graph.edges, { from: after, kind: exit, to: step.id }],
          positions: { ...graph.positions, [step.id]: position },
        });
        set({ ...selectionOf([step.id]), selectedEdgeIds: [] });
      }),
    updateStep: (id, next, options = {}) =>
      edit((graph) =>
        change(replaceStep(graph, id, next), {
          mergeKey:
            options.isOwnUndoEntry === true
              ? undefined
              : `step:${id}:${editedField(stepIndexOf(graph.steps).get(id), next)}`,
        }),
      ),
    moveStep: (id, position) => get().moveSteps({ [id]: position }, true),
    moveSteps: (moved, isDone) =>
      edit((graph) => {
        const next = { ...graph, positions: { ...graph.positions, ...moved } };
        if (!isDone) {
          dragOrigin ??= graph;
          set({ graph: next });
          return;
        }
        const before = dragOrigin ?? graph;
        const wasDragged = dragOrigin !== null;
        dragOrigin = null;
        const hasMoved = Object.entries(moved).some(([id, to]) => {
          const from = before.positions[id];
          return from?.x !== to.x || from.y !== to.y;
        });
        if (!hasMoved) {
          set({ graph: before });
          return;
        }
        // Arrow-key nudges come one by one; a burst of them is one entry.
        const mergeKey = wasDragged ? undefined : `move:${Object.keys(moved).sort().join(',')}`;
        change(next, { before, mergeKey });
      }),
    removeStep: (id) => get().deleteElements([id]),
    deleteElements: (stepIds, edgeIds = []) =>
      edit((graph) => {
        const wanted = new Set(stepIds);
        const removable = new Set(
          graph.steps.filter((step) => wanted.has(step.id) && !isStartStep(step)).map((step) => step.id),
        );
        const edgesGone = new Set(edgeIds);
        const edges = graph.edges.filter(
          (edge) => !removable.has(edge.from) && !removable.has(edge.to) && !edgesGone.has(edgeId(edge)),
        );
        if (removable.size === 0 && edges.length === graph.edges.length) return;
        const positions = Object.fromEntries(
          Object.entries(graph.positions).filter(([id]) => !removable.has(id)),
        );
        change({ ...graph, steps: graph.steps.filter((step) => !removable.has(step.id)), edges, positions });
      }),
    connect: (edge) =>
      edit((graph) => {
        if (edge.from === edge.to) return;
        // One edge per exit: connecting an exit again moves it.
        const edges = graph.edges.filter((existing) => edgeId(existing) !== edgeId(edge));
        change({ ...graph, edges: [...edges, edge] });
      }),
    disconnect: (from, kind) => get().deleteElements([], [edgeId({ from, kind })]),
    setInputs: (inputs, options = {}) =>
      edit((graph) =>
        change(
          { ...graph, inputs },
          {
            mergeKey:
              options.isOwnUndoEntry === true ? undefined : `inputs:${editedField(graph.inputs, inputs)}`,
          },
        ),
      ),
    removeInput: (index) =>
      edit((graph) => {
        if (graph.inputs[index] === undefined) return;
        change({ ...graph, inputs: graph.inputs.filter((_, position) => position !== index) });
      }),
    paste: (payload, placement) =>
      edit((graph) => {
        const pasted = pasteSteps(graph, payload, placement);
        change(pasted.graph);
        set({ ...selectionOf(pasted.pastedIds), selectedEdgeIds: [] });
      }),
    applyLayout: (positions) =>
      edit((graph) => {
        const isUnchanged = Object.entries(positions).every(([id, to]) => {
          const from = graph.positions[id];
          return from?.x === to.x && from.y === to.y;
        });
        if (!isUnchanged) change({ ...graph, positions: { ...graph.positions, ...positions } });
      }),
    undo: () =>
      edit((graph) => {
        if (dragOrigin !== null) return;
        const undone = undoChange(get().history, graph);
        if (undone !== null) show(undone.value, undone.history);
      }),
    redo: () =>
      edit((graph) => {
        if (dragOrigin !== null) return;
        const redone = redoChange(get().history, graph);
        if (redone !== null) show(redone.value, redone.history);
      }),
    saveNow: async (options = {}) => {
      const { runbook, graph } = get();
      if (runbook === null || graph === null) return;
      clearTimeout(saveTimer);
      set({ saveState: 'saving' });
      try {
        await api.call('runbooks.update', { id: runbook.id, draft: graph }, options);
        const { issues } = await api.call('runbooks.validate', { id: runbook.id });
        // A change made while saving keeps the state "unsaved" for the next save.
        set({
          saveState: get().graph === graph ? 'saved' : 'unsaved',
          saveError: null,
          saveRefusal: null,
          issues,
        });
      } catch (error) {
        const refusal = draftRefusal(error, graph);
        set({
          saveState: 'error',
          saveError: refusal.fullMessage,
          saveRefusal: refusal.stepId === null ? null : { stepId: refusal.stepId, message: refusal.message },
        });
      }
    },
  };
});

function selectionOf(stepIds: readonly string[]): Pick<DesignerState, 'selectedIds' | 'selectedId'> {
  return { selectedIds: stepIds, selectedId: stepIds.length === 1 ? (stepIds[0] ?? null) : null };
}

/**
 * Indexes derived from the graph and the problems, built once per version (an edit makes a new
 * steps or issues array; a move keeps the steps array) and shared by every node on the canvas,
 * so each node finds its step and its problem count in O(1) instead of scanning the lists.
 */
const stepIndexes = new WeakMap<readonly Step[], ReadonlyMap<string, Step>>();
const issueIndexes = new WeakMap<DesignerState['issues'], ReadonlyMap<string, number>>();

/** The open graph's steps by id. */
export function stepIndexOf(steps: readonly Step[]): ReadonlyMap<string, Step> {
  let index = stepIndexes.get(steps);
  if (index === undefined) {
    index = new Map(steps.map((step) => [step.id, step]));
    stepIndexes.set(steps, index);
  }
  return index;
}

/** How many problems each step has. */
function issueCountsOf(issues: DesignerState['issues']): ReadonlyMap<string, number> {
  let counts = issueIndexes.get(issues);
  if (counts === undefined) {
    const built = new Map<string, number>();
    for (const { stepId } of issues) if (stepId !== null) built.set(stepId, (built.get(stepId) ?? 0) + 1);
    issueIndexes.set(issues, built);
    counts = built;
  }
  return counts;
}

/** One step of the open graph; the same object until that step is edited. */
export const selectStep = (state: DesignerState, stepId: string): Step | undefined =>
  state.graph === null ? undefined : stepIndexOf(state.graph.steps).get(stepId);

export const selectIssueCount = (state: DesignerState, stepId: string): number =>
  issueCountsOf(state.issues).get(stepId) ?? 0;

/** Selectors for what the toolbar shows. */
export const selectCanUndo = (state: DesignerState): boolean => state.history.past.length > 0;
export const selectCanRedo = (state: DesignerState): boolean => state.history.future.length > 0;

/**
 * The window reloads or closes within the autosave's delay of an edit: the save goes out now, in
 * a request that outlives the page, instead of being lost with the timer.
 */
function saveBeforeLeaving(): void {
  const { saveState, saveNow } = useDesignerStore.getState();
  if (saveState === 'unsaved') void saveNow({ outlivesPage: true });
}

if (typeof window !== 'undefined') window.addEventListener('pagehide', saveBeforeLeaving);
