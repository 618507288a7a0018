// `npm start`: opens the desktop app. Where the Electron binary is absent (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD), says so in one line and serves the same app to the browser.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll, isBuildStale } from './build.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when it was never downloaded.
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (isBuildStale()) await buildAll();

if (binary === null) {
  process.stderr.write(
    'Electron is not installed here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD); serving the same app to your browser instead.\n',
  );
  const { openBrowserOnce } = await import('./openBrowser.mjs');
  openBrowserOnce();
  require(path.join(root, 'dist/headless/cli.cjs'));
} else {
  const { prepareElectronNative } = await import('./electron-native.mjs');
  const nativeBinding = prepareElectronNative();
  const child = spawn(binary, ['.', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, RUNBOOK_DESIGNER_NATIVE_BINDING: nativeBinding },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}
