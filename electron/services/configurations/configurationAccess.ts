/**
 * What the HTTP layer may read of a configuration: its values, its secrets (decrypted on demand,
 * never cached) and its encrypted token cache.
 */
import { AppError } from '../../../shared/api/appError';
import type { ConfigurationRepository } from '../db/repositories/configurationRepository';
import type { TokenRepository } from '../db/repositories/tokenRepository';
import type { CachedToken } from '../http/authorizer';
import type { ConfigurationAccess } from '../http/httpCore';
import type { SecretStore } from '../secrets/secretStore';
import type { ConfigurationService } from './configurationService';

export interface ConfigurationAccessDependencies {
  configurations: ConfigurationRepository;
  configurationService: ConfigurationService;
  tokens: TokenRepository;
  secrets: SecretStore;
}

const tokenContext = (id: string) => `tokens:${id}`;

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
      tokens: {
        key: configurationId,
        read: () => {
          const sealed = deps.tokens.read(configurationId);
          if (sealed === undefined) return undefined;
          try {
            return JSON.parse(deps.secrets.decrypt(sealed, tokenContext(configurationId))) as CachedToken;
          } catch {
            return undefined; // An unreadable cache is as good as none: a new token is fetched.
          }
        },
        write: (token) => {
          const sealed = deps.secrets.encrypt(JSON.stringify(token), tokenContext(configurationId));
          deps.tokens.write(
            configurationId,
            sealed,
            token.expiresAt === undefined ? null : new Date(token.expiresAt).toISOString(),
          );
        },
        clear: () => {
          deps.tokens.clear(configurationId);
        },
      },
      secretValues: () =>
        deps.configurations
          .secretFields(configurationId)
          .map((field) => deps.configurationService.readSecret(configurationId, field) ?? ''),
    };
  };
}
