/**
 * The desktop shell's key provider: the data key is wrapped by Electron safeStorage, i.e. the
 * OS keychain (macOS Keychain, Windows DPAPI, libsecret/KWallet on Linux). Create after ready.
 */
import { safeStorage } from 'electron';
import { AppError } from '../../shared/api/appError';
import type { KeyProtection } from '../../shared/domain/settings';
import type { KeyProvider } from '../services/secrets/keyProvider';

function describeProtection(): KeyProtection {
  if (process.platform === 'darwin') {
    return { provider: 'safe-storage', isWeak: false, detail: 'The macOS Keychain (Electron safeStorage)' };
  }
  if (process.platform === 'win32') {
    return {
      provider: 'safe-storage',
      isWeak: false,
      detail: 'Windows DPAPI for this user (Electron safeStorage)',
    };
  }
  const backend = safeStorage.getSelectedStorageBackend();
  if (backend === 'basic_text') {
    return {
      provider: 'safe-storage',
      isWeak: true,
      detail:
        'No keychain on this system: Electron safeStorage uses basic_text, a fixed publicly known password',
    };
  }
  return {
    provider: 'safe-storage',
    isWeak: false,
    detail: `The system keychain (${backend}, Electron safeStorage)`,
  };
}

export function createSafeStorageKeyProvider(): KeyProvider {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new AppError(
      'secrets_key_mismatch',
      'The operating system offers no way to encrypt secrets for this user right now. ' +
        'Unlock or install a keychain and start Runbook Designer again; nothing was changed.',
    );
  }
  const protection = describeProtection();
  return {
    name: 'safe-storage',
    describe: () => protection,
    // The data key travels as base64 text because safeStorage encrypts strings.
    wrap: (dataKey) => safeStorage.encryptString(dataKey.toString('base64')),
    unwrap: (wrapped) => {
      let text: string;
      try {
        text = safeStorage.decryptString(wrapped);
      } catch {
        throw new AppError(
          'secrets_key_mismatch',
          'The keychain could not unlock the secrets of this data folder: it was protected by another user, ' +
            'machine or keychain. Nothing was changed; start with the right account or another data folder.',
        );
      }
      return Buffer.from(text, 'base64');
    },
  };
}
