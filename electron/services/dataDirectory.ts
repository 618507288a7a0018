/**
 * Where data lives when no --data-dir is given: the same folder the desktop app uses
 * (Electron's userData), so the CLI and the desktop app find the same runbooks.
 */
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
