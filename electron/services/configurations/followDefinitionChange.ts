/**
 * What a change to an integration's definition means for its configurations: tokens got under
 * the old authorization settings go, and values that were plain under the old definition but are
 * credentials under the new one move into the secrets at once.
 */
import type { ConfigurationRepository } from '../db/repositories/configurationRepository';
import type { TokenRepository } from '../db/repositories/tokenRepository';
import { migrateCredentialValues, type CredentialValueMigration } from './migrateCredentialValues';

export interface DefinitionChangeDependencies {
  configurations: Pick<ConfigurationRepository, 'list'>;
  tokens: Pick<TokenRepository, 'clear'>;
  /** The start-up migration's dependencies; its erasing is replaced by `emptyWal` here. */
  migration: CredentialValueMigration;
  /** Drops the write-ahead log's older copies of rewritten rows; false when it could not. */
  emptyWal(): boolean;
}

/** The integration service's `onDefinitionChanged`. */
export function followDefinitionChange(
  deps: DefinitionChangeDependencies,
): (integrationId: string, change: { isAuthorizationChanged: boolean }) => void {
  return (integrationId, { isAuthorizationChanged }) => {
    if (isAuthorizationChanged)
      for (const configuration of deps.configurations.list(integrationId))
        deps.tokens.clear(configuration.id);
    // A value plain under the old definition (a token under "none") may be a credential under
    // the new one: it moves into the secrets now, not at the next start. Not VACUUM, which
    // rewrites the whole database while every call waits, and which anyone allowed to edit an
    // integration could repeat at will: the secure transaction zeroes the replaced row and
    // emptying the WAL drops its older copies. Left: a copy an earlier edit of the same row may
    // have left in a page's free space, until SQLite reuses that space.
    migrateCredentialValues({ ...deps.migration, eraseFreedContent: deps.emptyWal }, { integrationId });
  };
}
