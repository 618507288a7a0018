/**
 * Says, across the designer's bar, that the draft was saved in another window while this one had
 * edits of its own, and offers the choice; nothing is saved meanwhile, and leaving the page or
 * closing the window asks first, so neither draft is lost without the user's word.
 */
import type { ReactElement } from 'react';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { useUnsavedEditsGuard } from '../../app/unsavedEdits';
import { useDesignerStore } from './designerStore';

/** Runs one of the choices; a failure (the backend gone) is said where the user looks. */
function choose(action: () => Promise<void>): void {
  action().catch((error: unknown) => useNoticeStore.getState().show('error', messageOf(error)));
}

export function DraftConflictBar(): ReactElement | null {
  const hasOtherDraft = useDesignerStore((state) => state.otherDraft !== null);
  useUnsavedEditsGuard(hasOtherDraft);
  if (!hasOtherDraft) return null;
  const { loadOtherDraft, keepOwnDraft } = useDesignerStore.getState();
  return (
    <div className="draft-conflict" role="alert">
      <p>
        This runbook was changed in another window while you were editing it here. Load theirs discards your
        unsaved edits; Keep mine saves your draft over theirs.
      </p>
      <button type="button" className="button button-small" onClick={() => choose(loadOtherDraft)}>
        Load theirs
      </button>
      <button type="button" className="button button-small" onClick={() => choose(keepOwnDraft)}>
        Keep mine
      </button>
    </div>
  );
}
