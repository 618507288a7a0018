/**
 * The stand-in Electron's BrowserWindow and webContents. A window runs its preload when it loads a
 * page (before the page, as Electron does), keeps what the preload exposed as the page's `window`,
 * and runs executeJavaScript against it; closing the last window tells the app.
 */
import { EventEmitter } from 'node:events';
import vm from 'node:vm';

/** What the stand-in needs from its surroundings to run windows. */
export interface WindowHost {
  /** Runs the preload file for the page of the given contents, before the page loads. */
  runPreload(contents: StandInWebContents, preloadFile: string): void;
  /** Called with each window as it is made. */
  onOpened(window: StandInWindow): void;
  /** Called when the last open window has closed. */
  onAllClosed(): void;
}

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The constructor options the shell passes (the parts a test reads). */
export interface WindowOptions extends Partial<Bounds> {
  webPreferences?: { preload?: string } & Record<string, unknown>;
  [option: string]: unknown;
}

/** An event with preventDefault, as Electron hands to 'close' and 'will-navigate' listeners. */
export interface PreventableEvent {
  preventDefault(): void;
  readonly isDefaultPrevented: boolean;
}

/** An event whose preventDefault is recorded. */
export function preventableEvent(): PreventableEvent {
  let isPrevented = false;
  return {
    preventDefault: () => {
      isPrevented = true;
    },
    get isDefaultPrevented() {
      return isPrevented;
    },
  };
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class StandInWebContents extends EventEmitter {
  /** The page's URL: what was loaded, or what a test says the frame navigated to. */
  url = '';
  /** The page's `window` as the preload left it (exposeInMainWorld writes here). */
  readonly mainWorld: Record<string, unknown> = {};
  /** Messages main sends to this page (webContents.send), heard by its ipcRenderer. */
  readonly toRenderer = new EventEmitter();
  windowOpenHandler: WindowOpenHandler | undefined;
  /** What the preload threw; the page loads without its bridge then, as in Electron. */
  preloadError: unknown;
  private isGone = false;

  getURL(): string {
    return this.url;
  }

  isDestroyed(): boolean {
    return this.isGone;
  }

  destroy(): void {
    this.isGone = true;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.isGone) throw new Error('Object has been destroyed');
    this.toRenderer.emit(channel, { sender: this }, ...args.map((arg) => structuredClone(arg)));
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** Evaluates code in the page (it sees only `window`); the answer is cloned, as across processes. */
  async executeJavaScript(code: string): Promise<unknown> {
    const page = vm.createContext({ window: this.mainWorld });
    return structuredClone(await (vm.runInContext(code, page) as unknown));
  }
}

/** The window class as main.cjs sees it: constructible, with the static getAllWindows. */
export type StandInWindowClass = (new (options: WindowOptions) => StandInWindow) & {
  getAllWindows(): StandInWindow[];
};

export interface StandInWindow extends EventEmitter {
  readonly options: WindowOptions;
  readonly webContents: StandInWebContents;
  loadURL(url: string): Promise<void>;
  close(): void;
  isDestroyed(): boolean;
  isMaximized(): boolean;
  isMinimized(): boolean;
  isVisible(): boolean;
  maximize(): void;
  restore(): void;
  show(): void;
  focus(): void;
  getNormalBounds(): Bounds;
}

/** A BrowserWindow class whose windows live in `host` (one class per stand-in). */
export function defineBrowserWindow(host: WindowHost): StandInWindowClass {
  const openWindows: StandInWindow[] = [];

  class BrowserWindow extends EventEmitter implements StandInWindow {
    readonly webContents = new StandInWebContents();
    private bounds: Bounds;
    private isMaximizedNow = false;
    private isShown = false;
    private isClosed = false;

    static getAllWindows(): StandInWindow[] {
      return [...openWindows];
    }

    constructor(readonly options: WindowOptions) {
      super();
      this.bounds = {
        x: options.x ?? 0,
        y: options.y ?? 0,
        width: options.width ?? 800,
        height: options.height ?? 600,
      };
      openWindows.push(this);
      host.onOpened(this);
    }

    async loadURL(url: string): Promise<void> {
      this.webContents.url = url;
      const preload = this.options.webPreferences?.preload;
      try {
        if (preload !== undefined) host.runPreload(this.webContents, preload);
      } catch (error) {
        this.webContents.preloadError = error;
      }
      // The page finishes loading after loadURL has returned to the caller, as in Electron.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.isClosed) return;
      this.webContents.emit('did-finish-load', preventableEvent());
      this.emit('ready-to-show');
    }

    close(): void {
      if (this.isClosed) return;
      const event = preventableEvent();
      this.emit('close', event);
      if (event.isDefaultPrevented) return;
      this.isClosed = true;
      this.webContents.destroy();
      openWindows.splice(openWindows.indexOf(this), 1);
      this.emit('closed');
      if (openWindows.length === 0) host.onAllClosed();
    }

    isDestroyed = () => this.isClosed;
    isMaximized = () => this.isMaximizedNow;
    isMinimized = () => false;
    isVisible = () => this.isShown;
    maximize = () => {
      this.isMaximizedNow = true;
    };
    restore = () => undefined;
    show = () => {
      this.isShown = true;
    };
    focus = () => undefined;
    getNormalBounds = () => ({ ...this.bounds });
  }

  return BrowserWindow;
}
