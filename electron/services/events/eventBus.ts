/** Typed events the backend pushes; shells subscribe and forward them to their windows. */
import type { ApiEventMessage } from '../../../shared/api/contract';
import { toDisposable, type Disposable } from '../../../shared/lifecycle/disposable';

export interface EventBus {
  emit(message: ApiEventMessage): void;
  onDidEmit(listener: (message: ApiEventMessage) => void): Disposable;
  /** How many listeners are subscribed (a closed backend leaves none of its own). */
  listenerCount(): number;
}

export function createEventBus(): EventBus {
  const listeners = new Set<(message: ApiEventMessage) => void>();
  return {
    emit: (message) => {
      for (const listener of listeners) listener(message);
    },
    onDidEmit: (listener) => {
      listeners.add(listener);
      return toDisposable(() => listeners.delete(listener));
    },
    listenerCount: () => listeners.size,
  };
}
