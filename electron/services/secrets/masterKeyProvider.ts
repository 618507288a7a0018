/**
 * The headless shell's key provider: a master key from RUNBOOK_DESIGNER_KEY, or else from a key
 * file in the data directory, created with mode 0600 on first start.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/appError';
import type { KeyProtection } from '../../../shared/domain/settings';
import { open, seal } from './aesGcm';
import type { KeyProvider } from './keyProvider';

export const keyFileName = 'master.key';
const wrapContext = 'runbook-designer data key';

export interface MasterKeySource {
  /** RUNBOOK_DESIGNER_KEY: any passphrase or a base64 key; stretched with scrypt either way. */
  environmentKey?: string | undefined;
  dataDirectory: string;
}

export function createMasterKeyProvider(source: MasterKeySource): KeyProvider {
  const fromEnvironment = source.environmentKey !== undefined && source.environmentKey !== '';
  const keyFile = path.join(source.dataDirectory, keyFileName);
  // Read on first use, and created only to wrap a new data key: a start whose key file is gone
  // must not make a new one that the saved secrets do not open with.
  let masterKey: Buffer | undefined;
  const keyFor = (mayCreate: boolean): Buffer =>
    (masterKey ??= fromEnvironment ? stretch(source.environmentKey ?? '') : readKeyFile(keyFile, mayCreate));
  const protection: KeyProtection = fromEnvironment
    ? { provider: 'environment', isWeak: false, detail: 'Key from RUNBOOK_DESIGNER_KEY' }
    : { provider: 'key-file', isWeak: false, detail: `Key file ${keyFile} (mode 0600)` };
  return {
    name: protection.provider,
    describe: () => protection,
    wrap: (dataKey) => seal(keyFor(true), dataKey, wrapContext),
    unwrap: (wrapped) => {
      const key = keyFor(false);
      try {
        return open(key, wrapped, wrapContext);
      } catch {
        throw new AppError(
          'secrets_key_mismatch',
          fromEnvironment
            ? 'RUNBOOK_DESIGNER_KEY is not the key these secrets were saved with. Start with the original key.'
            : `${keyFile} is not the key these secrets were saved with. Restore the original key file.`,
        );
      }
    },
  };
}

function stretch(passphrase: string): Buffer {
  return crypto.scryptSync(passphrase, 'runbook-designer/master-key/v1', 32);
}

function readKeyFile(file: string, mayCreate: boolean): Buffer {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (!mayCreate) {
      throw new AppError(
        'secrets_key_mismatch',
        `${file} is missing; the secrets here were saved with the key it held. Restore it: nothing was changed.`,
      );
    }
    return createKeyFile(file) ?? readKeyFile(file, false);
  }
  restrictToOwner(file);
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) {
    throw new AppError('secrets_key_mismatch', `${file} does not hold a 32-byte base64 key.`);
  }
  return key;
}

/** A key file others can read was made by hand or copied; it is tightened like the one we create. */
function restrictToOwner(file: string): void {
  if (process.platform === 'win32' || (fs.statSync(file).mode & 0o077) === 0) return;
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    throw new AppError(
      'secrets_key_mismatch',
      `${file} can be read by other users and could not be changed. Make it readable by its owner only (chmod 600).`,
    );
  }
}

/**
 * Written in full beside the key file, then linked to its name: a process starting at the same
 * moment finds no key file or a whole one, never an empty one, and the first link wins.
 * Undefined when another process won; its key is the one to use.
 */
function createKeyFile(file: string): Buffer | undefined {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  const temporary = `${file}.${crypto.randomUUID()}.tmp`;
  const descriptor = fs.openSync(temporary, 'wx', 0o600);
  try {
    fs.writeSync(descriptor, `${key.toString('base64')}\n`);
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
  try {
    fs.linkSync(temporary, file);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}
