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
  const masterKey = fromEnvironment ? stretch(source.environmentKey ?? '') : readOrCreateKeyFile(keyFile);
  const protection: KeyProtection = fromEnvironment
    ? { provider: 'environment', isWeak: false, detail: 'Key from RUNBOOK_DESIGNER_KEY' }
    : { provider: 'key-file', isWeak: false, detail: `Key file ${keyFile} (mode 0600)` };
  return {
    name: protection.provider,
    describe: () => protection,
    wrap: (dataKey) => seal(masterKey, dataKey, wrapContext),
    unwrap: (wrapped) => {
      try {
        return open(masterKey, wrapped, wrapContext);
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

function readOrCreateKeyFile(file: string): Buffer {
  if (fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8').trim();
    const key = Buffer.from(text, 'base64');
    if (key.length !== 32) {
      throw new AppError('secrets_key_mismatch', `${file} does not hold a 32-byte base64 key.`);
    }
    return key;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = crypto.randomBytes(32);
  // 'wx' fails if another process created it meanwhile, rather than overwriting its key.
  fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
