// `npm start`: opens the desktop app. Where the Electron binary is absent (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD), says so in one line and serves the same app to the browser,
// forwarding the headless shell's options (--port, --data-dir, --host).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll, isBuildStale } from './build.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

/** The Electron executable's path, or null when the package was installed without it. */
function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when it was never downloaded.
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

async function serveInBrowser() {
  process.stderr.write(
    'Electron is not installed here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD); serving the same app to your browser instead.\n',
  );
  if (isBuildStale()) await buildAll();
  const { openBrowserOnce } = await import('./openBrowser.mjs');
  openBrowserOnce();
  // The CommonJS bundle starts itself and reads process.argv, as in scripts/serve.mjs.
  require(path.join(root, 'dist/headless/cli.cjs'));
}

async function openDesktopApp(binary) {
  if (isBuildStale()) await buildAll();
  const { prepareElectronNative } = await import('./electron-native.mjs');
  let nativeBinding;
  try {
    nativeBinding = prepareElectronNative();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const environment = { ...process.env, RUNBOOK_DESIGNER_NATIVE_BINDING: nativeBinding };
  // Set by some tools (and VS Code's terminal): it would run Electron as plain Node.
  delete environment.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, ['.', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: environment,
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}

const binary = electronBinary();
if (binary === null) await serveInBrowser();
else await openDesktopApp(binary);
