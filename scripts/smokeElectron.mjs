// `npm run smoke:electron [-- electron options]`: where the Electron binary exists, starts the
// desktop app on a display (Xvfb through xvfb-run on Linux when installed, else $DISPLAY) with a
// temp data folder in smoke mode — RUNBOOK_DESIGNER_SMOKE=1: the main process calls
// integrations.list through the preload bridge in the window and exits 0 or 1 (electron/app/
// smokeCheck.ts) — and exits 0 when it passed. Where the binary or a display is absent, says why
// in one line and exits 0: skipped. Options after `--` go to Electron (e.g. --no-sandbox for a
// container running as root, where Chromium refuses its sandbox).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll, isBuildStale } from './build.mjs';
import { electronBinary, electronEnvironment } from './electronBinary.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// The main process gives up after 60 s of waiting for the window; this only ends a start that
// hangs before its check begins (a display that never answers, a stuck GPU process).
const hangLimitMs = 180_000;

/** @returns {never} */
function skip(/** @type {string} */ reason) {
  process.stdout.write(`smoke:electron skipped: ${reason}\n`);
  process.exit(0);
}

function isExecutableFile(/** @type {string} */ file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isOnPath(/** @type {string} */ command) {
  const directories = (process.env.PATH ?? '').split(path.delimiter).filter((directory) => directory !== '');
  return directories.some((directory) => isExecutableFile(path.join(directory, command)));
}

/**
 * The command that runs Electron with a display: through xvfb-run on Linux when it is installed
 * (a private X server, numbered automatically), else on $DISPLAY; macOS and Windows always have
 * one. Null when Linux has neither.
 * @param {string} binary
 * @param {string[]} electronArguments
 * @returns {{ command: string, args: string[] } | null}
 */
function displayedCommand(binary, electronArguments) {
  if (process.platform !== 'linux') return { command: binary, args: electronArguments };
  if (isOnPath('xvfb-run')) {
    return {
      command: 'xvfb-run',
      args: ['--auto-servernum', '--server-args=-screen 0 1280x1024x24', binary, ...electronArguments],
    };
  }
  if ((process.env.DISPLAY ?? '') !== '') return { command: binary, args: electronArguments };
  return null;
}

/** better-sqlite3 built for Electron's ABI (once, in .cache/), as `npm start` uses it. */
async function nativeBindingOrExit() {
  const { prepareElectronNative } = await import('./electron-native.mjs');
  try {
    return prepareElectronNative();
  } catch (error) {
    process.stderr.write(
      `smoke:electron failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}

/**
 * Runs the app to its end; resolves its exit code (1 when it hung or was killed by a signal).
 * @param {{ command: string, args: string[] }} commandLine
 * @param {NodeJS.ProcessEnv} environment
 * @returns {Promise<number>}
 */
function runApp({ command, args }, environment) {
  // Its own process group, so a hang ends xvfb-run, its X server and Electron's helpers together.
  const isGroup = process.platform !== 'win32';
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: environment, detached: isGroup });
  const kill = (/** @type {NodeJS.Signals} */ signal) => {
    try {
      if (isGroup && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // Already gone.
    }
  };
  const hang = setTimeout(() => {
    process.stderr.write(`smoke:electron: no exit within ${hangLimitMs / 1000} s; stopping the app\n`);
    kill('SIGKILL');
  }, hangLimitMs);
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.once(signal, () => kill(signal));
  return new Promise((resolve) => {
    child.once('error', (error) => {
      process.stderr.write(`smoke:electron: could not start ${command}: ${error.message}\n`);
      clearTimeout(hang);
      resolve(1);
    });
    child.once('exit', (code) => {
      clearTimeout(hang);
      resolve(code ?? 1);
    });
  });
}

const binary = electronBinary();
if (binary === null) {
  skip('the Electron binary is not installed here (npm installed it with ELECTRON_SKIP_BINARY_DOWNLOAD)');
}
const displayed = displayedCommand(binary, ['.', ...process.argv.slice(2)]);
if (displayed === null) skip('no display: install Xvfb (xvfb-run) or set DISPLAY');

if (isBuildStale()) await buildAll();
const nativeBinding = await nativeBindingOrExit();
const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'rbd-smoke-'));
let code;
try {
  code = await runApp(
    displayed,
    electronEnvironment(nativeBinding, {
      RUNBOOK_DESIGNER_SMOKE: '1',
      RUNBOOK_DESIGNER_DATA_DIR: dataDirectory,
    }),
  );
} finally {
  fs.rmSync(dataDirectory, { recursive: true, force: true });
}
if (code === 0) {
  process.stdout.write('smoke:electron passed: integrations.list answered through the window\n');
} else {
  process.stderr.write(`smoke:electron failed: the app exited with ${code} (its log is above)\n`);
}
process.exit(code === 0 ? 0 : 1);
