/** Asks before a published version replaces the draft, then reloads the designer with it. */
import { useState, type ReactElement } from 'react';
import { api } from '../../api/client';
import { Dialog } from '../../app/Dialog';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { useDesignerStore } from './designerStore';

const restoreHeldForChoice =
  'Restore waits for the choice between the two drafts: this runbook was changed in another window; choose Load theirs or Keep mine first.';

export function RestoreVersionDialog({
  runbookId,
  version,
  onCancel,
  onRestored,
}: {
  runbookId: string;
  version: { id: string; number: number };
  onCancel: () => void;
  onRestored: () => void;
}): ReactElement {
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const label = `version ${String(version.number)}`;
  const restore = async () => {
    setIsBusy(true);
    try {
      // A save still waiting must not land after the restore and undo it.
      await useDesignerStore.getState().saveNow();
      // Another window's draft and this one's wait for the user's choice: a restore would drop
      // both unasked, as Run or Export would use the one not shown (saveDraftFirst.ts).
      if (useDesignerStore.getState().otherDraft !== null) {
        setError(restoreHeldForChoice);
        setIsBusy(false);
        return;
      }
      await api.call('runbooks.restoreVersion', { id: runbookId, versionId: version.id });
      onRestored();
      // A run of the draft going now goes on with the graph it started with: the bar keeps it.
      await useDesignerStore.getState().open(runbookId, { isRunKept: true });
      useNoticeStore.getState().show('success', `Restored ${label} into the draft`);
    } catch (caught) {
      setError(messageOf(caught));
      setIsBusy(false);
    }
  };
  return (
    <Dialog
      title={`Restore ${label} into the draft?`}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={isBusy}
            onClick={() => void restore()}
          >
            Restore into draft
          </button>
        </>
      }
    >
      <p>
        The draft’s steps, edges and inputs are replaced by those of {label}. Changes in the draft that were
        never published are lost; every published version stays as it is.
      </p>
      <p className="hint">Webhook and schedule keep running the latest available published version.</p>
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
