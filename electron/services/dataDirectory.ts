/**
 * Where data lives when no --data-dir is given: the same folder the desktop app uses
 * (Electron's userData), so the CLI and the desktop app find the same runbooks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const productName = 'Runbook Designer';

export function defaultDataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnvironment = env.RUNBOOK_DESIGNER_DATA_DIR;
  if (fromEnvironment !== undefined && fromEnvironment !== '') return path.resolve(fromEnvironment);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', productName);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), productName);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), productName);
  }
}

/**
 * The data folder holds the database, its key and the run records: only its owner may list or
 * open it. mkdir's mode applies only to a folder it creates (less the umask); an existing one keeps
 * its own, so it is set here. A folder of another user (a shared directory given as the data
 * folder) is left alone: only its owner may change it.
 */
export function restrictDirectoryToOwner(directory: string): void {
  if (process.platform === 'win32') return;
  if (fs.statSync(directory).uid !== process.getuid?.()) return;
  fs.chmodSync(directory, 0o700);
}
