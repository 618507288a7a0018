/**
 * A run group as its page shows it: read once, then kept in step by its runGroups.changed
 * events, which carry the whole group (no polling, no read again per event).
 */
import { useEffect } from 'react';
import type { RunGroup } from '../../../../shared/domain/runGroup';
import { api } from '../../api/client';
import { setCallDataFromEvent, useCall } from '../../api/resources';

export function useRunGroup(groupId: string): { group: RunGroup | undefined; error: unknown } {
  const { data, error } = useCall('runGroups.get', { id: groupId });
  useEffect(
    () =>
      api.onEvent((message) => {
        if (message.name === 'runGroups.changed' && message.payload.group.id === groupId)
          setCallDataFromEvent('runGroups.get', { id: groupId }, message.payload.group);
      }),
    [groupId],
  );
  return { group: data, error };
}
