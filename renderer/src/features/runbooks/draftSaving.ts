/**
 * Saving the designer's draft, and meeting the draft as stored when it was saved elsewhere (another
 * window, a browser tab on `serve`, the command line). Each save sends the revision of the stored
 * draft it was edited from, and saves go one at a time, each from the revision the one before
 * answered; a save refused because the draft moved on reads the stored one and meets it, as an
 * announced change does (useStoredDraftChanges.ts). Meeting another draft, a window without edits
 * of its own takes it; one with edits keeps both until the user chooses (DraftConflictBar.tsx).
 */
import type { StoreApi } from 'zustand';
import { AppError } from '../../../../shared/api/appError';
import type { Runbook } from '../../../../shared/domain/runbook';
import type { RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import { api } from '../../api/client';
import { emptyHistory } from './canvasHistory';
import type { DesignerState, StoredDraftMark } from './designerState';
import { refusedDraftPart, type RefusedDraftPart } from './refusedDraftPart';

type Store = Pick<StoreApi<DesignerState>, 'getState' | 'setState'>;

export interface DraftSavingDependencies {
  /** A drag is in progress: its moves are edits not recorded yet. */
  isDragging: () => boolean;
  /** The selection, kept to the steps and edges `graph` has. */
  selectionIn: (graph: RunbookGraph) => Partial<DesignerState>;
}

/** A save refused because the stored draft was saved elsewhere since it was read. */
const isDraftConflict = (error: unknown) =>
  error instanceof AppError && error.code === 'conflict' && error.field === 'draftRevision';

/** Why nothing is saved while another draft waits for the user's choice: said in the bar, and by Publish. */
const heldForChoice: RefusedDraftPart = {
  step: null,
  path: '',
  message:
    'This runbook was changed in another window: choose Load theirs or Keep mine; nothing is saved until then.',
  // The conflict bar guards these edits itself.
  isDraftRefused: false,
};

export const storedDraftMarkOf = (runbook: Runbook): StoredDraftMark => ({
  revision: runbook.draftRevision,
  updatedAt: runbook.updatedAt,
});

/** The store's saving: its autosave timer and the actions that save or meet the stored draft. */
export function createDraftSaving({ getState: get, setState: set }: Store, deps: DraftSavingDependencies) {
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last save asked for: the next waits for it, to go from the revision it answered. */
  let lastSave: Promise<void> = Promise.resolve();
  /** How many saves are on their way to the backend. */
  let savesGoing = 0;
  const cancelSave = () => clearTimeout(saveTimer);
  const scheduleSave = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void get().saveNow(), 600);
  };
  /**
   * Shows a draft saved elsewhere as saved: this window's undo history goes with the graph it was
   * kept for (an undo would bring back that graph, the other draft's changes undone, and save it).
   */
  const takeStored = (graph: RunbookGraph, stored: StoredDraftMark) => {
    cancelSave();
    set({
      graph,
      stored,
      otherDraft: null,
      history: emptyHistory(),
      saveState: 'saved',
      saveRefusal: null,
      ...deps.selectionIn(graph),
    });
  };
  /** The save was refused, the draft saved elsewhere since: the stored one is read and met. */
  const meetRefusal = async (id: string, graph: RunbookGraph) => {
    set({ saveState: 'unsaved' });
    try {
      // Changed back since: saved again shortly.
      if (meetStoredDraft(await api.call('runbooks.get', { id })) === 'same') scheduleSave();
    } catch (error) {
      set({ saveState: 'error', saveRefusal: refusedDraftPart(error, graph) });
    }
  };
  /** Sends the graph, from the revision it was edited from (`isOverwriting`: over whatever is stored). */
  const sendDraft = async (options: { outlivesPage?: boolean; isOverwriting?: boolean }) => {
    const { runbook, graph, stored, otherDraft } = get();
    if (runbook === null || graph === null) return;
    // With another draft met, nothing is saved until the user chooses.
    if (otherDraft !== null) {
      set({ saveState: 'error', saveRefusal: heldForChoice });
      return;
    }
    cancelSave();
    set({ saveState: 'saving' });
    savesGoing += 1;
    try {
      const draftRevision = options.isOverwriting === true ? undefined : stored?.revision;
      const saved = await api.call(
        'runbooks.update',
        { id: runbook.id, draft: graph, draftRevision },
        { outlivesPage: options.outlivesPage === true },
      );
      set({ stored: storedDraftMarkOf(saved) });
      const { issues } = await api.call('runbooks.validate', { id: runbook.id });
      // A change made while saving keeps the state "unsaved" for the next save.
      set({ saveState: get().graph === graph ? 'saved' : 'unsaved', saveRefusal: null, issues });
    } catch (error) {
      if (isDraftConflict(error)) await meetRefusal(runbook.id, graph);
      else set({ saveState: 'error', saveRefusal: refusedDraftPart(error, graph) });
    } finally {
      savesGoing -= 1;
    }
  };
  const saveNow: DesignerState['saveNow'] = (options = {}) => {
    // A page unloading cannot wait for a save on its way; from the revision before that save its
    // own would be refused, and its edits lost with the page, so it saves over it.
    if (options.outlivesPage === true)
      return sendDraft({ outlivesPage: true, isOverwriting: savesGoing > 0 });
    const next = lastSave.then(() => sendDraft({}));
    lastSave = next;
    return next;
  };
  const meetStoredDraft: DesignerState['meetStoredDraft'] = (stored) => {
    const { runbook, stored: mark, saveState } = get();
    // A read answered before this window's own save, or of a runbook no longer open.
    if (runbook?.id !== stored.id || mark === null || stored.updatedAt < mark.updatedAt) return 'same';
    set({ runbook: stored });
    if (stored.draftRevision === mark.revision) {
      set({ stored: storedDraftMarkOf(stored) });
      return 'same';
    }
    // A save on its way is refused if the draft moved on, and its refusal meets the draft then.
    if (saveState === 'saving') return 'same';
    if (saveState === 'saved' && !deps.isDragging()) {
      takeStored(stored.draft, storedDraftMarkOf(stored));
      return 'taken';
    }
    cancelSave();
    set({
      otherDraft: { graph: stored.draft, stored: storedDraftMarkOf(stored) },
      saveState: 'error',
      saveRefusal: heldForChoice,
    });
    return 'other';
  };
  const loadOtherDraft: DesignerState['loadOtherDraft'] = async () => {
    const { otherDraft, runbook } = get();
    if (otherDraft === null || runbook === null) return;
    takeStored(otherDraft.graph, otherDraft.stored);
    const { issues } = await api.call('runbooks.validate', { id: runbook.id });
    if (get().runbook?.id === runbook.id) set({ issues });
  };
  const keepOwnDraft: DesignerState['keepOwnDraft'] = () => {
    const { otherDraft } = get();
    if (otherDraft === null) return Promise.resolve();
    set({ otherDraft: null, stored: otherDraft.stored });
    return saveNow();
  };
  return { scheduleSave, cancelSave, saveNow, meetStoredDraft, loadOtherDraft, keepOwnDraft };
}
