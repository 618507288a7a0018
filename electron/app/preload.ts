/**
 * Runs in the sandboxed window before the page: exposes `window.runbookApi` (the IpcBridge of
 * shared/api/ipcBridge.ts) and nothing else of Electron or Node.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEventMessage } from '../../shared/api/contract';
import { ipcChannels, type IpcBridge, type IpcResult } from '../../shared/api/ipcBridge';

const bridge: IpcBridge = {
  call: (name, input) => ipcRenderer.invoke(ipcChannels.call, name, input) as Promise<IpcResult>,
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, message: ApiEventMessage) => listener(message);
    ipcRenderer.on(ipcChannels.event, forward);
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, forward);
    };
  },
  platform: process.platform,
};

contextBridge.exposeInMainWorld('runbookApi', bridge);
