/**
 * The runbook open in the designer: its graph, the selection, undo/redo, saving (automatic,
 * debounced) and validation, and the live state of each step while a run goes. Every graph edit
 * goes through `change()`, which records it for undo and schedules the save; undo and redo save
 * the same way. Node components read the store through fine-grained selectors, so moving one node
 * re-renders only that node. What it holds is typed in designerState.ts, its indexes and
 * selectors are in designerIndexes.ts, the graph edits its actions make are in graphEdits.ts, and
 * its saving, which never saves over a draft saved elsewhere meanwhile, is in draftSaving.ts.
 */
import { create } from 'zustand';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { api } from '../../api/client';
import { fetchCall } from '../../api/resources';
import { emptyHistory, recordChange, redoChange, undoChange, type History } from './canvasHistory';
import { pasteSteps } from './clipboard';
import { stepIndexOf } from './designerIndexes';
import type { DesignerState } from './designerState';
import { createDraftSaving, storedDraftMarkOf } from './draftSaving';
import { editedField } from './editedField';
import {
  edgeId,
  hasMoved,
  withEdge,
  withLayout,
  withoutElements,
  withoutInput,
  withStepAdded,
} from './graphEdits';
import { replaceStep } from './replaceStep';

// Importers of the store find its types, selectors and edge ids here as before.
export type {
  DesignerState,
  LiveStatus,
  SaveState,
  StepEditOptions,
  StoredDraftMeeting,
} from './designerState';
export { selectCanRedo, selectCanUndo, selectIssueCount, selectStep, stepIndexOf } from './designerIndexes';
export { edgeId } from './graphEdits';

/** Whether the draft holds edits not saved yet: waiting for the autosave, or its save failed. */
const hasEditsToSave = (state: DesignerState) => state.saveState === 'unsaved' || state.saveState === 'error';
/**
 * No edge selected, always as this one array: the canvas rebuilds and hands React Flow every
 * edge when the edge selection is a new array, so selecting steps (Ctrl+A) did so for nothing.
 */
const noEdges: readonly string[] = [];
/** The graph as it was when the current drag began. */
let dragOrigin: RunbookGraph | null = null;

export const useDesignerStore = create<DesignerState>()((set, get) => {
  /** The selection, kept to the steps and edges `graph` has. */
  const selectionIn = (graph: RunbookGraph) => {
    const exists = new Set(graph.steps.map((step) => step.id));
    const edges = new Set(graph.edges.map(edgeId));
    const { selectedIds, selectedEdgeIds } = get();
    return {
      ...selectionOf(keptWhereAll(selectedIds, exists)),
      selectedEdgeIds: keptWhereAll(selectedEdgeIds, edges),
    };
  };
  const saving = createDraftSaving(
    { getState: get, setState: set },
    {
      isDragging: () => dragOrigin !== null,
      selectionIn,
    },
  );
  /** Shows a graph and saves it shortly after the last change, keeping the selection to what exists. */
  const show = (next: RunbookGraph, history: History<RunbookGraph>) => {
    set({ graph: next, history, saveState: 'unsaved', ...selectionIn(next) });
    saving.scheduleSave();
  };
  /** Applies an edit to the graph as one undo entry (or folded into the last, by `mergeKey`). */
  const change = (next: RunbookGraph, options: { mergeKey?: string; before?: RunbookGraph } = {}) => {
    const { graph, history } = get();
    const before = options.before ?? graph;
    if (before === null) return;
    show(next, recordChange(history, before, { mergeKey: options.mergeKey, now: Date.now() }));
  };
  /** Applies an edit that may change nothing (null): then no undo entry and no save. */
  const changeUnlessNull = (next: RunbookGraph | null) => {
    if (next !== null) change(next);
  };
  /** Runs an edit of the open graph. */
  const edit = (apply: (graph: RunbookGraph) => void) => {
    const graph = get().graph;
    if (graph !== null) apply(graph);
  };
  return {
    runbook: null,
    graph: null,
    stored: null,
    otherDraft: null,
    selectedIds: [],
    selectedId: null,
    selectedEdgeIds: [],
    sizes: {},
    history: emptyHistory(),
    saveState: 'saved',
    saveRefusal: null,
    issues: [],
    live: {},
    runId: null,
    runStatus: null,
    open: async (id, { isRunKept = false } = {}) => {
      // Edits waiting for the debounced save, or whose save failed, belong to the runbook being left.
      if (hasEditsToSave(get())) await get().saveNow();
      saving.cancelSave();
      dragOrigin = null;
      set({
        runbook: null,
        graph: null,
        stored: null,
        otherDraft: null,
        ...selectionOf([]),
        selectedEdgeIds: [],
        sizes: {},
        history: emptyHistory(),
        ...(isRunKept ? {} : { live: {}, runId: null, runStatus: null }),
        issues: [],
      });
      // Read afresh through the cache: the draft is edited here from what the backend holds now.
      const runbook = await fetchCall('runbooks.get', { id });
      set({
        runbook,
        graph: runbook.draft,
        stored: storedDraftMarkOf(runbook),
        saveState: 'saved',
        saveRefusal: null,
      });
      set({ issues: (await api.call('runbooks.validate', { id })).issues });
    },
    select: (id) => set({ ...selectionOf(id === null ? [] : [id]), selectedEdgeIds: noEdges }),
    setSelection: (stepIds, edgeIds = noEdges) =>
      set({ ...selectionOf(stepIds), selectedEdgeIds: edgeIds.length === 0 ? noEdges : edgeIds }),
    setSizes: (sizes) => set({ sizes: { ...get().sizes, ...sizes } }),
    addStep: (type, position, after = null) =>
      edit((graph) => {
        const added = withStepAdded(graph, type, position, after);
        change(added.graph);
        set({ ...selectionOf([added.stepId]), selectedEdgeIds: noEdges });
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
        if (!hasMoved(before, moved)) {
          set({ graph: before });
          return;
        }
        // Arrow-key nudges come one by one; a burst of them is one entry.
        const mergeKey = wasDragged ? undefined : `move:${Object.keys(moved).sort().join(',')}`;
        change(next, { before, mergeKey });
      }),
    removeStep: (id) => get().deleteElements([id]),
    deleteElements: (stepIds, edgeIds = []) =>
      edit((graph) => changeUnlessNull(withoutElements(graph, stepIds, edgeIds))),
    // One edge per exit: connecting an exit again moves it.
    connect: (edge) => edit((graph) => changeUnlessNull(withEdge(graph, edge))),
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
    removeInput: (index) => edit((graph) => changeUnlessNull(withoutInput(graph, index))),
    paste: (payload, placement, view) =>
      edit((graph) => {
        const pasted = pasteSteps(graph, payload, placement, view);
        change(pasted.graph);
        set({ ...selectionOf(pasted.pastedIds), selectedEdgeIds: noEdges });
      }),
    applyLayout: (positions) => edit((graph) => changeUnlessNull(withLayout(graph, positions))),
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
    saveNow: saving.saveNow,
    meetStoredDraft: saving.meetStoredDraft,
    loadOtherDraft: saving.loadOtherDraft,
    keepOwnDraft: saving.keepOwnDraft,
  };
});

/** The ids `kept` has, as the same array when it has them all (the canvas rebuilds on a new one). */
function keptWhereAll(ids: readonly string[], kept: ReadonlySet<string>): readonly string[] {
  return ids.every((id) => kept.has(id)) ? ids : ids.filter((id) => kept.has(id));
}

function selectionOf(stepIds: readonly string[]): Pick<DesignerState, 'selectedIds' | 'selectedId'> {
  return { selectedIds: stepIds, selectedId: stepIds.length === 1 ? (stepIds[0] ?? null) : null };
}

/**
 * The window reloads or closes within the autosave's delay of an edit, or after its save failed
 * (the server did not answer, and its new address is opened in this tab): the save goes out now,
 * in a request that outlives the page, instead of being lost with the page.
 */
function saveBeforeLeaving(): void {
  const state = useDesignerStore.getState();
  if (hasEditsToSave(state)) void state.saveNow({ outlivesPage: true });
}

if (typeof window !== 'undefined') window.addEventListener('pagehide', saveBeforeLeaving);

/**
 * The backend is back after it did not answer (the event stream found it again): edits made
 * meanwhile were refused with "Not saved" and would wait for another edit; they are saved now.
 */
function saveWhatFailed(): void {
  const { saveState, saveNow } = useDesignerStore.getState();
  if (saveState === 'error') void saveNow();
}

api.onEventsResumed(saveWhatFailed);
