/**
 * Moves credentials that earlier versions let a configuration keep as plain values (a bearer
 * `token` in `values`, stored and listed in clear) into its encrypted secrets, and erases the
 * clear copies. Since then `configurations.create`/`update` refuse such a value; this brings
 * rows saved before that in line, so no credential stays in clear in the database.
 *
 * At start-up, like migrateProxyPasswords and for the same reason: encrypting needs the secret
 * store's key, which numbered SQL migrations do not have. Again for one integration whenever its
 * definition changes: a value accepted as plain under one authorization (a `token` under "none")
 * is a credential under another, and must not wait in clear for the next start. The plain value
 * is the one requests used (it took precedence over a secret of the same name), so it is the one
 * kept. Idempotent.
 */
import { isSecretField } from '../../../shared/auth/authTypeDescriptor';
import { configurationFieldsOf } from '../../../shared/domain/integrationDefinition';
import type { ConfigurationRepository } from '../db/repositories/configurationRepository';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { ConfigurationService } from './configurationService';

export interface CredentialValueMigration {
  integrations: Pick<IntegrationRepository, 'list' | 'getDefinition'>;
  configurations: Pick<ConfigurationRepository, 'list'>;
  configurationService: Pick<ConfigurationService, 'update'>;
  /** One transaction in which replaced content is zeroed, not left in free space. */
  secureTransaction<T>(fn: () => T): T;
  /**
   * Run after the transaction when something moved, to drop earlier copies the files still hold
   * (e.g. the WAL frames of the old rows); false when the WAL could not be emptied.
   */
  eraseFreedContent(): boolean;
  log(line: string): void;
}

/**
 * Returns how many configurations had credentials moved. With `integrationId`, only that
 * integration's configurations are looked at; otherwise every integration's.
 */
export function migrateCredentialValues(
  deps: CredentialValueMigration,
  scope: { integrationId?: string } = {},
): number {
  const moved = deps.secureTransaction(() => {
    let count = 0;
    const integrationIds =
      scope.integrationId === undefined
        ? deps.integrations
            .list({ search: '', category: '', limit: Number.MAX_SAFE_INTEGER })
            .items.map((integration) => integration.id)
        : [scope.integrationId];
    for (const integrationId of integrationIds) {
      const definition = deps.integrations.getDefinition(integrationId);
      if (definition === undefined) continue;
      const credentialNames = configurationFieldsOf(definition)
        .filter(isSecretField)
        .map((field) => field.name);
      for (const row of deps.configurations.list(integrationId)) {
        const names = credentialNames.filter((name) => Object.hasOwn(row.values, name));
        if (names.length === 0) continue;
        const values = Object.fromEntries(
          Object.entries(row.values).filter(([name]) => !names.includes(name)),
        );
        const secrets = Object.fromEntries(names.map((name) => [name, row.values[name] ?? '']));
        deps.configurationService.update(row.id, { values, secrets });
        count += 1;
      }
    }
    return count;
  });
  if (moved === 0) return 0;
  const isErased = deps.eraseFreedContent();
  deps.log(
    `moved the credentials of ${String(moved)} configuration(s) out of plain values into the encrypted store` +
      (isErased
        ? ''
        : '; another program holds the database open, so its WAL keeps older pages until it closes'),
  );
  return moved;
}
