/**
 * What the Electron preload exposes on `window.runbookApi`: one generic call plus events.
 * IPC results travel as an envelope because Electron drops custom error fields on rejection.
 */
import type { ErrorBody } from './appError';
import type { ApiEventMessage } from './contract';

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: ErrorBody };

export interface IpcBridge {
  call(name: string, input: unknown): Promise<IpcResult>;
  /** Returns an unsubscribe function. */
  onEvent(listener: (message: ApiEventMessage) => void): () => void;
  /** Backend of the OS keychain, or null outside Electron. */
  readonly platform: string;
}

export const ipcChannels = { call: 'api:call', event: 'api:event' } as const;
