/** Each runbook's webhook secret, kept encrypted under its own context: apart from the trigger service, as reading one that no longer decrypts has its own refusal. */
import { AppError } from '../../../shared/api/appError';
import type { TriggerRepository } from '../db/repositories/triggerRepository';
import type { SecretStore } from '../secrets/secretStore';

export const webhookSecretName = 'webhook';

const secretContext = (runbookId: string) => `trigger_secrets:${runbookId}:${webhookSecretName}`;

export interface WebhookSecrets {
  /** The runbook's secret in clear, or undefined when it has none; refused when it no longer decrypts. */
  read(runbookId: string): string | undefined;
  /** Sets the secret, or clears it with null. */
  write(runbookId: string, secret: string | null): void;
  has(runbookId: string): boolean;
}

export function createWebhookSecrets(deps: {
  triggers: Pick<TriggerRepository, 'readSecret' | 'writeSecret' | 'clearSecret' | 'hasSecret'>;
  secrets: Pick<SecretStore, 'encrypt' | 'decrypt'>;
}): WebhookSecrets {
  return {
    read: (runbookId) => {
      const ciphertext = deps.triggers.readSecret(runbookId, webhookSecretName);
      if (ciphertext === undefined) return undefined;
      try {
        return deps.secrets.decrypt(ciphertext, secretContext(runbookId));
      } catch {
        // Damaged, or saved under another key: only setting it again helps, so say that.
        throw new AppError(
          'secrets_key_mismatch',
          'This webhook’s secret cannot be decrypted (it was damaged or saved with another key); ' +
            'set the secret again in the runbook’s Start step.',
        );
      }
    },
    write: (runbookId, secret) => {
      if (secret === null) deps.triggers.clearSecret(runbookId, webhookSecretName);
      else
        deps.triggers.writeSecret(
          runbookId,
          webhookSecretName,
          deps.secrets.encrypt(secret, secretContext(runbookId)),
        );
    },
    has: (runbookId) => deps.triggers.hasSecret(runbookId, webhookSecretName),
  };
}
