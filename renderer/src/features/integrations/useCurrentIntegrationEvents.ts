/** Keeps the open integration fresh when its configurations or methods change anywhere. */
import { useEffect } from 'react';
import { api } from '../../api/client';
import { useCurrentIntegration } from './currentIntegrationStore';

export function useCurrentIntegrationEvents(): void {
  useEffect(
    () =>
      api.onEvent((message) => {
        const state = useCurrentIntegration.getState();
        if (message.name === 'configurations.changed' && message.payload.integrationId === state.id) {
          void state.reloadConfigurations();
        }
        if (message.name === 'methods.changed' && message.payload.integrationId === state.id)
          void state.reloadMethods();
      }),
    [],
  );
}
