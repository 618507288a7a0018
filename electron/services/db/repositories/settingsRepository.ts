/** Key/value settings, each value stored as JSON. */
import type { Database } from '../database';

export interface SettingsRepository {
  read(): Record<string, unknown>;
  write(values: Record<string, unknown>): void;
}

export function createSettingsRepository(db: Database): SettingsRepository {
  const selectAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const writeAll = db.transaction((values: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(values)) upsert.run(key, JSON.stringify(value));
  });
  return {
    read: () => Object.fromEntries(selectAll.all().map((row) => [row.key, JSON.parse(row.value) as unknown])),
    write: (values) => {
      writeAll(values);
    },
  };
}
