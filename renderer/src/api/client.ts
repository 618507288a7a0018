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
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  onEvent(listener: (message: ApiEventMessage) => void): () => void;
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
  };
}

function createHttpClient(): ApiClient {
  const listeners = new Set<(message: ApiEventMessage) => void>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource('/api/events');
    source.onmessage = (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as ApiEventMessage;
      for (const listener of listeners) listener(message);
    };
  };
  return {
    transport: 'http',
    call: async (name, input) => {
      let response: Response;
      try {
        response = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify(input),
        });
      } catch {
        throw new AppError('internal', 'The Runbook Designer server does not answer. Is it still running?');
      }
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        const error = (body as { error?: unknown } | null)?.error;
        throw isErrorBody(error)
          ? toAppError(error)
          : new AppError('internal', `The server answered ${String(response.status)}.`);
      }
      return body as never;
    },
    onEvent: (listener) => {
      listeners.add(listener);
      if (source === null) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source !== null) {
          source.close();
          source = null;
        }
      };
    },
  };
}

/** One client for the whole window. */
export const api: ApiClient =
  typeof window !== 'undefined' && window.runbookApi !== undefined
    ? createIpcClient(window.runbookApi)
    : createHttpClient();
