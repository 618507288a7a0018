/** Keeps the list fresh when integrations change (in this window, another one, or a script). */
import { useEffect } from 'react';
import { api } from '../../api/client';
import { useIntegrationsStore } from './integrationsStore';

export function useIntegrationEvents(): void {
  useEffect(
    () =>
      api.onEvent((message) => {
        if (message.name === 'integrations.changed') void useIntegrationsStore.getState().load();
      }),
    [],
  );
}
