/**
 * An integration's own secrets (today the outbound proxy's password), encrypted by the caller,
 * and the proxy addresses that still carry a password in clear from before they existed.
 */
import type { Database } from '../database';

export interface IntegrationSecretRepository {
  get(integrationId: string, name: string): Buffer | undefined;
  put(integrationId: string, name: string, ciphertext: Buffer): void;
  delete(integrationId: string, name: string): void;
  /** Integrations whose stored proxy address holds an @, i.e. may carry a user and password. */
  proxyAddressesWithUserInfo(): { integrationId: string; url: string }[];
  /** Rewrites only the proxy address inside the stored behaviour. */
  setProxyAddress(integrationId: string, url: string): void;
  /** Runs fn in one transaction. */
  transaction<T>(fn: () => T): T;
}

export function createIntegrationSecretRepository(db: Database): IntegrationSecretRepository {
  const get = db.prepare<[string, string], { ciphertext: Buffer }>(
    'SELECT ciphertext FROM integration_secrets WHERE integration_id = ? AND name = ?',
  );
  const put = db.prepare<[string, string, Buffer, string]>(
    `INSERT INTO integration_secrets (integration_id, name, ciphertext, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (integration_id, name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string, string]>(
    'DELETE FROM integration_secrets WHERE integration_id = ? AND name = ?',
  );
  const withUserInfo = db.prepare<[], { id: string; url: string }>(
    `SELECT id, json_extract(behaviour, '$.proxy.url') AS url FROM integrations
     WHERE json_valid(behaviour) AND instr(json_extract(behaviour, '$.proxy.url'), '@') > 0`,
  );
  const setAddress = db.prepare<[string, string]>(
    `UPDATE integrations SET behaviour = json_set(behaviour, '$.proxy.url', ?) WHERE id = ?`,
  );
  return {
    get: (integrationId, name) => get.get(integrationId, name)?.ciphertext,
    put: (integrationId, name, ciphertext) => {
      put.run(integrationId, name, ciphertext, new Date().toISOString());
    },
    delete: (integrationId, name) => {
      remove.run(integrationId, name);
    },
    proxyAddressesWithUserInfo: () =>
      withUserInfo.all().map((row) => ({ integrationId: row.id, url: row.url })),
    setProxyAddress: (integrationId, url) => {
      setAddress.run(url, integrationId);
    },
    transaction: (fn) => db.transaction(fn)(),
  };
}
