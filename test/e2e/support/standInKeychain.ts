/**
 * The stand-in Electron's safeStorage: a keychain of one, encrypting with AES-256-GCM under a key
 * the test holds, so what one start wrapped opens with the same key and fails with another — as
 * the OS keychain behaves for one user versus another.
 */
import crypto from 'node:crypto';

/** The part of Electron's safeStorage the desktop shell uses. */
export interface StandInSafeStorage {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
  encryptString(text: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

const ivBytes = 12;
const tagBytes = 16;

/**
 * A safeStorage whose encryption is available only once the app is ready (Electron's rule on
 * Linux), reporting the libsecret backend.
 */
export function createStandInSafeStorage(keychainKey: Buffer, isReady: () => boolean): StandInSafeStorage {
  if (keychainKey.length !== 32) throw new Error('The stand-in keychain needs a 32-byte key.');
  return {
    isEncryptionAvailable: isReady,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (text) => {
      if (!isReady()) throw new Error('safeStorage cannot be used before the app is ready.');
      const iv = crypto.randomBytes(ivBytes);
      const cipher = crypto.createCipheriv('aes-256-gcm', keychainKey, iv);
      const encrypted = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), encrypted]);
    },
    decryptString: (encrypted) => {
      const decipher = crypto.createDecipheriv('aes-256-gcm', keychainKey, encrypted.subarray(0, ivBytes));
      decipher.setAuthTag(encrypted.subarray(ivBytes, ivBytes + tagBytes));
      try {
        return Buffer.concat([
          decipher.update(encrypted.subarray(ivBytes + tagBytes)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      }
    },
  };
}
