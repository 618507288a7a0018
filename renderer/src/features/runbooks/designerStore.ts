/**
 * The runbook open in the designer: its graph, the selection, saving (automatic, debounced) and
 * validation, and the live state of each step while a run goes. Node components read it through
 * fine-grained selectors, so moving one node re-renders only that node.
 */
import { create } from 'zustand';
import type { Runbook } from '../../../../shared/domain/runbook';
import type { Edge, EdgeKind, RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import type { Step, StepType } from '../../../../shared/runbook/stepTypes';
import { api } from '../../api/client';
import { newStep } from './newStep';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'error';
export type LiveStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped';

interface DesignerState {
  runbook: Runbook | null;
  graph: RunbookGraph | null;
  selectedId: string | null;
  saveState: SaveState;
  saveError: string | null;
  issues: { stepId: string | null; message: string }[];
  live: Record<string, LiveStatus>;
  runId: string | null;
  runStatus: string | null;
  open(id: string): Promise<void>;
  select(id: string | null): void;
  addStep(type: StepType, position: { x: number; y: number }): void;
  updateStep(id: string, next: Step): void;
  moveStep(id: string, position: { x: number; y: number }): void;
  removeStep(id: string): void;
  connect(edge: Edge): void;
  disconnect(from: string, kind: EdgeKind): void;
  setInputs(inputs: RunbookGraph['inputs']): void;
  saveNow(): Promise<void>;
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;

export const useDesignerStore = create<DesignerState>()((set, get) => {
  /** Applies a change to the graph and saves it shortly after the last change. */
  const change = (next: RunbookGraph) => {
    set({ graph: next, saveState: 'unsaved' });
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void get().saveNow(), 600);
  };
  return {
    runbook: null,
    graph: null,
    selectedId: null,
    saveState: 'saved',
    saveError: null,
    issues: [],
    live: {},
    runId: null,
    runStatus: null,
    open: async (id) => {
      clearTimeout(saveTimer);
      set({
        runbook: null,
        graph: null,
        selectedId: null,
        live: {},
        runId: null,
        runStatus: null,
        issues: [],
      });
      const runbook = await api.call('runbooks.get', { id });
      set({ runbook, graph: runbook.draft, saveState: 'saved' });
      set({ issues: (await api.call('runbooks.validate', { id })).issues });
    },
    select: (id) => set({ selectedId: id }),
    addStep: (type, position) => {
      const graph = get().graph;
      if (graph === null) return;
      const step = newStep(graph, type);
      change({
        ...graph,
        steps: [...graph.steps, step],
        positions: { ...graph.positions, [step.id]: position },
      });
      set({ selectedId: step.id });
    },
    updateStep: (id, next) => {
      const graph = get().graph;
      if (graph === null) return;
      change({ ...graph, steps: graph.steps.map((step) => (step.id === id ? next : step)) });
    },
    moveStep: (id, position) => {
      const graph = get().graph;
      if (graph === null) return;
      change({ ...graph, positions: { ...graph.positions, [id]: position } });
    },
    removeStep: (id) => {
      const graph = get().graph;
      if (graph === null) return;
      const { [id]: _removed, ...positions } = graph.positions;
      change({
        ...graph,
        steps: graph.steps.filter((step) => step.id !== id),
        edges: graph.edges.filter((edge) => edge.from !== id && edge.to !== id),
        positions,
      });
      if (get().selectedId === id) set({ selectedId: null });
    },
    connect: (edge) => {
      const graph = get().graph;
      if (graph === null || edge.from === edge.to) return;
      // One edge per exit: connecting an exit again moves it.
      const edges = graph.edges.filter(
        (existing) => !(existing.from === edge.from && existing.kind === edge.kind),
      );
      change({ ...graph, edges: [...edges, edge] });
    },
    disconnect: (from, kind) => {
      const graph = get().graph;
      if (graph === null) return;
      change({ ...graph, edges: graph.edges.filter((edge) => !(edge.from === from && edge.kind === kind)) });
    },
    setInputs: (inputs) => {
      const graph = get().graph;
      if (graph !== null) change({ ...graph, inputs });
    },
    saveNow: async () => {
      const { runbook, graph } = get();
      if (runbook === null || graph === null) return;
      clearTimeout(saveTimer);
      set({ saveState: 'saving' });
      try {
        await api.call('runbooks.update', { id: runbook.id, draft: graph });
        const { issues } = await api.call('runbooks.validate', { id: runbook.id });
        // A change made while saving keeps the state "unsaved" for the next save.
        set({ saveState: get().graph === graph ? 'saved' : 'unsaved', saveError: null, issues });
      } catch (error) {
        set({ saveState: 'error', saveError: error instanceof Error ? error.message : String(error) });
      }
    },
  };
});
