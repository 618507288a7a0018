/**
 * Envelope encryption of secrets: one random 256-bit data key encrypts every secret with
 * AES-256-GCM; the data key itself is stored only wrapped by the key provider. Each secret is
 * bound to where it lives (associated data), so a ciphertext copied to another row won't open.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import type { KeyProtection } from '../../../shared/domain/settings';
import type { KeyringRepository, StoredKey } from '../db/repositories/keyringRepository';
import { open, seal } from './aesGcm';
import type { KeyProvider } from './keyProvider';

export interface SecretStore {
  encrypt(plaintext: string, context: string): Buffer;
  decrypt(ciphertext: Buffer, context: string): string;
  protection(): KeyProtection;
}

export function createSecretStore(keyring: KeyringRepository, provider: KeyProvider): SecretStore {
  const dataKey = loadOrCreateDataKey(keyring, provider);
  return {
    encrypt: (plaintext, context) => seal(dataKey, Buffer.from(plaintext, 'utf8'), context),
    decrypt: (ciphertext, context) => open(dataKey, ciphertext, context).toString('utf8'),
    protection: () => provider.describe(),
  };
}

function loadOrCreateDataKey(keyring: KeyringRepository, provider: KeyProvider): Buffer {
  const stored = keyring.get();
  if (stored !== undefined) return unwrapDataKey(stored, provider);
  const dataKey = crypto.randomBytes(32);
  try {
    keyring.save({ provider: provider.name, wrappedKey: provider.wrap(dataKey) });
  } catch (error) {
    // Another process starting on the same data directory saved its data key first: use that.
    const saved = keyring.get();
    if (saved === undefined) throw error;
    return unwrapDataKey(saved, provider);
  }
  return dataKey;
}

function unwrapDataKey(stored: StoredKey, provider: KeyProvider): Buffer {
  if (stored.provider !== provider.name) {
    throw new AppError(
      'secrets_key_mismatch',
      `The secrets in this data directory are protected by "${stored.provider}", but this start ` +
        `uses "${provider.name}". Start the same way as before, or choose another data directory.`,
    );
  }
  const dataKey = provider.unwrap(stored.wrappedKey);
  // A keychain that answers with something else than it was given must not get as far as a secret.
  if (dataKey.length !== 32) {
    throw new AppError(
      'secrets_key_mismatch',
      `The "${provider.name}" key protection did not give back the key these secrets were saved with. Nothing was changed.`,
    );
  }
  return dataKey;
}
