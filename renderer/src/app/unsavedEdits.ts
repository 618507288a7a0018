/**
 * The one guard of unsaved edits for every editor page (method editor, integration details,
 * connection, configurations): while a form holds edits, leaving its page — a link, the sidebar,
 * the Back button, the app's own navigation — waits for the user's answer to a question, and
 * closing or reloading the window asks the browser's (or the desktop shell's) question. The
 * runbook designer's draft saves itself: it holds edits only while a draft saved in another window
 * waits for the user's choice (DraftConflictBar.tsx).
 */
import { useEffect } from 'react';
import { create } from 'zustand';

interface UnsavedEditsState {
  /** The forms now holding unsaved edits (each registered by its own token). */
  holders: ReadonlySet<symbol>;
  /** The leave the user is asked about: what to do on "Discard changes". */
  pendingLeave: (() => void) | null;
}

/** The store behind the guard; the question dialog reads `pendingLeave` from it. */
export const useUnsavedEditsStore = create<UnsavedEditsState>()(() => ({
  holders: new Set<symbol>(),
  pendingLeave: null,
}));

/** Whether any form of the page in view holds unsaved edits. */
export function hasUnsavedEdits(): boolean {
  return useUnsavedEditsStore.getState().holders.size > 0;
}

/** Marks (or clears) one form's unsaved edits; the holder goes with its form. */
export function holdUnsavedEdits(holder: symbol, isDirty: boolean): void {
  const holders = new Set(useUnsavedEditsStore.getState().holders);
  if (isDirty) holders.add(holder);
  else holders.delete(holder);
  useUnsavedEditsStore.setState({ holders });
}

/**
 * Leaves at once when nothing is unsaved; otherwise asks first, and `leave` runs only if the
 * user chooses to discard the edits. A second leave asked for meanwhile replaces the first.
 */
export function leaveUnlessUnsaved(leave: () => void): void {
  if (!hasUnsavedEdits()) {
    leave();
    return;
  }
  useUnsavedEditsStore.setState({ pendingLeave: leave });
}

/** The answer "Keep editing": the page stays as it is. */
export function keepEditing(): void {
  useUnsavedEditsStore.setState({ pendingLeave: null });
}

/** The answer "Discard changes": the edits are let go and the leave asked about goes ahead. */
export function discardEditsAndLeave(): void {
  const leave = useUnsavedEditsStore.getState().pendingLeave;
  useUnsavedEditsStore.setState({ pendingLeave: null, holders: new Set() });
  leave?.();
}

/** Asks the window's own question (close, reload) while edits are unsaved. */
function askOnUnload(event: BeforeUnloadEvent): void {
  if (!hasUnsavedEdits()) return;
  event.preventDefault();
  // Older Chromium (and Electron's will-prevent-unload) look at returnValue, not preventDefault.
  event.returnValue = '';
}

let isUnloadQuestionInstalled = false;

/**
 * Registers a form's unsaved edits with the guard while `isDirty`, and lets them go when the form
 * goes (a save that clears `isDirty`, a Cancel, the page replaced).
 */
export function useUnsavedEditsGuard(isDirty: boolean): void {
  useEffect(() => {
    if (!isDirty) return;
    const holder = Symbol('unsaved edits');
    holdUnsavedEdits(holder, true);
    // One listener for every form: it asks only while some form holds edits.
    if (!isUnloadQuestionInstalled) window.addEventListener('beforeunload', askOnUnload);
    isUnloadQuestionInstalled = true;
    return () => holdUnsavedEdits(holder, false);
  }, [isDirty]);
}
