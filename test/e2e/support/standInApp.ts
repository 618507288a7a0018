/**
 * The stand-in Electron's `app`: paths, ready, the sandbox switch, single-instance lock, and the
 * quit sequence (before-quit, windows closed, will-quit, quit) versus exit (ends at once).
 */
import { EventEmitter } from 'node:events';
import { repositoryRoot } from './serveProcess';
import { preventableEvent, type StandInWindowClass } from './standInWindow';

/** A promise with its resolve function at hand. */
function gate<T>(): { promise: Promise<T>; open: (value: T) => void } {
  let open: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

export class StandInApp extends EventEmitter {
  readonly isPackaged = false;
  /** True once the shell called enableSandbox (before ready, or it throws as Electron does). */
  isSandboxEnabled = false;
  /** Set by the stand-in once its BrowserWindow class exists; quit closes its windows. */
  windows: StandInWindowClass | undefined;
  private isReadyNow = false;
  private isQuitting = false;
  private hasEnded = false;
  private readonly paths: Map<string, string>;
  private readonly readyGate = gate<undefined>();
  private readonly exitGate = gate<number>();

  constructor(userData: string) {
    super();
    this.paths = new Map([['userData', userData]]);
  }

  /** The exit code once the app has quit (0) or exited. */
  get exited(): Promise<number> {
    return this.exitGate.promise;
  }

  /** True while quit() closes the windows: Electron emits no window-all-closed then. */
  get isQuittingNow(): boolean {
    return this.isQuitting;
  }

  /** What Electron does when it is ready: emits ready and settles whenReady(). */
  makeReady(): void {
    this.isReadyNow = true;
    this.emit('ready', preventableEvent(), {});
    this.readyGate.open(undefined);
  }

  isReady(): boolean {
    return this.isReadyNow;
  }

  whenReady(): Promise<void> {
    return this.readyGate.promise;
  }

  getPath(name: string): string {
    const value = this.paths.get(name);
    if (value === undefined) throw new Error(`Failed to get '${name}' path`);
    return value;
  }

  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }

  getVersion(): string {
    return '0.0.0-stand-in';
  }

  getAppPath(): string {
    return repositoryRoot;
  }

  requestSingleInstanceLock(): boolean {
    return true;
  }

  enableSandbox(): void {
    if (this.isReadyNow) throw new Error('app.enableSandbox() can only be called before app is ready');
    this.isSandboxEnabled = true;
  }

  quit(): void {
    if (this.hasEnded || this.isQuitting) return;
    const beforeQuit = preventableEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.isDefaultPrevented) return;
    this.isQuitting = true;
    for (const window of this.windows?.getAllWindows() ?? []) window.close();
    const willQuit = preventableEvent();
    this.emit('will-quit', willQuit);
    this.isQuitting = false;
    if (willQuit.isDefaultPrevented) return;
    this.emit('quit', preventableEvent(), 0);
    this.end(0);
  }

  /** Electron's exit ends at once: no before-quit or will-quit, no window asked. */
  exit(code = 0): void {
    this.end(code);
  }

  private end(code: number): void {
    if (this.hasEnded) return;
    this.hasEnded = true;
    this.exitGate.open(code);
  }
}
