/** Settings with defaults; only values that pass the contract's schema are kept. */
import { defaultSettings, settingsSchema, type Settings } from '../../../shared/domain/settings';
import type { SettingsRepository } from '../db/repositories/settingsRepository';

export interface SettingsService {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

export function createSettingsService(repository: SettingsRepository): SettingsService {
  const get = (): Settings => {
    const parsed = settingsSchema.partial().safeParse(repository.read());
    return { ...defaultSettings, ...(parsed.success ? parsed.data : {}) };
  };
  return {
    get,
    update: (patch) => {
      repository.write(patch);
      return get();
    },
  };
}
