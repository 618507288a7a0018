/**
 * The backend's view of a runbook's triggers for the Start step panel: read when the panel opens
 * and after version changes, then kept current by `triggers.logged` events (no polling).
 */
import { useCallback, useEffect, useState } from 'react';
import type { TriggerStatus } from '../../../../../shared/domain/runbook';
import { api } from '../../../api/client';
import { useVersionsStore } from '../versionsStore';
import { applyLoggedTrigger } from './applyLoggedTrigger';

const selectVersionsRevision = (state: ReturnType<typeof useVersionsStore.getState>) => state.revision;

/** The trigger status (null until read, or when it cannot be), and a way to read it again. */
export function useTriggerStatus(runbookId: string | undefined): {
  status: TriggerStatus | null;
  refresh: () => void;
} {
  const [status, setStatus] = useState<TriggerStatus | null>(null);
  const versionsRevision = useVersionsStore(selectVersionsRevision);
  const refresh = useCallback(() => {
    if (runbookId === undefined) return;
    api.call('runbooks.triggers', { id: runbookId }).then(setStatus, () => setStatus(null));
  }, [runbookId]);
  useEffect(() => {
    refresh();
  }, [refresh, versionsRevision]);
  useEffect(
    () =>
      api.onEvent((message) => {
        if (message.name !== 'triggers.logged' || message.payload.runbookId !== runbookId) return;
        const logged = message.payload;
        setStatus((current) => (current === null ? current : applyLoggedTrigger(current, logged)));
      }),
    [runbookId],
  );
  return { status, refresh };
}
