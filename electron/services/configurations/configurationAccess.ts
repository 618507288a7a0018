/**
 * What the HTTP layer may read of a configuration: its values, its secrets (decrypted on demand,
 * never cached) and its encrypted token cache.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import type { ConfigurationRepository, ConfigurationRow } from '../db/repositories/configurationRepository';
import type { TokenRepository } from '../db/repositories/tokenRepository';
import type { ConfigurationAccess } from '../http/httpCore';
import type { SecretStore } from '../secrets/secretStore';
import type { ConfigurationService } from './configurationService';
import { configurationTokens } from './configurationTokens';

export interface ConfigurationAccessDependencies {
  configurations: ConfigurationRepository;
  configurationService: ConfigurationService;
  tokens: TokenRepository;
  secrets: SecretStore;
}

/**
 * A token cache is bound to its configuration and to the credentials it was obtained with (base
 * URL, values, secrets as stored): once they change, the old token no longer opens and a new one
 * is fetched, instead of requests going on with the previous account's token. A rename keeps it.
 */
function tokenContext(configurations: ConfigurationRepository, row: ConfigurationRow): string {
  const secrets = configurations
    .secretFields(row.id)
    .map((field) => [field, configurations.getSecret(row.id, field)?.toString('base64') ?? '']);
  const values = Object.entries(row.values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const credentials = crypto
    .createHash('sha256')
    .update(JSON.stringify([row.baseUrl, values, secrets]))
    .digest('base64url');
  return `tokens:${row.id}:${credentials}`;
}

export function createConfigurationAccess(deps: ConfigurationAccessDependencies) {
  return (configurationId: string): ConfigurationAccess => {
    const row = deps.configurations.get(configurationId);
    if (row === undefined) {
      throw new AppError('not_found', 'The chosen configuration no longer exists.', 'configurationId');
    }
    const get = (name: string): string | undefined =>
      row.values[name] ?? deps.configurationService.readSecret(configurationId, name);
    return {
      baseUrl: row.baseUrl,
      credentials: {
        get,
        require: (name) => {
          const value = get(name);
          if (value === undefined || value === '') {
            throw new AppError(
              'invalid_input',
              `The configuration "${row.name}" has no value for "${name}".`,
              name,
            );
          }
          return value;
        },
      },
      tokens: configurationTokens(deps, configurationId, () => tokenContext(deps.configurations, row)),
      rateLimits: { configurationId, limits: row.rateLimits ?? null },
      secretValues: () =>
        deps.configurations
          .secretFields(configurationId)
          .map((field) => deps.configurationService.readSecret(configurationId, field) ?? ''),
    };
  };
}
