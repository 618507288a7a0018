/**
 * Tells whoever keeps data read from a repository (a cache, the window through an event) that the
 * repository wrote, so copies are made stale by the data's owner when it changes — not by guessing
 * from window events. `T` is what a notice says (nothing, or which row and how).
 */
import { toDisposable, type Disposable } from '../../../shared/lifecycle/disposable';

export interface WriteNotices<T = void> {
  /** Called by a repository after a write that changed its rows. */
  didWrite(notice: T): void;
  onDidWrite(listener: (notice: T) => void): Disposable;
  /** How many listeners are subscribed (a closed backend leaves none). */
  listenerCount(): number;
}

export function createWriteNotices<T = void>(): WriteNotices<T> {
  const listeners = new Set<(notice: T) => void>();
  return {
    didWrite: (notice) => {
      for (const listener of listeners) listener(notice);
    },
    onDidWrite: (listener) => {
      listeners.add(listener);
      return toDisposable(() => listeners.delete(listener));
    },
    listenerCount: () => listeners.size,
  };
}
