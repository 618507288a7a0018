/**
 * A stand-in for the `electron` module, so the built desktop shell (dist/electron/app/*.cjs) runs
 * in plain Node where the Electron binary cannot be installed. It keeps the rules of Electron the
 * shell depends on — privileged schemes and the sandbox switch only before ready; sessions,
 * protocols, screens and safeStorage only after; one handler per IPC channel; arguments and
 * answers structured-cloned; the preload run before the page as the sandbox runs it, requiring
 * only the renderer's modules and three built-ins — and records what the shell asked for.
 */
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { runSandboxedPreload } from './sandboxedPreload';
import { StandInApp } from './standInApp';
import { createStandInSafeStorage } from './standInKeychain';
import { defineBrowserWindow, type StandInWebContents, type StandInWindow } from './standInWindow';

const nodeRequire = createRequire(import.meta.url);

/** What the shell's IPC handler receives as its event. */
export interface StandInInvokeEvent {
  sender: StandInWebContents;
  senderFrame: { url: string };
}
type InvokeHandler = (event: StandInInvokeEvent, ...args: unknown[]) => unknown;
type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (isGranted: boolean) => void,
  details: { requestingUrl: string },
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, requestingOrigin: string) => boolean;

export interface ElectronStandInOptions {
  /** app.getPath('userData') until the shell sets another. */
  userData: string;
  /** The keychain's 32-byte key: the same key opens what an earlier start wrapped. */
  keychainKey: Buffer;
  /** False: the page never gets the bridge, as when the preload fails. */
  runsPreload?: boolean;
}

/** What the shell asked of Electron, for the test to check. */
export interface StandInRecord {
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  ipcHandlers: Map<string, InvokeHandler>;
  permissionRequestHandler?: PermissionRequestHandler;
  permissionCheckHandler?: PermissionCheckHandler;
  applicationMenu?: { template: unknown[] };
  errorBoxes: { title: string; content: string }[];
  openedExternally: string[];
}

export interface ElectronStandIn {
  readonly app: StandInApp;
  readonly record: StandInRecord;
  /** The first window the shell opens. */
  readonly firstWindow: Promise<StandInWindow>;
  /** Puts back whatever Node's module cache held for `electron` before. */
  uninstall(): void;
}

/** Drops a module from Node's module cache, so the next require runs it afresh. */
export function forgetModule(id: string): void {
  Reflect.deleteProperty(nodeRequire.cache, id);
}

/** Throws Electron's error for a module used before the app is ready. */
function requireReady(app: StandInApp, what: string): void {
  if (!app.isReady()) throw new Error(`${what} cannot be used before the app is ready`);
}

/** ipcMain, protocol and session: what the shell wires for the window's calls and page. */
function wiringModules(app: StandInApp, record: StandInRecord) {
  return {
    ipcMain: {
      handle: (channel: string, handler: InvokeHandler) => {
        if (record.ipcHandlers.has(channel)) {
          throw new Error(`Attempted to register a second handler for '${channel}'`);
        }
        record.ipcHandlers.set(channel, handler);
      },
      removeHandler: (channel: string) => void record.ipcHandlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: StandInRecord['privilegedSchemes']) => {
        if (app.isReady())
          throw new Error('protocol.registerSchemesAsPrivileged must be called before ready');
        record.privilegedSchemes.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        requireReady(app, 'protocol.handle');
        record.protocolHandlers.set(scheme, handler);
      },
    },
    session: {
      get defaultSession() {
        requireReady(app, 'session.defaultSession');
        return {
          setPermissionRequestHandler: (handler: PermissionRequestHandler) =>
            void (record.permissionRequestHandler = handler),
          setPermissionCheckHandler: (handler: PermissionCheckHandler) =>
            void (record.permissionCheckHandler = handler),
          setDevicePermissionHandler: () => undefined,
        };
      },
    },
  };
}

/** screen, Menu, dialog and shell: what the shell shows the user or hands to the desktop. */
function desktopModules(app: StandInApp, record: StandInRecord) {
  return {
    screen: {
      getAllDisplays: () => {
        requireReady(app, 'screen');
        return [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: (menu: { template: unknown[] }) => void (record.applicationMenu = menu),
    },
    dialog: {
      showErrorBox: (title: string, content: string) => void record.errorBoxes.push({ title, content }),
      showMessageBox: () => Promise.resolve({ response: 0, checkboxChecked: false }),
    },
    shell: {
      openExternal: (url: string) => {
        record.openedExternally.push(url);
        return Promise.resolve();
      },
      openPath: () => Promise.resolve(''),
    },
  };
}

/** What `require('electron')` gives the preload of one page: its own ipcRenderer and contextBridge. */
function rendererModules(contents: StandInWebContents, record: StandInRecord) {
  return {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => void (contents.mainWorld[key] = api),
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]): Promise<unknown> => {
        const handler = record.ipcHandlers.get(channel);
        if (handler === undefined) {
          throw new Error(
            `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
          );
        }
        const event: StandInInvokeEvent = { sender: contents, senderFrame: { url: contents.getURL() } };
        try {
          return structuredClone(await handler(event, ...args.map((arg) => structuredClone(arg))));
        } catch (error) {
          throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
        }
      },
      on: (channel: string, listener: (...args: unknown[]) => void) =>
        void contents.toRenderer.on(channel, listener),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
        void contents.toRenderer.removeListener(channel, listener),
    },
  };
}

/**
 * Puts the stand-in where `require('electron')` from the built bundles finds it: Node's module
 * cache, under the path the real package resolves to.
 */
function installInModuleCache(bundleDirectory: string, exports: object) {
  const id = nodeRequire.resolve('electron', { paths: [bundleDirectory] });
  const previous = nodeRequire.cache[id];
  const entry = new Module(id);
  entry.filename = id;
  entry.loaded = true;
  entry.exports = exports;
  nodeRequire.cache[id] = entry;
  return {
    uninstall: () => {
      if (previous === undefined) forgetModule(id);
      else nodeRequire.cache[id] = previous;
    },
  };
}

/** Installs a fresh stand-in for bundles in bundleDirectory; load main.cjs after this. */
export function installElectronStandIn(
  bundleDirectory: string,
  options: ElectronStandInOptions,
): ElectronStandIn {
  const app = new StandInApp(options.userData);
  const record: StandInRecord = {
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    ipcHandlers: new Map(),
    errorBoxes: [],
    openedExternally: [],
  };
  let openFirstWindow: (window: StandInWindow) => void = () => undefined;
  const firstWindow = new Promise<StandInWindow>((resolve) => (openFirstWindow = resolve));
  const BrowserWindow = defineBrowserWindow({
    runPreload: (contents, preloadFile) => {
      if (options.runsPreload === false) return;
      runSandboxedPreload(path.resolve(preloadFile), rendererModules(contents, record));
    },
    onOpened: (window) => openFirstWindow(window),
    onAllClosed: () => {
      if (!app.isQuittingNow) app.emit('window-all-closed');
    },
  });
  app.windows = BrowserWindow;
  const safeStorage = createStandInSafeStorage(options.keychainKey, () => app.isReady());
  const { uninstall } = installInModuleCache(bundleDirectory, {
    app,
    BrowserWindow,
    safeStorage,
    ...wiringModules(app, record),
    ...desktopModules(app, record),
  });
  return { app, record, firstWindow, uninstall };
}
