/** What the designer's store holds and the actions it offers; the store itself is designerStore.ts. */
import type { Runbook } from '../../../../shared/domain/runbook';
import type { StepStatus } from '../../../../shared/domain/runStatus';
import type { Edge, EdgeKind, RunbookGraph } from '../../../../shared/runbook/runbookGraph';
import type { Step, StepType } from '../../../../shared/runbook/stepTypes';
import type { Size } from './autoLayout';
import type { History } from './canvasHistory';
import type { CanvasView, ClipboardPayload, Placement } from './clipboard';
import type { RefusedDraftPart } from './refusedDraftPart';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'error';
export type LiveStatus = StepStatus;
export type Position = { x: number; y: number };

/**
 * How an inspector edit of a step is recorded for undo. Without options, quick edits of one field
 * fold into one entry; which field an edit changed is worked out from the step (editedField.ts).
 */
export interface StepEditOptions {
  /** An entry of its own, never folded with the typing before or after it. */
  isOwnUndoEntry?: boolean;
}

/** The stored draft a graph was read or saved as: its revision, and when the runbook was written. */
export interface StoredDraftMark {
  revision: string;
  updatedAt: string;
}

/** A draft saved elsewhere (another window, the command line) while this window had edits of its own. */
export interface OtherDraft {
  graph: RunbookGraph;
  stored: StoredDraftMark;
}

/** What a stored draft, read after a change was announced, did to the open one. */
export type StoredDraftMeeting = 'same' | 'taken' | 'other';

export interface DesignerState {
  runbook: Runbook | null;
  graph: RunbookGraph | null;
  /** The stored draft the graph was edited from; its revision goes with each save. */
  stored: StoredDraftMark | null;
  /**
   * A draft saved elsewhere since, met while this window had edits of its own: nothing is saved
   * until the user loads it (`loadOtherDraft`) or keeps this one (`keepOwnDraft`).
   */
  otherDraft: OtherDraft | null;
  /** The steps selected on the canvas. */
  selectedIds: readonly string[];
  /** The step the inspector shows: the only selected step, null when none or several are. */
  selectedId: string | null;
  selectedEdgeIds: readonly string[];
  /** Each step's size as drawn (not saved): React Flow keeps it, auto-layout reads it. */
  sizes: Readonly<Record<string, Size>>;
  history: History<RunbookGraph>;
  saveState: SaveState;
  /** What the latest save was refused for, as refused (named for the window by draftRefusal.ts); null once saved. */
  saveRefusal: RefusedDraftPart | null;
  issues: { stepId: string | null; message: string }[];
  live: Record<string, LiveStatus>;
  runId: string | null;
  runStatus: string | null;
  /**
   * Shows the runbook's draft as the backend holds it, with a fresh selection and history. The
   * designer's run is cleared, unless `isRunKept` (the same runbook read again, its run going on).
   */
  open(id: string, options?: { isRunKept?: boolean }): Promise<void>;
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
  /**
   * Adds copied steps with fresh ids and selects them: one undo entry. They go where `placement`
   * says, or as near as they can without covering another step, in `view` if they fit there.
   */
  paste(payload: ClipboardPayload, placement: Placement, view?: CanvasView): void;
  /** Moves every step to a computed layout: one undo entry. */
  applyLayout(positions: RunbookGraph['positions']): void;
  undo(): void;
  redo(): void;
  /**
   * Saves now, after any save on its way (each goes from the revision the one before answered);
   * `outlivesPage` when the page is about to unload (see api.call).
   */
  saveNow(options?: { outlivesPage?: boolean }): Promise<void>;
  /**
   * Meets the runbook as stored, read after a change elsewhere was announced: its details are
   * taken; a draft saved elsewhere replaces the graph when this window has no edits of its own,
   * and is kept as `otherDraft` when it has. A read older than this window's own save is ignored.
   */
  meetStoredDraft(stored: Runbook): StoredDraftMeeting;
  /** "Load theirs": shows the other draft, this window's unsaved edits discarded. */
  loadOtherDraft(): Promise<void>;
  /** "Keep mine": saves this window's draft over the other one. */
  keepOwnDraft(): Promise<void>;
}
