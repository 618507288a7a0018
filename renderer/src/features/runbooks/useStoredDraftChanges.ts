/**
 * Keeps the open draft in step with the stored one when it is saved elsewhere (another window, a
 * browser tab on `serve`, the command line): an announced change of the open runbook, or the
 * event stream's return (changes meanwhile were never announced), reads it again and the store
 * meets it (draftSaving.ts): taken at once, and said, when this window has no edits of its own.
 * The announcement of this window's own save, whose answer it already has, is not read again.
 */
import { useEffect } from 'react';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { useDesignerStore } from './designerStore';

/** Reads the open runbook as stored and meets its draft. */
async function readStoredDraft(): Promise<void> {
  const id = useDesignerStore.getState().runbook?.id;
  if (id === undefined) return;
  try {
    const stored = await api.call('runbooks.get', { id });
    if (useDesignerStore.getState().meetStoredDraft(stored) !== 'taken') return;
    useNoticeStore
      .getState()
      .show('success', `“${stored.name}” was changed in another window: its draft is shown now.`);
    const { issues } = await api.call('runbooks.validate', { id });
    if (useDesignerStore.getState().runbook?.id === id) useDesignerStore.setState({ issues });
  } catch (error) {
    useNoticeStore.getState().show('error', messageOf(error));
  }
}

/**
 * The open runbook was written (`updatedAt`: as the write set it): read unless it was this
 * window's own save, whose answer it already has (a runbook of 1,000 steps was read whole again
 * after each save). Announced while a save is on its way, it is judged once that save is answered.
 */
function heardWritten(id: string, updatedAt: string | undefined): void {
  const { runbook, stored, saveState } = useDesignerStore.getState();
  if (id !== runbook?.id) return;
  if (updatedAt !== undefined && saveState === 'saving') {
    const stop = useDesignerStore.subscribe((next) => {
      if (next.saveState === 'saving') return;
      stop();
      heardWritten(id, updatedAt);
    });
    return;
  }
  if (updatedAt !== undefined && updatedAt === stored?.updatedAt) return;
  void readStoredDraft();
}

export function useStoredDraftChanges(): void {
  useEffect(() => {
    const stopEvents = api.onEvent((message) => {
      if (message.name !== 'runbooks.changed' || message.payload.change !== 'updated') return;
      heardWritten(message.payload.id, message.payload.updatedAt);
    });
    const stopResumed = api.onEventsResumed(() => void readStoredDraft());
    return () => {
      stopEvents();
      stopResumed();
    };
  }, []);
}
