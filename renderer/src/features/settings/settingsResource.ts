/**
 * Settings and facts about the backend (shell, version, key protection), from the resource
 * cache: read once (settings.get, app.info), and a save puts the settings it answers there.
 */
import type { AppInfo, Settings, Theme, WebhookListener } from '../../../../shared/domain/settings';
import { api } from '../../api/client';
import { getCallData, invalidateCalls, setCallData, useCall } from '../../api/resources';

/** The settings, null until read. */
export function useSettings(): Settings | null {
  return useCall('settings.get', {}).data ?? null;
}

/** Facts about the backend, null until read. */
export function useAppInfo(): AppInfo | null {
  return useCall('app.info', {}).data ?? null;
}

/** The webhook listener's address, or why nothing listens; null until read. */
export function useWebhookListener(): WebhookListener | null {
  return useCall('settings.webhookListener', {}).data ?? null;
}

/**
 * Saves a change of settings; every reader shows what the backend kept. A new webhook address
 * moves the listener, and with it every runbook's webhook address: those are read again.
 */
export async function updateSettings(patch: Partial<Settings>): Promise<void> {
  setCallData('settings.get', {}, await api.call('settings.update', patch));
  if (patch.webhookHost !== undefined || patch.webhookPort !== undefined)
    await invalidateCalls(['settings.webhookListener', 'runbooks.triggers']);
}

/** Theme saves, one after another: the backend keeps the last one chosen. */
let themeSaves: Promise<unknown> = Promise.resolve();
/** How many themes were chosen: only the latest choice's answer (or failure) is shown. */
let themeChoices = 0;

/**
 * Applies the theme at once and saves it. Choices made quickly are saved in the order made, and
 * an earlier choice's answer, coming after a later click, does not show its theme again. If the
 * latest save fails, the window shows what the backend kept.
 */
export async function chooseTheme(theme: Theme): Promise<void> {
  const before = getCallData('settings.get', {});
  if (before === undefined) return;
  themeChoices += 1;
  const choice = themeChoices;
  setCallData('settings.get', {}, { ...before, theme });
  const saving = themeSaves.then(() => api.call('settings.update', { theme }));
  themeSaves = saving.catch(() => undefined);
  try {
    const saved = await saving;
    if (choice === themeChoices) setCallData('settings.get', {}, saved);
  } catch (error) {
    if (choice === themeChoices) await invalidateCalls(['settings.get']).catch(() => undefined);
    throw error;
  }
}
