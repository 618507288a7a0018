// `npm start`: opens the desktop app. Where the Electron binary is absent (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD), says so in one line and serves the same app to the browser,
// forwarding the headless shell's options (--port, --data-dir, --host).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll, isBuildStale } from './build.mjs';
import { electronBinary, electronEnvironment } from './electronBinary.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

async function serveInBrowser() {
  process.stderr.write(
    'Electron is not installed here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD); serving the same app to your browser instead.\n',
  );
  if (isBuildStale()) await buildAll();
  const { openBrowserOnce } = await import('./openBrowser.mjs');
  openBrowserOnce();
  // The CommonJS bundle starts itself and reads process.argv, as in scripts/serve.mjs; the
  // command line names no default command, so `serve` is put before the options forwarded.
  process.argv.splice(2, 0, 'serve');
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
  const child = spawn(binary, ['.', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: electronEnvironment(nativeBinding),
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}

const binary = electronBinary();
if (binary === null) await serveInBrowser();
else await openDesktopApp(binary);
