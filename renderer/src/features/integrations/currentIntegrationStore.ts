/** The integration open in the window: details, connection, configurations and methods. */
import { create } from 'zustand';
import type { CallOutput } from '../../../../shared/api/contract';
import type { Integration } from '../../../../shared/domain/integration';
import type { IntegrationDefinitionView } from '../../../../shared/domain/integrationDefinition';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';

export type ConfigurationView = CallOutput<'configurations.list'>[number];
export type MethodView = CallOutput<'methods.list'>[number];

interface CurrentIntegrationState {
  id: string | null;
  integration: Integration | null;
  definition: IntegrationDefinitionView | null;
  configurations: ConfigurationView[];
  methods: MethodView[];
  error: string | null;
  open(id: string): Promise<void>;
  reloadConfigurations(): Promise<void>;
  reloadMethods(): Promise<void>;
  setDefinition(definition: IntegrationDefinitionView): void;
}

export const useCurrentIntegration = create<CurrentIntegrationState>()((set, get) => ({
  id: null,
  integration: null,
  definition: null,
  configurations: [],
  methods: [],
  error: null,
  open: async (id) => {
    if (get().id !== id)
      set({ id, integration: null, definition: null, configurations: [], methods: [], error: null });
    try {
      const [integration, definition, configurations, methods] = await Promise.all([
        api.call('integrations.get', { id }),
        api.call('integrations.definition', { id }),
        api.call('configurations.list', { integrationId: id }),
        api.call('methods.list', { integrationId: id }),
      ]);
      if (get().id === id) set({ integration, definition, configurations, methods, error: null });
    } catch (error) {
      if (get().id === id) set({ error: messageOf(error) });
    }
  },
  reloadConfigurations: async () => {
    const id = get().id;
    if (id !== null) set({ configurations: await api.call('configurations.list', { integrationId: id }) });
  },
  reloadMethods: async () => {
    const id = get().id;
    if (id !== null) set({ methods: await api.call('methods.list', { integrationId: id }) });
  },
  setDefinition: (definition) => set({ definition }),
}));
