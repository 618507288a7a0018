/**
 * The Electron shell's composition root: one instance, the app:// page, the shared backend with
 * the OS keychain as key provider, IPC, menu, and an orderly shutdown. Data that cannot be
 * trusted (corrupt, newer, wrong key) stops the start with a message; nothing is overwritten.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { AppError } from '../../shared/api/appError';
import { DisposableStore } from '../../shared/lifecycle/disposable';
import { createBackend, type Backend } from '../services/backend';
import { isWebUrl } from './appOrigin';
import { installApplicationMenu } from './applicationMenu';
import { registerAppScheme, serveAppScheme } from './appProtocol';
import { createMainWindow } from './createMainWindow';
import { registerIpc } from './registerIpc';
import { restrictPermissions } from './sessionPermissions';
import { createSafeStorageKeyProvider } from './safeStorageKeyProvider';
import { isSmokeRun, runSmokeCheck } from './smokeCheck';

declare const __APP_VERSION__: string | undefined;

// The bundle is dist/electron/app/main.cjs (inside app.asar when packaged).
const distDirectory = path.resolve(__dirname, '..', '..');
const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
const disposables = new DisposableStore();
let isBackendReady = false;

/**
 * RUNBOOK_DESIGNER_DATA_DIR (as in the headless shell) becomes userData, so a second data folder
 * also gets its own single-instance lock and window state. Must run before ready.
 */
function useDataDirectoryFromEnvironment(): void {
  const fromEnvironment = process.env.RUNBOOK_DESIGNER_DATA_DIR;
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    app.setPath('userData', path.resolve(fromEnvironment));
  }
}

/** Tells the user why the app cannot start; a smoke run has nobody to click a modal box away. */
function showStartFailure(message: string): void {
  if (!isSmokeRun()) dialog.showErrorBox('Runbook Designer cannot start', message);
}

function readmeFile(): string {
  return app.isPackaged
    ? path.join(process.resourcesPath, 'README.md')
    : path.join(app.getAppPath(), 'README.md');
}

function openWindow(): BrowserWindow {
  return createMainWindow({
    preloadFile: path.join(distDirectory, 'electron', 'app', 'preload.cjs'),
    stateFile: path.join(app.getPath('userData'), 'window-state.json'),
    isPackaged: app.isPackaged,
    log,
  });
}

function focusOrOpenWindow(): void {
  if (!isBackendReady) return;
  const [window] = BrowserWindow.getAllWindows();
  if (window === undefined) {
    openWindow();
    return;
  }
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** Opens the database and keychain; on failure tells the user why and returns undefined. */
function startBackend(): Backend | undefined {
  // In development `npm start` builds better-sqlite3 for Electron into .cache/ and passes its
  // path; a packaged app carries the module electron-builder rebuilt.
  const nativeBinding = app.isPackaged ? undefined : process.env.RUNBOOK_DESIGNER_NATIVE_BINDING;
  try {
    return createBackend({
      dataDirectory: app.getPath('userData'),
      shell: 'electron',
      version: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : app.getVersion(),
      keyProvider: () => createSafeStorageKeyProvider(),
      openBrowser: async (url) => {
        if (!isWebUrl(url))
          throw new AppError('invalid_input', 'The sign-in address must be a web address (https://…).');
        await shell.openExternal(url);
      },
      ...(nativeBinding === undefined || nativeBinding === '' ? {} : { nativeBinding }),
      log,
    });
  } catch (error) {
    // AppErrors carry a message written for people; anything else is shown without its stack.
    const message = error instanceof Error ? error.message : String(error);
    log(`start failed: ${error instanceof AppError ? `${error.code}: ${message}` : String(error)}`);
    showStartFailure(message);
    return undefined;
  }
}

/** `npm run smoke:electron`: checks the window's bridge once, closes the data, exits 0 or 1. */
async function finishSmokeRun(window: BrowserWindow): Promise<void> {
  const isPassed = await runSmokeCheck(window, log);
  try {
    disposables.dispose();
  } finally {
    // app.exit skips will-quit (whose handler would dispose again) and sets the exit code.
    app.exit(isPassed ? 0 : 1);
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  restrictPermissions(session.defaultSession);
  serveAppScheme(path.join(distDirectory, 'renderer'));
  const backend = startBackend();
  if (backend === undefined) {
    app.exit(1);
    return;
  }
  disposables.add(backend);
  disposables.add(registerIpc(backend, log));
  isBackendReady = true;
  installApplicationMenu({ isPackaged: app.isPackaged, readmeFile: readmeFile() });
  const window = openWindow();
  if (isSmokeRun()) void finishSmokeRun(window);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

useDataDirectoryFromEnvironment();
if (!app.requestSingleInstanceLock()) {
  // Another instance owns this data folder; it focuses its window (second-instance below).
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  app.on('second-instance', focusOrOpenWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => disposables.dispose());
  start().catch((error: unknown) => {
    log(`start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    showStartFailure('Something went wrong while starting; see the log.');
    app.exit(1);
  });
}
