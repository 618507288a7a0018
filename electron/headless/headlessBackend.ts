/**
 * Opens the shared backend for a command of the headless shell (serve, run, test): the key from
 * $RUNBOOK_DESIGNER_KEY or a key file in the data directory, and a one-off command kept quiet
 * and without triggers. Every command opens it here, so they differ only in what they pass.
 */
import fs from 'node:fs';
import { AppError } from '../../shared/api/appError';
import { createBackend, type Backend, type BackendOptions } from '../services/backend';
import { createMasterKeyProvider } from '../services/secrets/masterKeyProvider';
import type { RunCredentials } from './runCredentials';

declare const __APP_VERSION__: string | undefined;
const version = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

export interface HeadlessBackendOptions {
  /** `run`: the credentials given to this process, laid over the stored configurations. */
  credentials?: RunCredentials;
  /** A one-off command (`test`): no log, no webhook listener, no schedules. `run` is one too. */
  isOneOff?: boolean;
  /** `serve --queue`: runs go on this Redis queue for workers. */
  queue?: BackendOptions['queue'];
  log: (line: string) => void;
}

/** A data directory that is a file: said so, where making it answered 'EEXIST: … mkdir'. */
function refuseFileAsDataDirectory(dataDirectory: string): void {
  if (fs.statSync(dataDirectory, { throwIfNoEntry: false })?.isDirectory() === false)
    throw new AppError(
      'invalid_input',
      `The data directory ${dataDirectory} is a file, not a folder: give --data-dir a folder (one that does not exist yet is made).`,
    );
}

export function openHeadlessBackend(dataDirectory: string, options: HeadlessBackendOptions): Backend {
  refuseFileAsDataDirectory(dataDirectory);
  const { credentials, queue } = options;
  const quiet = credentials !== undefined || options.isOneOff === true;
  return createBackend({
    dataDirectory,
    shell: 'headless',
    version,
    keyProvider: (directory) =>
      createMasterKeyProvider({ environmentKey: process.env.RUNBOOK_DESIGNER_KEY, dataDirectory: directory }),
    log: quiet ? () => undefined : options.log,
    startTriggers: !quiet,
    ...(credentials === undefined ? {} : { commandLine: { credentials: credentials.overrides } }),
    ...(queue === undefined ? {} : { queue }),
  });
}
