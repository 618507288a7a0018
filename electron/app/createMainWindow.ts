/**
 * The main window: a sandboxed, context-isolated page with no Node access that may not leave our
 * origin; new windows are refused and http(s) links open in the system browser instead.
 */
import path from 'node:path';
import { BrowserWindow, dialog, screen, shell } from 'electron';
import { appEntryUrl, isAppUrl, isWebUrl } from './appOrigin';
import { readWindowPlacement, writeWindowState } from './windowState';

export interface MainWindowOptions {
  preloadFile: string;
  /** JSON file remembering bounds and maximized state (in userData). */
  stateFile: string;
  isPackaged: boolean;
  log: (line: string) => void;
}

/** Hands http(s) links to the system browser; every other scheme is dropped. */
function openInBrowser(url: string): void {
  if (isWebUrl(url)) void shell.openExternal(url);
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const { isMaximized, ...bounds } = readWindowPlacement(options.stateFile, workAreas);
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Runbook Designer',
    backgroundColor: '#15181d',
    webPreferences: {
      preload: path.resolve(options.preloadFile),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: !options.isPackaged,
      spellcheck: false,
    },
  });
  if (isMaximized) window.maximize();

  window.on('close', () => {
    // The normal bounds, so a window closed maximized un-maximizes to its earlier size next time.
    try {
      writeWindowState(options.stateFile, { ...window.getNormalBounds(), isMaximized: window.isMaximized() });
    } catch (error) {
      options.log(`could not remember the window's position: ${String(error)}`);
    }
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openInBrowser(url);
  });
  // The page refuses to unload while a form holds unsaved edits; Electron then keeps the window
  // without a word, so the question is asked here (Chromium asks its own in a browser).
  window.webContents.on('will-prevent-unload', (event) => {
    const answer = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Keep editing', 'Discard changes'],
      defaultId: 0,
      cancelId: 0,
      message: 'This page has unsaved changes.',
      detail: 'Leave without saving them?',
    });
    if (answer === 1) event.preventDefault(); // preventDefault here lets the page unload
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appEntryUrl);
  return window;
}
