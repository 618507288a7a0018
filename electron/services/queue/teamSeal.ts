/**
 * What crosses Redis in queue mode is sealed under the team's key (RUNBOOK_DESIGNER_KEY, which
 * the main and every worker are started with): a run's job (its graph, inputs, a webhook's
 * credential to mask) and each record a worker sends back. Redis, its AOF file and anyone who
 * can read them see only ciphertext. The key is stretched like the master key, with its own salt,
 * so the sealing key is never the key that wraps the stored secrets.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import { open, seal } from '../secrets/aesGcm';

const context = 'runbook-designer queue message';

/** Seals and opens JSON values under the team's key. */
export interface TeamSeal {
  seal(value: unknown): string;
  /** Throws an AppError when the value was sealed under another key or changed on the way. */
  open<T>(sealed: string): T;
}

/** The seal of a team whose key is `passphrase` (refused when empty: queue mode needs the key). */
export function createTeamSeal(passphrase: string | undefined): TeamSeal {
  if (passphrase === undefined || passphrase === '') {
    throw new AppError(
      'invalid_input',
      'Queue mode needs RUNBOOK_DESIGNER_KEY: the main and every worker must be started with the same key, ' +
        'which protects the stored secrets and everything sent through Redis.',
    );
  }
  const key = crypto.scryptSync(passphrase, 'runbook-designer/queue/v1', 32);
  return {
    seal: (value) => seal(key, Buffer.from(JSON.stringify(value), 'utf8'), context).toString('base64'),
    open: <T>(sealed: string): T => {
      try {
        return JSON.parse(open(key, Buffer.from(sealed, 'base64'), context).toString('utf8')) as T;
      } catch {
        throw new AppError(
          'secrets_key_mismatch',
          'A queue message could not be opened: this process and the one that sent it were started with ' +
            'different RUNBOOK_DESIGNER_KEY values.',
        );
      }
    },
  };
}
