/**
 * The renderer's only way to the backend. Typed from the contract in shared/api; the transport
 * is Electron IPC when the preload exposed `window.runbookApi`, else HTTP to the headless shell.
 */
import { AppError, isErrorBody, type ErrorBody } from '../../../shared/api/appError';
import type { ApiEventMessage, CallInput, CallName, CallOutput } from '../../../shared/api/contract';
import type { IpcBridge } from '../../../shared/api/ipcBridge';

declare global {
  interface Window {
    runbookApi?: IpcBridge;
  }
}

export interface ApiClient {
  readonly transport: 'ipc' | 'http';
  /**
   * `outlivesPage`: the call is sent even if the page unloads now (a save as the window closes or
   * reloads). Over HTTP that is a keep-alive request, which browsers allow up to 64 KB.
   */
  call<K extends CallName>(
    name: K,
    input: CallInput<K>,
    options?: { outlivesPage?: boolean },
  ): Promise<CallOutput<K>>;
  onEvent(listener: (message: ApiEventMessage) => void): () => void;
  /**
   * Settles once events reach the listeners subscribed so far: read or start something after
   * it and none of its events is missed (the HTTP stream connects a moment after subscribing).
   */
  eventsReady(): Promise<void>;
  /**
   * Calls the listener each time the event stream comes back after it was lost: whatever changed
   * meanwhile was never announced, so what the window holds may be stale.
   */
  onEventsResumed(listener: () => void): () => void;
}

/**
 * A call whose answer never came (the server did not answer, or went away while it worked): it
 * may or may not have been applied, which a call that changes something must find out before it
 * is sent again (see the import dialogs).
 */
export class AnswerLostError extends AppError {
  constructor() {
    super('internal', 'The Runbook Designer server does not answer. Is it still running?');
  }
}

export function toAppError(body: ErrorBody): AppError {
  return new AppError(body.code, body.message, body.field);
}

function createIpcClient(bridge: IpcBridge): ApiClient {
  return {
    transport: 'ipc',
    call: async (name, input) => {
      const result = await bridge.call(name, input);
      if (!result.ok) throw toAppError(result.error);
      return result.value as never;
    },
    onEvent: (listener) => bridge.onEvent(listener),
    eventsReady: () => Promise.resolve(),
    // Events from the main process cannot be lost on the way.
    onEventsResumed: () => () => undefined,
  };
}

/** Browsers refuse a keep-alive request whose body is over 64 KB; a larger one goes as a plain request. */
const keepAliveBodyBytes = 60_000;

/** Wait before opening a new stream when the browser gave one up (it retries a dropped one itself). */
const reopenDelayMs = 1_000;

function createHttpClient(): ApiClient {
  const listeners = new Set<(message: ApiEventMessage) => void>();
  const resumeListeners = new Set<() => void>();
  let source: EventSource | null = null;
  let connected: Promise<void> = Promise.resolve();
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  const connect = (isResuming: boolean) => {
    const opening = new EventSource('/api/events');
    source = opening;
    // The server subscribes before it answers, so "open" means no event is missed from here on.
    connected = new Promise((resolve) => {
      opening.addEventListener('open', () => resolve(), { once: true });
      opening.addEventListener('error', () => resolve(), { once: true });
    });
    // Every "open" after the first is the browser reconnecting a stream that dropped.
    let hasOpened = isResuming;
    opening.addEventListener('open', () => {
      if (hasOpened) for (const listener of resumeListeners) listener();
      hasOpened = true;
    });
    opening.addEventListener('error', () => {
      // A refused reconnection closes the stream for good: open a new one a moment later.
      if (opening.readyState !== EventSource.CLOSED || source !== opening) return;
      reopenTimer = setTimeout(() => {
        if (source === opening) connect(hasOpened);
      }, reopenDelayMs);
    });
    opening.onmessage = (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as ApiEventMessage;
      for (const listener of listeners) listener(message);
    };
  };
  return {
    transport: 'http',
    call: async (name, input, options) => {
      let response: Response;
      const body = JSON.stringify(input);
      try {
        response = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'same-origin',
          body,
          keepalive:
            options?.outlivesPage === true && new TextEncoder().encode(body).byteLength <= keepAliveBodyBytes,
        });
      } catch {
        throw new AnswerLostError();
      }
      const answer: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        const error = (answer as { error?: unknown } | null)?.error;
        throw isErrorBody(error)
          ? toAppError(error)
          : new AppError('internal', `The server answered ${String(response.status)}.`);
      }
      return answer as never;
    },
    onEvent: (listener) => {
      listeners.add(listener);
      if (source === null) connect(false);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source !== null) {
          clearTimeout(reopenTimer);
          source.close();
          source = null;
          connected = Promise.resolve();
        }
      };
    },
    eventsReady: () => connected,
    onEventsResumed: (listener) => {
      resumeListeners.add(listener);
      return () => resumeListeners.delete(listener);
    },
  };
}

/** One client for the whole window. */
export const api: ApiClient =
  typeof window !== 'undefined' && window.runbookApi !== undefined
    ? createIpcClient(window.runbookApi)
    : createHttpClient();
