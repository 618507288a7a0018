/**
 * The breakpoints set in this window, per runbook (PRODUCT.md §8 "debugging"). They are the
 * person's working state, as in an IDE, not the runbook's: kept in the window, never saved with
 * the draft, so a published version, an export or a teammate's copy never carries them, the
 * draft's undo history is not filled with toggles, and no migration is needed. They last until
 * the window closes.
 */
import { create } from 'zustand';
import { useDesignerStore } from '../designerStore';

interface BreakpointState {
  /** Step ids with a breakpoint, by runbook id. */
  byRunbook: Readonly<Record<string, readonly string[]>>;
  /** Sets a breakpoint on the step, or clears the one it has. */
  toggle(runbookId: string, stepId: string): void;
}

const none: readonly string[] = [];

export const useBreakpointStore = create<BreakpointState>((set) => ({
  byRunbook: {},
  toggle: (runbookId, stepId) =>
    set((state) => {
      const current = state.byRunbook[runbookId] ?? none;
      const next = current.includes(stepId) ? current.filter((id) => id !== stepId) : [...current, stepId];
      return { byRunbook: { ...state.byRunbook, [runbookId]: next } };
    }),
}));

/** The breakpoints of the runbook open in the designer that are on its steps now (a deleted step's are left out). */
export function breakpointsOfOpenRunbook(): string[] {
  const { runbook, graph } = useDesignerStore.getState();
  if (runbook === null || graph === null) return [];
  const set = useBreakpointStore.getState().byRunbook[runbook.id] ?? none;
  return set.filter((stepId) => graph.steps.some((step) => step.id === stepId));
}

/** Toggles the breakpoint of a step of the runbook open in the designer. */
export function toggleBreakpoint(stepId: string): void {
  const runbookId = useDesignerStore.getState().runbook?.id;
  if (runbookId !== undefined) useBreakpointStore.getState().toggle(runbookId, stepId);
}

/** Whether the step of the open runbook has a breakpoint (re-renders only when that changes). */
export function useHasBreakpoint(stepId: string): boolean {
  const runbookId = useDesignerStore((state) => state.runbook?.id);
  return useBreakpointStore(
    (state) => runbookId !== undefined && (state.byRunbook[runbookId] ?? none).includes(stepId),
  );
}
