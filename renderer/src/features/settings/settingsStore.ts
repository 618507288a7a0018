/** Settings and facts about the backend (shell, version, key protection). */
import { create } from 'zustand';
import type { AppInfo, Settings } from '../../../../shared/domain/settings';
import { api } from '../../api/client';

interface SettingsState {
  settings: Settings | null;
  info: AppInfo | null;
  load(): Promise<void>;
  update(patch: Partial<Settings>): Promise<void>;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  info: null,
  load: async () => {
    const [settings, info] = await Promise.all([api.call('settings.get', {}), api.call('app.info', {})]);
    set({ settings, info });
  },
  update: async (patch) => {
    set({ settings: await api.call('settings.update', patch) });
  },
}));
