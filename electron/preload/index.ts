/**
 * The one bridge between a page and Electron: a few typed functions, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { AntreBridge } from '../../shared/ipc.js';

// The channel name is repeated from shared/ipc.ts on purpose: a sandboxed preload cannot import
// modules other than 'electron', and the contract's test checks that the two agree.
const bridge: AntreBridge = {
  appVersion: () => ipcRenderer.invoke('antre:app-version') as Promise<string>,
  printTicket: (ticket, printer) => ipcRenderer.invoke('antre:print-ticket', ticket, printer) as ReturnType<AntreBridge['printTicket']>,
  printerStatus: (printer) => ipcRenderer.invoke('antre:printer-status', printer) as ReturnType<AntreBridge['printerStatus']>,
  listPrinters: () => ipcRenderer.invoke('antre:list-printers') as ReturnType<AntreBridge['listPrinters']>,
};

contextBridge.exposeInMainWorld('antre', bridge);
