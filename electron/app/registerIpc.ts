/**
 * The IPC transport: one channel for calls, validated by the shared dispatcher, and one for
 * pushed events. Calls from any frame that is not our own page are refused.
 */
import { BrowserWindow, ipcMain } from 'electron';
import { ipcChannels, type IpcResult } from '../../shared/api/ipcBridge';
import type { Disposable } from '../../shared/lifecycle/disposable';
import { toErrorBody } from '../services/api/dispatcher';
import type { Backend } from '../services/backend';
import { appOrigin } from './appProtocol';

export function registerIpc(backend: Backend, log: (line: string) => void): Disposable {
  ipcMain.handle(ipcChannels.call, async (event, name: unknown, input: unknown): Promise<IpcResult> => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!frameUrl.startsWith(`${appOrigin}/`)) {
      log(`refused IPC call from ${frameUrl || 'an unknown frame'}`);
      return {
        ok: false,
        error: { code: 'forbidden', message: 'Calls are accepted from the app window only.' },
      };
    }
    try {
      return { ok: true, value: await backend.dispatch(String(name), input) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error, log) };
    }
  });
  const subscription = backend.events.onDidEmit((message) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(ipcChannels.event, message);
  });
  return {
    dispose: () => {
      ipcMain.removeHandler(ipcChannels.call);
      subscription.dispose();
    },
  };
}
