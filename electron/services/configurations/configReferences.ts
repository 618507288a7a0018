/**
 * Values for `{{config.<prefix>.<field>}}` placeholders (PRODUCT.md §1 variable prefix, §4): the
 * integration with that prefix, its primary configuration (in a client's run, that client's one
 * of an integration in client mode), the field as a value or a secret.
 * Only the fields a request refers to are read, so no other secret is decrypted.
 */
import { configReferencesOf } from '../../../shared/expressions/methodVariables';
import type { MethodDefinition } from '../../../shared/domain/method';
import type { ConfigurationRepository } from '../db/repositories/configurationRepository';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { ConfigurationService } from './configurationService';
import type { OverrideFields } from './credentialOverrides';

export interface ConfigReferenceDependencies {
  integrations: IntegrationRepository;
  configurations: ConfigurationRepository;
  configurationService: ConfigurationService;
  /** Credentials given to this process instead of stored (see credentialOverrides.ts); they win. */
  givenFields?: (integrationId: string) => OverrideFields | undefined;
}

/** What a method's `{{config.…}}` placeholders read, for a run's client. */
export interface ConfigReferenceValues {
  scope: { config: Record<string, Record<string, string>> };
  secrets: string[];
  /**
   * The name of an integration in client configuration mode a placeholder refers to, of which
   * the run's client has no configuration: nothing may be sent (another client's would be wrong).
   */
  clientWithoutConfiguration?: string;
}

/**
 * `{ config: { openai: { apiKey: '…' } } }` for the references found, and the secrets among them.
 * In a client's run, an integration in client configuration mode is read from that client's
 * configuration, as its own steps send with it: its primary one belongs to some other client.
 */
export function createConfigReferenceResolver(deps: ConfigReferenceDependencies) {
  /** The configuration a reference to this integration reads, and whether it must be the client’s. */
  const configurationOf = (integrationId: string, client: string) => {
    const rows = deps.configurations.list(integrationId);
    const isClients = client !== '' && deps.integrations.getDefinition(integrationId)?.isClientMode === true;
    const row = isClients
      ? rows.find((each) => each.clientName === client)
      : rows.find((each) => each.isPrimary);
    return { row, isClients };
  };
  return (method: MethodDefinition, client = ''): ConfigReferenceValues => {
    const config: Record<string, Record<string, string>> = {};
    const secrets: string[] = [];
    let clientWithoutConfiguration: string | undefined;
    for (const [prefix, field] of configReferencesOf(method)) {
      const integrationId = deps.integrations.findIdByPrefix(prefix);
      if (integrationId === undefined) continue;
      const given = deps.givenFields?.(integrationId);
      const givenValue = given?.values[field];
      if (given !== undefined && givenValue !== undefined) {
        config[prefix] = { ...config[prefix], [field]: givenValue };
        if (given.isSecret(field)) secrets.push(givenValue);
        continue;
      }
      const { row, isClients } = configurationOf(integrationId, client);
      if (row === undefined && isClients)
        clientWithoutConfiguration ??= deps.integrations.get(integrationId)?.name ?? prefix;
      if (row === undefined) continue;
      const plain = row.values[field];
      const secret = plain === undefined ? deps.configurationService.readSecret(row.id, field) : undefined;
      const value = plain ?? secret;
      if (value === undefined) continue;
      config[prefix] = { ...config[prefix], [field]: value };
      if (secret !== undefined) secrets.push(secret);
    }
    return {
      scope: { config },
      secrets,
      ...(clientWithoutConfiguration === undefined ? {} : { clientWithoutConfiguration }),
    };
  };
}
