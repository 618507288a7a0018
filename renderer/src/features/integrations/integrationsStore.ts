/** The integrations list with its search and category filter; reloads on backend events. */
import { create } from 'zustand';
import type { Integration } from '../../../../shared/domain/integration';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';

interface IntegrationsState {
  items: Integration[];
  total: number;
  categories: string[];
  search: string;
  category: string;
  isLoading: boolean;
  hasLoaded: boolean;
  error: string | null;
  setSearch(search: string): void;
  setCategory(category: string): void;
  load(): Promise<void>;
}

let requestCounter = 0;

export const useIntegrationsStore = create<IntegrationsState>()((set, get) => ({
  items: [],
  total: 0,
  categories: [],
  search: '',
  category: '',
  isLoading: false,
  hasLoaded: false,
  error: null,
  setSearch: (search) => set({ search }),
  setCategory: (category) => set({ category }),
  load: async () => {
    const request = ++requestCounter;
    set({ isLoading: true });
    try {
      const { search, category } = get();
      const result = await api.call('integrations.list', { search, category });
      // A slower, older answer must not overwrite a newer one.
      if (request !== requestCounter) return;
      set({ ...result, isLoading: false, hasLoaded: true, error: null });
    } catch (error) {
      if (request !== requestCounter) return;
      set({ isLoading: false, error: messageOf(error) });
    }
  },
}));
