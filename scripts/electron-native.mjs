// Builds better-sqlite3 for Electron's ABI in .cache/, leaving node_modules' Node build alone
// (the tests and the headless shell need that one). The Electron shell loads the copy through
// better-sqlite3's `nativeBinding` option; packaged apps use electron-builder's rebuild instead.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

/** Returns the path of a better_sqlite3.node built for the installed Electron. */
export function prepareElectronNative() {
  const electronVersion = require('electron/package.json').version;
  const sqliteVersion = require('better-sqlite3/package.json').version;
  const target = path.join(
    root,
    '.cache',
    'electron-native',
    `electron-${electronVersion}-sqlite-${sqliteVersion}`,
  );
  const binding = path.join(target, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(binding)) return binding;
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const copy = path.join(target, 'better-sqlite3');
  fs.cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), copy, { recursive: true });
  fs.rmSync(path.join(copy, 'build'), { recursive: true, force: true });
  process.stderr.write(`Building better-sqlite3 for Electron ${electronVersion} (once)…\n`);
  const options = { cwd: copy, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' };
  try {
    // better-sqlite3 publishes prebuilt binaries for Electron; this downloads the right one.
    execFileSync(
      'npx',
      ['--no-install', 'prebuild-install', '--runtime', 'electron', '--target', electronVersion],
      options,
    );
  } catch {
    execFileSync(
      'npx',
      [
        '--no-install',
        'node-gyp',
        'rebuild',
        '--release',
        `--target=${electronVersion}`,
        '--runtime=electron',
        '--dist-url=https://electronjs.org/headers',
      ],
      options,
    );
  }
  if (!fs.existsSync(binding)) throw new Error(`better-sqlite3 for Electron was not built at ${binding}`);
  return binding;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${prepareElectronNative()}\n`);
}
