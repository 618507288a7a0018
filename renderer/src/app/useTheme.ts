/** Applies the theme setting: "system" follows the OS through prefers-color-scheme in CSS. */
import { useEffect } from 'react';
import { useSettingsStore } from '../features/settings/settingsStore';

const selectTheme = (state: ReturnType<typeof useSettingsStore.getState>) =>
  state.settings?.theme ?? 'system';

export function useTheme(): void {
  const theme = useSettingsStore(selectTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
