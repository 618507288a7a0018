/** Encrypted OAuth/JWT token caches, one per configuration (each holding a token per set of settings). */
import type { Database } from '../database';

/** What a cache becomes: its new ciphertext and when its last token expires, or undefined for none. */
export type TokenCacheChange = (
  ciphertext: Buffer | undefined,
) => { ciphertext: Buffer; expiresAt: string | null } | undefined;

export interface TokenRepository {
  read(configurationId: string): Buffer | undefined;
  /** Reads and replaces (or deletes) a cache in one transaction, so no token written meanwhile is lost. */
  update(configurationId: string, change: TokenCacheChange): void;
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
  const update = db.transaction((configurationId: string, change: TokenCacheChange) => {
    const next = change(read.get(configurationId)?.ciphertext);
    if (next === undefined) clear.run(configurationId);
    else write.run(configurationId, next.ciphertext, next.expiresAt, new Date().toISOString());
  });
  return {
    read: (configurationId) => read.get(configurationId)?.ciphertext,
    update: (configurationId, change) => {
      update.immediate(configurationId, change);
    },
    clear: (configurationId) => clear.run(configurationId).changes > 0,
  };
}
