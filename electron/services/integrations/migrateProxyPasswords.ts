/**
 * Moves proxy passwords written into proxy addresses (http://user:pass@proxy:3128, as stored
 * before they became secrets) into the encrypted store, and erases the clear copies.
 *
 * Why at start-up and not in a numbered migration: migrations are SQL run before the secret store
 * exists, and encrypting needs its key. Why here: this runs once the store is open, before the
 * listener or any request can read a definition. Idempotent: an address without a password is
 * left alone, so later starts find nothing to do.
 */
import { splitProxyPassword } from '../../../shared/domain/proxyAddress';
import type { IntegrationSecretRepository } from '../db/repositories/integrationSecretRepository';
import type { ProxyPasswords } from './proxyPasswords';

export interface ProxyPasswordMigration {
  rows: IntegrationSecretRepository;
  proxyPasswords: ProxyPasswords;
  /** One transaction in which replaced content is zeroed, not left in free space. */
  secureTransaction<T>(fn: () => T): T;
  /** Rebuilds the file and empties the WAL; false when the WAL could not be emptied. */
  eraseFreedContent(): boolean;
  log(line: string): void;
}

/** Returns how many integrations had their password moved. */
export function migrateProxyPasswords(deps: ProxyPasswordMigration): number {
  const moved = deps.secureTransaction(() => {
    let count = 0;
    for (const { integrationId, url } of deps.rows.proxyAddressesWithUserInfo()) {
      const { url: address, password, isClean } = splitProxyPassword(url);
      if (password === undefined && isClean) continue;
      // An address that cannot be split cleanly keeps the parser's form of it, or none.
      if (password !== undefined) deps.proxyPasswords.write(integrationId, password);
      deps.rows.setProxyAddress(integrationId, address);
      count += 1;
    }
    return count;
  });
  if (moved === 0) return 0;
  // Older edits of the same row may still sit in free pages: rebuild the file once.
  const isErased = deps.eraseFreedContent();
  deps.log(
    `moved ${String(moved)} proxy password(s) out of proxy addresses into the encrypted store` +
      (isErased
        ? ''
        : '; another program holds the database open, so its WAL keeps older pages until it closes'),
  );
  return moved;
}
