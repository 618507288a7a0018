/** Settings and facts about the backend (shell, version, key protection). */
import { create } from 'zustand';
import type { AppInfo, Settings, Theme } from '../../../../shared/domain/settings';
import { api } from '../../api/client';

interface SettingsState {
  settings: Settings | null;
  info: AppInfo | null;
  load(): Promise<void>;
  update(patch: Partial<Settings>): Promise<void>;
  /** Applies the theme at once and saves it; goes back to the previous one if saving fails. */
  chooseTheme(theme: Theme): Promise<void>;
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  settings: null,
  info: null,
  load: async () => {
    const [settings, info] = await Promise.all([api.call('settings.get', {}), api.call('app.info', {})]);
    set({ settings, info });
  },
  update: async (patch) => {
    set({ settings: await api.call('settings.update', patch) });
  },
  chooseTheme: async (theme) => {
    const before = get().settings;
    if (before === null) return;
    set({ settings: { ...before, theme } });
    try {
      await get().update({ theme });
    } catch (error) {
      const current = get().settings;
      if (current !== null) set({ settings: { ...current, theme: before.theme } });
      throw error;
    }
  },
}));
