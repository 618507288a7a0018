/** Fork (PRODUCT.md §4): copies a runbook and opens the copy, whose webhook and schedule are off. */
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { navigate } from '../../app/route';
import { useDesignerStore } from './designerStore';
import { saveDraftFirst } from './saveDraftFirst';

/** The runbooks being forked now: a second click (a double-click) meanwhile makes no second copy. */
const forking = new Set<string>();

export async function forkRunbook(runbookId: string): Promise<void> {
  if (forking.has(runbookId)) return;
  forking.add(runbookId);
  try {
    // Forking the runbook open in the designer copies its latest edits, or is refused saying
    // why they are not saved (a copy of the older draft would be made without a word).
    if (useDesignerStore.getState().runbook?.id === runbookId) await saveDraftFirst('Fork');
    const copy = await api.call('runbooks.fork', { id: runbookId });
    useNoticeStore
      .getState()
      .show(
        'success',
        `Forked as “${copy.name}”; its webhook and schedule are off until you switch them on.`,
      );
    navigate({ area: 'runbooks', runbookId: copy.id });
  } catch (caught) {
    useNoticeStore.getState().show('error', messageOf(caught));
  } finally {
    forking.delete(runbookId);
  }
}
