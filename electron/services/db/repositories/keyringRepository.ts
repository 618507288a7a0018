/** The wrapped data key (one row). */
import type { Database } from '../database';

export interface StoredKey {
  provider: string;
  wrappedKey: Buffer;
}

export interface KeyringRepository {
  get(): StoredKey | undefined;
  save(key: StoredKey): void;
}

export function createKeyringRepository(db: Database): KeyringRepository {
  const select = db.prepare<[], { provider: string; wrapped_key: Buffer }>(
    'SELECT provider, wrapped_key FROM keyring WHERE id = 1',
  );
  const insert = db.prepare<[string, Buffer, string]>(
    'INSERT INTO keyring (id, provider, wrapped_key, created_at) VALUES (1, ?, ?, ?)',
  );
  return {
    get: () => {
      const row = select.get();
      return row === undefined ? undefined : { provider: row.provider, wrappedKey: row.wrapped_key };
    },
    save: (key) => {
      insert.run(key.provider, key.wrappedKey, new Date().toISOString());
    },
  };
}
