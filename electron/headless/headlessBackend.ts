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
  let isFolder: boolean | undefined;
  try {
    isFolder = fs.statSync(dataDirectory, { throwIfNoEntry: false })?.isDirectory();
  } catch {
    return; // A path through a file (ENOTDIR) or a closed folder: refuseUnwritableDataDirectory says so.
  }
  if (isFolder === false)
    throw new AppError(
      'invalid_input',
      `The data directory ${dataDirectory} is a file, not a folder: give --data-dir a folder (one that does not exist yet is made).`,
    );
}

/** What a failed mkdir or access check of the data directory means to the person who gave it. */
const folderProblems: Readonly<Record<string, string>> = {
  EACCES: 'this user may not write there',
  EPERM: 'this user may not write there',
  EROFS: 'the disk is read-only',
  ENOTDIR: 'a part of its path is a file',
};

/**
 * A data directory that cannot be made or written: said so, where the command said only
 * 'Error: EACCES: permission denied, mkdir …', or, for an existing read-only folder, that its
 * database (not there at all) was unreadable and should be restored from a backup.
 */
function refuseUnwritableDataDirectory(dataDirectory: string): void {
  try {
    fs.mkdirSync(dataDirectory, { recursive: true });
    fs.accessSync(dataDirectory, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new AppError(
      'invalid_input',
      `The data directory ${dataDirectory} cannot be used: ${folderProblems[code] ?? code}. Give --data-dir a folder this user can write to (one that does not exist yet is made).`,
    );
  }
}

export function openHeadlessBackend(dataDirectory: string, options: HeadlessBackendOptions): Backend {
  refuseFileAsDataDirectory(dataDirectory);
  refuseUnwritableDataDirectory(dataDirectory);
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
