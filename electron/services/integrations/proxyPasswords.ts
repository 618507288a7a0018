/**
 * The outbound proxy's password of each integration: encrypted with the secret store like a
 * configuration's secrets, write-only towards the window, read in clear only by the HTTP layer
 * when it connects through the proxy.
 */
import { AppError } from '../../../shared/api/appError';
import type { IntegrationSecretRepository } from '../db/repositories/integrationSecretRepository';
import type { SecretStore } from '../secrets/secretStore';

const secretName = 'proxyPassword';
const secretContext = (integrationId: string) => `integration:${integrationId}:${secretName}`;

export interface ProxyPasswords {
  isSet(integrationId: string): boolean;
  /** The clear password, for the HTTP layer only; never for a window. */
  read(integrationId: string): string | undefined;
  /** A string replaces the password; null or "" clears it. */
  write(integrationId: string, password: string | null): void;
  /** Runs fn in one transaction, so a password is saved with the address it belongs to. */
  transaction<T>(fn: () => T): T;
}

export function createProxyPasswords(
  repository: IntegrationSecretRepository,
  secrets: SecretStore,
): ProxyPasswords {
  return {
    isSet: (integrationId) => repository.get(integrationId, secretName) !== undefined,
    read: (integrationId) => {
      const ciphertext = repository.get(integrationId, secretName);
      if (ciphertext === undefined) return undefined;
      try {
        return secrets.decrypt(ciphertext, secretContext(integrationId));
      } catch {
        throw new AppError(
          'secrets_key_mismatch',
          'The proxy password of this integration cannot be decrypted: it was damaged or not saved ' +
            'here. Enter it again under Connection → Behaviour.',
          'proxyPassword',
        );
      }
    },
    write: (integrationId, password) => {
      if (password === null || password === '') repository.delete(integrationId, secretName);
      else repository.put(integrationId, secretName, secrets.encrypt(password, secretContext(integrationId)));
    },
    transaction: (fn) => repository.transaction(fn),
  };
}
