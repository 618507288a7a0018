/**
 * The main window: sandboxed, context-isolated renderer with no Node access; navigation and new
 * windows to other origins are refused, and http(s) links open in the system browser.
 */
import path from 'node:path';
import { BrowserWindow, shell } from 'electron';
import { appOrigin } from './appProtocol';
import { defaultWindowSize, loadWindowState, trackWindowState } from './windowState';

export interface MainWindowOptions {
  preloadFile: string;
  stateFile: string;
  isPackaged: boolean;
}

function openExternally(url: string): void {
  if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = loadWindowState(options.stateFile);
  const window = new BrowserWindow({
    ...(state ?? defaultWindowSize()),
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
      devTools: !options.isPackaged,
      spellcheck: false,
    },
  });
  if (state?.isMaximized === true) window.maximize();
  trackWindowState(window, options.stateFile);

  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) {
      event.preventDefault();
      openExternally(url);
    }
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}
