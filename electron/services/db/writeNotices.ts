/**
 * Tells whoever keeps data read from the repositories (a cache) that one of them wrote, so the
 * cache is made stale by the data's owner when it changes — not by guessing from window events.
 */
import { toDisposable, type Disposable } from '../../../shared/lifecycle/disposable';

export interface WriteNotices {
  /** Called by a repository after a write that changed its rows. */
  didWrite(): void;
  onDidWrite(listener: () => void): Disposable;
}

export function createWriteNotices(): WriteNotices {
  const listeners = new Set<() => void>();
  return {
    didWrite: () => {
      for (const listener of listeners) listener();
    },
    onDidWrite: (listener) => {
      listeners.add(listener);
      return toDisposable(() => listeners.delete(listener));
    },
  };
}
