/**
 * Applies the theme: html[data-theme] is "light" or "dark". The "system" setting follows the
 * OS through prefers-color-scheme, live, so switching the OS theme switches the window.
 */
import { useEffect } from 'react';
import type { Theme } from '../../../shared/domain/settings';
import { useSettings } from '../features/settings/settingsResource';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Sets the theme in effect at once; main.tsx calls it before the first render, so nothing flashes. */
export function applyTheme(theme: Theme): void {
  const effective = theme === 'system' ? (darkQuery().matches ? 'dark' : 'light') : theme;
  document.documentElement.dataset.theme = effective;
}

export function useTheme(): void {
  const theme = useSettings()?.theme ?? 'system';
  useEffect(() => {
    applyTheme(theme);
    if (theme !== 'system') return;
    const query = darkQuery();
    const onChange = () => applyTheme('system');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [theme]);
}
