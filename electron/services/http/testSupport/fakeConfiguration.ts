/** Test support: configuration access over plain maps, with an in-memory token cache (a token per slot). */
import { AppError } from '../../../../shared/api/appError';
import type { CachedToken } from '../authorizer';
import type { ConfigurationAccess } from '../httpCore';

export function configurationOf(
  values: Record<string, string>,
  baseUrl = '',
): ConfigurationAccess & { token(): CachedToken | undefined } {
  const tokens = new Map<string, CachedToken>();
  let lastWritten: string | undefined;
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
      slot: (slot) => ({
        read: () => tokens.get(slot),
        write: (next) => {
          tokens.set(slot, next);
          lastWritten = slot;
        },
        clear: () => {
          tokens.delete(slot);
        },
      }),
    },
    secretValues: () => Object.values(values),
    /** The token of the settings a token was last written for. */
    token: () => (lastWritten === undefined ? undefined : tokens.get(lastWritten)),
  };
}
