/**
 * The one bridge between a page and Electron: a few typed functions, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { AntreBridge } from '../../shared/ipc.js';

// The channel name is repeated from shared/ipc.ts on purpose: a sandboxed preload cannot import
// modules other than 'electron', and the contract's test checks that the two agree.
const bridge: AntreBridge = {
  appVersion: () => ipcRenderer.invoke('antre:app-version') as Promise<string>,
};

contextBridge.exposeInMainWorld('antre', bridge);
