// Builds better-sqlite3 for Electron's ABI in .cache/, leaving node_modules' Node build alone
// (the tests and the headless shell need that one). The Electron shell loads the copy through
// better-sqlite3's `nativeBinding` option; packaged apps use electron-builder's rebuild instead.
// `node scripts/electron-native.mjs` prints the .node file's path.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

// npm exports its config to scripts as npm_config_*; node-gyp and prebuild-install read those.
// A `nodedir` (or target/runtime) meant for Node would silently build for Node's ABI instead.
const conflictingConfig = /^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i;

function buildEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !conflictingConfig.test(name)));
}

/** A package's bin script, found from better-sqlite3's folder (prebuild-install is its dependency). */
function binScript(fromPackage, name, script) {
  try {
    return createRequire(fromPackage).resolve(`${name}/${script}`);
  } catch {
    return undefined;
  }
}

/**
 * True when Node itself can load the file, i.e. it was built for Node's ABI, not Electron's.
 * (Node refuses an Electron build with "compiled against a different Node.js version".)
 */
function isBuiltForNode(binding) {
  const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(binding)})`], {
    encoding: 'utf8',
  });
  return result.status === 0;
}

function build(copy, electronVersion, sqlitePackage) {
  const options = { cwd: copy, stdio: ['ignore', 'inherit', 'inherit'], env: buildEnvironment() };
  const prebuildInstall = binScript(sqlitePackage, 'prebuild-install', 'bin.js');
  try {
    if (prebuildInstall === undefined) throw new Error('prebuild-install is not installed');
    // better-sqlite3 publishes prebuilt binaries for Electron; this downloads the matching one.
    execFileSync(
      process.execPath,
      [prebuildInstall, '--runtime', 'electron', '--target', electronVersion],
      options,
    );
    return;
  } catch {
    process.stderr.write('No prebuilt binary; compiling better-sqlite3 against Electron headers instead…\n');
  }
  const nodeGyp =
    binScript(path.join(root, 'package.json'), 'node-gyp', 'bin/node-gyp.js') ??
    process.env.npm_config_node_gyp;
  if (nodeGyp === undefined) {
    throw new Error(
      'node-gyp is not installed: run `npm install` (it comes with electron-builder) and try again.',
    );
  }
  try {
    execFileSync(process.execPath, [nodeGyp, ...nodeGypArguments(electronVersion)], options);
  } catch {
    throw new Error(
      `Could not build better-sqlite3 for Electron ${electronVersion}: it needs internet access (for the ` +
        'prebuilt binary or Electron headers) and, to compile, Python and a C++ compiler. See the output above.',
    );
  }
}

function nodeGypArguments(electronVersion) {
  return [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    '--runtime=electron',
    '--dist-url=https://electronjs.org/headers',
  ];
}

/** Returns the path of a better_sqlite3.node built for the installed Electron, building it once. */
export function prepareElectronNative() {
  const electronVersion = require('electron/package.json').version;
  const sqlitePackage = require.resolve('better-sqlite3/package.json');
  const sqliteVersion = require(sqlitePackage).version;
  // Keyed by both versions, so upgrading either one builds afresh.
  const target = path.join(
    root,
    '.cache',
    'electron-native',
    `electron-${electronVersion}-sqlite-${sqliteVersion}`,
  );
  const copy = path.join(target, 'better-sqlite3');
  const binding = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(binding) && !isBuiltForNode(binding)) return binding;

  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  fs.cpSync(path.dirname(sqlitePackage), copy, { recursive: true });
  fs.rmSync(path.join(copy, 'build'), { recursive: true, force: true });
  process.stderr.write(`Preparing better-sqlite3 for Electron ${electronVersion} (once)…\n`);
  build(copy, electronVersion, sqlitePackage);
  if (!fs.existsSync(binding)) throw new Error(`better-sqlite3 for Electron was not built at ${binding}`);
  if (isBuiltForNode(binding)) {
    fs.rmSync(target, { recursive: true, force: true });
    throw new Error(
      'better-sqlite3 was built for Node instead of Electron (is `nodedir` set in an .npmrc?); nothing was kept.',
    );
  }
  return binding;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${prepareElectronNative()}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
