/**
 * Starts the built desktop shell (dist/electron/app/main.cjs) on the stand-in Electron inside the
 * test's own process: the stand-in goes into Node's module cache, main.cjs runs as Electron would
 * run it, and the app is made ready.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IpcBridge } from '../../../shared/api/ipcBridge';
import {
  forgetModule,
  installElectronStandIn,
  type ElectronStandIn,
  type ElectronStandInOptions,
} from './electronStandIn';
import { repositoryRoot } from './serveProcess';
import type { StandInWindow } from './standInWindow';

const nodeRequire = createRequire(import.meta.url);

/** Where the build puts the desktop shell's bundles. */
export const bundleDirectory = path.join(repositoryRoot, 'dist', 'electron', 'app');
const mainFile = path.join(bundleDirectory, 'main.cjs');

/** Installs a stand-in, runs main.cjs on it and makes the app ready. */
export function startDesktopShell(options: ElectronStandInOptions): ElectronStandIn {
  if (!fs.existsSync(mainFile)) {
    throw new Error(
      'dist/electron/app/main.cjs is missing: run `npm run build` first (`npm run test:e2e` does).',
    );
  }
  const standIn = installElectronStandIn(bundleDirectory, options);
  // Each start runs main.cjs afresh, as a new process would.
  forgetModule(mainFile);
  try {
    nodeRequire(mainFile);
  } catch (error) {
    standIn.uninstall();
    throw error;
  }
  standIn.app.makeReady();
  return standIn;
}

/** The shell's first window; rejects (with what the user was shown) when the app ended before one opened. */
export async function firstWindowOf(standIn: ElectronStandIn): Promise<StandInWindow> {
  const endedFirst = standIn.app.exited.then((code) => {
    const shown = standIn.record.errorBoxes.map((box) => `${box.title}: ${box.content}`).join('; ');
    throw new Error(`The shell exited with ${String(code)} before opening a window. ${shown}`);
  });
  return Promise.race([standIn.firstWindow, endedFirst]);
}

/** The bridge the preload exposed to a window's page (window.runbookApi). */
export function pageBridge(window: StandInWindow): IpcBridge {
  const bridge = window.webContents.mainWorld.runbookApi;
  if (bridge === undefined) {
    const { preloadError } = window.webContents;
    const reason = preloadError === undefined ? '.' : `: ${String(preloadError)}`;
    throw new Error(`The preload exposed no runbookApi to the page${reason}`);
  }
  return bridge as IpcBridge;
}

/** Quits the app if it still runs, waits for its end and puts the real `electron` back. */
export async function stopDesktopShell(standIn: ElectronStandIn): Promise<number> {
  standIn.app.quit();
  const code = await standIn.app.exited;
  standIn.uninstall();
  return code;
}
