/** Test support: configuration access over plain maps, with an in-memory token cache. */
import { AppError } from '../../../../shared/api/appError';
import type { CachedToken } from '../authorizer';
import type { ConfigurationAccess } from '../httpCore';

export function configurationOf(
  values: Record<string, string>,
  baseUrl = '',
): ConfigurationAccess & { token(): CachedToken | undefined } {
  let token: CachedToken | undefined;
  return {
    baseUrl,
    credentials: {
      get: (name) => values[name],
      require: (name) => {
        const value = values[name];
        if (value === undefined || value === '')
          throw new AppError('invalid_input', `The configuration has no "${name}".`, name);
        return value;
      },
    },
    tokens: {
      read: () => token,
      write: (next) => {
        token = next;
      },
      clear: () => {
        token = undefined;
      },
    },
    secretValues: () => Object.values(values),
    token: () => token,
  };
}
