/**
 * A key provider protects the data key (envelope encryption): the Electron shell uses the OS
 * keychain through safeStorage, the headless shell a master key from the environment or a file.
 */
import type { KeyProtection } from '../../../shared/domain/settings';

export interface KeyProvider {
  /** Stored beside the wrapped key, so a later start knows which provider wrapped it. */
  readonly name: string;
  describe(): KeyProtection;
  wrap(dataKey: Buffer): Buffer;
  /** Throws when the blob was wrapped by another key. */
  unwrap(wrapped: Buffer): Buffer;
}
