/** Encrypted OAuth/JWT token caches, one per configuration. */
import type { Database } from '../database';

export interface TokenRepository {
  read(configurationId: string): Buffer | undefined;
  write(configurationId: string, ciphertext: Buffer, expiresAt: string | null): void;
  clear(configurationId: string): boolean;
}

export function createTokenRepository(db: Database): TokenRepository {
  const read = db.prepare<[string], { ciphertext: Buffer }>(
    'SELECT ciphertext FROM oauth_tokens WHERE configuration_id = ?',
  );
  const write = db.prepare<[string, Buffer, string | null, string]>(
    `INSERT INTO oauth_tokens (configuration_id, ciphertext, expires_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (configuration_id) DO UPDATE SET ciphertext = excluded.ciphertext, expires_at = excluded.expires_at,
       updated_at = excluded.updated_at`,
  );
  const clear = db.prepare<[string]>('DELETE FROM oauth_tokens WHERE configuration_id = ?');
  return {
    read: (configurationId) => read.get(configurationId)?.ciphertext,
    write: (configurationId, ciphertext, expiresAt) => {
      write.run(configurationId, ciphertext, expiresAt, new Date().toISOString());
    },
    clear: (configurationId) => clear.run(configurationId).changes > 0,
  };
}
