/**
 * The Electron shell's composition root: one instance, the app:// page, the shared backend with
 * the OS keychain as key provider, IPC, menu, and an orderly shutdown. Data that cannot be
 * trusted (corrupt, newer, wrong key) stops the start with a message; nothing is overwritten.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { AppError } from '../../shared/api/appError';
import { DisposableStore } from '../../shared/lifecycle/disposable';
import { createBackend } from '../services/backend';
import { installApplicationMenu } from './applicationMenu';
import { registerAppScheme, serveAppScheme } from './appProtocol';
import { createMainWindow } from './createMainWindow';
import { registerIpc } from './registerIpc';
import { createSafeStorageKeyProvider } from './safeStorageKeyProvider';

declare const __APP_VERSION__: string | undefined;

const distDirectory = path.resolve(__dirname, '..', '..');
const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
const disposables = new DisposableStore();

function dataDirectory(): string {
  const fromEnvironment = process.env.RUNBOOK_DESIGNER_DATA_DIR;
  return fromEnvironment !== undefined && fromEnvironment !== ''
    ? path.resolve(fromEnvironment)
    : app.getPath('userData');
}

function openWindow(): BrowserWindow {
  return createMainWindow({
    preloadFile: path.join(distDirectory, 'electron', 'app', 'preload.cjs'),
    stateFile: path.join(app.getPath('userData'), 'window-state.json'),
    isPackaged: app.isPackaged,
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  serveAppScheme(path.join(distDirectory, 'renderer'));
  const nativeBinding = app.isPackaged ? undefined : process.env.RUNBOOK_DESIGNER_NATIVE_BINDING;
  try {
    const backend = createBackend({
      dataDirectory: dataDirectory(),
      shell: 'electron',
      version: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : app.getVersion(),
      keyProvider: () => createSafeStorageKeyProvider(),
      openBrowser: (url) => shell.openExternal(url),
      ...(nativeBinding === undefined || nativeBinding === '' ? {} : { nativeBinding }),
      log,
    });
    disposables.add(backend);
    disposables.add(registerIpc(backend, log));
  } catch (error) {
    const message = error instanceof AppError ? error.message : String(error);
    log(`start failed: ${message}`);
    dialog.showErrorBox('Runbook Designer cannot start', message);
    app.exit(1);
    return;
  }
  installApplicationMenu(app.isPackaged);
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window === undefined) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => disposables.dispose());
  void start();
}
