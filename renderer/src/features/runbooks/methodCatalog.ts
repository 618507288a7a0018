/** Every method of every integration, for the Execute-method step's picker. */
import { create } from 'zustand';
import type { MethodDefinition } from '../../../../shared/domain/method';
import { methodVariables } from '../../../../shared/expressions/methodVariables';
import { api } from '../../api/client';

export interface CatalogMethod {
  id: string;
  integrationName: string;
  definition: MethodDefinition;
  variables: string[];
}

interface CatalogState {
  methods: CatalogMethod[];
  load(): Promise<void>;
}

export const useMethodCatalog = create<CatalogState>()((set) => ({
  methods: [],
  load: async () => {
    const { items } = await api.call('integrations.list', { search: '', category: '' });
    const lists = await Promise.all(
      items.map(async (integration) =>
        (await api.call('methods.list', { integrationId: integration.id })).map((method) => ({
          id: method.id,
          integrationName: integration.name,
          definition: method.definition,
          variables: methodVariables(method.definition),
        })),
      ),
    );
    set({ methods: lists.flat() });
  },
}));
