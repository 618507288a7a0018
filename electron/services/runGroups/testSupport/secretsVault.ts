/**
 * Test support: a Secrets-only integration with one password field `key` (its variable prefix
 * its name in lower case, `{{config.vault.key}}` for "Vault"), and its configurations — in client
 * mode, a vault of each client's key.
 */
import type { TypedApi } from '../../testSupport/typedApi';

export interface VaultConfiguration {
  name: string;
  clientName: string;
  secret: string;
}

/** Creates the integration `name` and its configurations; answers its id. */
export async function createSecretsVault(
  call: TypedApi['call'],
  name: string,
  isClientMode: boolean,
  configurations: readonly VaultConfiguration[],
): Promise<string> {
  const { id } = await call('integrations.create', { details: { name, category: 'Other' } });
  await call('integrations.updateDefinition', {
    id,
    definition: {
      protocol: 'secrets',
      isClientMode,
      variablePrefix: name.toLowerCase(),
      customFields: [{ name: 'key', label: 'Key', type: 'password' }],
    },
  });
  for (const { secret, ...rest } of configurations)
    await call('configurations.create', { integrationId: id, ...rest, secrets: { key: secret } });
  return id;
}
