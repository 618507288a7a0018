/**
 * The backend's view of a runbook's triggers for the Start step panel, from the resource cache:
 * read each time the panel opens (its "next five runs" move with the clock), read again when the
 * runbook or its versions change (`runbooks.changed`), and kept current by `triggers.logged`
 * events applied to the cached status (no polling).
 */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { TriggerStatus } from '../../../../../shared/domain/runbook';
import { api } from '../../../api/client';
import { callKey, invalidateCalls, queryClient } from '../../../api/resources';
import { applyLoggedTrigger } from './applyLoggedTrigger';

/** The trigger status (null until read, or when it cannot be), and a way to read it again. */
export function useTriggerStatus(runbookId: string | undefined): {
  status: TriggerStatus | null;
  refresh: () => void;
} {
  const id = runbookId ?? '';
  const { data } = useQuery({
    queryKey: callKey('runbooks.triggers', { id }),
    queryFn: () => api.call('runbooks.triggers', { id }),
    enabled: runbookId !== undefined,
    refetchOnMount: 'always',
  });
  useEffect(
    () =>
      api.onEvent((message) => {
        if (message.name !== 'triggers.logged' || message.payload.runbookId !== runbookId) return;
        const logged = message.payload;
        queryClient.setQueryData<TriggerStatus>(callKey('runbooks.triggers', { id }), (current) =>
          current === undefined ? current : applyLoggedTrigger(current, logged),
        );
      }),
    [runbookId, id],
  );
  return { status: data ?? null, refresh: () => void invalidateCalls(['runbooks.triggers']) };
}
