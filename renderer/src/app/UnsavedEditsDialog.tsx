/**
 * The question asked before unsaved edits are let go: Keep editing (the default, so Enter or Esc
 * loses nothing) or Discard changes. The method drawer asks it on Close; the app asks it when a
 * page with unsaved edits is left (see unsavedEdits.ts).
 */
import { useEffect, useRef, type ReactElement } from 'react';
import { Dialog } from './Dialog';
import { discardEditsAndLeave, keepEditing, useUnsavedEditsStore } from './unsavedEdits';

/** Asks whether to discard unsaved edits; `message` says which edits and what happens. */
export function DiscardChangesDialog({
  message,
  onKeepEditing,
  onDiscard,
  returnFocusTo,
}: {
  message: string;
  onKeepEditing: () => void;
  onDiscard: () => void;
  /** Where focus goes on close (by default back to what opened the question). */
  returnFocusTo?: () => HTMLElement | null;
}): ReactElement {
  return (
    <Dialog
      title="Unsaved changes"
      onClose={onKeepEditing}
      returnFocusTo={returnFocusTo}
      actions={
        <>
          <button type="button" className="button" onClick={onKeepEditing} autoFocus>
            Keep editing
          </button>
          <button type="button" className="button button-danger" onClick={onDiscard}>
            Discard changes
          </button>
        </>
      }
    >
      <p>{message}</p>
    </Dialog>
  );
}

/** What holds edits: where focus goes back to on Keep editing. */
const editableControls = 'input, textarea, select, [contenteditable="true"]';

/**
 * The app's question when a page with unsaved edits is left. On Keep editing, focus goes back to
 * the field of the page last used (the link that was clicked is not where the work is).
 */
export function UnsavedEditsQuestion(): ReactElement | null {
  const isAsking = useUnsavedEditsStore((state) => state.pendingLeave !== null);
  const lastInPage = useRef<HTMLElement | null>(null);
  const hasKeptEditing = useRef(false);
  useEffect(() => {
    const remember = (event: FocusEvent) => {
      const target = event.target;
      if (!(target instanceof HTMLElement) || target.closest('#main') === null) return;
      if (target.matches(editableControls)) lastInPage.current = target;
    };
    document.addEventListener('focusin', remember);
    return () => document.removeEventListener('focusin', remember);
  }, []);
  if (!isAsking) return null;
  return (
    <DiscardChangesDialog
      message="This page has unsaved changes. Leave without saving them?"
      onKeepEditing={() => {
        hasKeptEditing.current = true;
        keepEditing();
      }}
      onDiscard={() => {
        hasKeptEditing.current = false;
        discardEditsAndLeave();
      }}
      returnFocusTo={() => {
        const field = lastInPage.current;
        const isBackToWork = hasKeptEditing.current && field?.isConnected === true;
        hasKeptEditing.current = false;
        return isBackToWork ? field : null;
      }}
    />
  );
}
