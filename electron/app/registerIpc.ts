/**
 * The IPC transport: one channel for calls, validated by the shared dispatcher, and one for
 * pushed events. Calls from any frame that is not our own page are refused.
 */
import { BrowserWindow, ipcMain } from 'electron';
import { ipcChannels, type IpcResult } from '../../shared/api/ipcBridge';
import type { Disposable } from '../../shared/lifecycle/disposable';
import { toErrorBody } from '../services/api/dispatcher';
import type { Backend } from '../services/backend';
import { isAppUrl } from './appOrigin';

export function registerIpc(backend: Backend, log: (line: string) => void): Disposable {
  ipcMain.handle(ipcChannels.call, async (event, name: unknown, input: unknown): Promise<IpcResult> => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isAppUrl(frameUrl)) {
      log(`refused an IPC call from ${frameUrl === '' ? 'an unknown frame' : frameUrl}`);
      return {
        ok: false,
        error: { code: 'forbidden', message: 'Calls are accepted from the app window only.' },
      };
    }
    try {
      // The dispatcher answers an unknown name with unknown_call and validates input by the contract.
      return { ok: true, value: await backend.dispatch(typeof name === 'string' ? name : '', input) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error, log) };
    }
  });
  const subscription = backend.events.onDidEmit((message) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed() && !window.webContents.isDestroyed()) {
        window.webContents.send(ipcChannels.event, message);
      }
    }
  });
  return {
    dispose: () => {
      ipcMain.removeHandler(ipcChannels.call);
      subscription.dispose();
    },
  };
}
