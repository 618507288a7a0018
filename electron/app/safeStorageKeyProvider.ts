/**
 * The desktop shell's key provider: the data key is wrapped by Electron safeStorage, i.e. the
 * OS keychain (macOS Keychain, Windows DPAPI, libsecret/KWallet on Linux). Create after ready.
 */
import { safeStorage } from 'electron';
import { AppError } from '../../shared/api/appError';
import type { KeyProtection } from '../../shared/domain/settings';
import type { KeyProvider } from '../services/secrets/keyProvider';

export function createSafeStorageKeyProvider(): KeyProvider {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new AppError(
      'secrets_key_mismatch',
      'The operating system offers no way to encrypt secrets for this user. Unlock or install a keychain and start again.',
    );
  }
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  const isWeak = backend === 'basic_text';
  const protection: KeyProtection = {
    provider: 'safe-storage',
    isWeak,
    detail: isWeak
      ? 'Electron safeStorage with the basic_text backend: no keychain protects the key'
      : `The operating system keychain (Electron safeStorage${backend === 'os' ? '' : `, ${backend}`})`,
  };
  return {
    name: 'safe-storage',
    describe: () => protection,
    wrap: (dataKey) => safeStorage.encryptString(dataKey.toString('base64')),
    unwrap: (wrapped) => {
      try {
        return Buffer.from(safeStorage.decryptString(wrapped), 'base64');
      } catch {
        throw new AppError(
          'secrets_key_mismatch',
          'The keychain could not unlock the secrets of this data folder (another user, machine or keyring?). ' +
            'Nothing was changed.',
        );
      }
    },
  };
}
