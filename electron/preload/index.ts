/**
 * The one bridge between a page and Electron: a few typed functions, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { AntreBridge } from '../../shared/ipc.js';

// The channel names are repeated from shared/ipc.ts on purpose: the preload stays a tiny bundle
// with nothing but 'electron', and the contract's test checks that the two agree.
const bridge: AntreBridge = {
  appVersion: () => ipcRenderer.invoke('antre:app-version') as ReturnType<AntreBridge['appVersion']>,
  // The page's lang is passed on only when given, so the call matches one of the contract's shapes.
  printTicket: (ticketId, lang) =>
    (lang === undefined ? ipcRenderer.invoke('antre:print-ticket', ticketId) : ipcRenderer.invoke('antre:print-ticket', ticketId, lang)) as ReturnType<AntreBridge['printTicket']>,
  printerStatus: () => ipcRenderer.invoke('antre:printer-status') as ReturnType<AntreBridge['printerStatus']>,
  printerSave: (config) => ipcRenderer.invoke('antre:printer-save', config) as ReturnType<AntreBridge['printerSave']>,
  printerTest: () => ipcRenderer.invoke('antre:printer-test') as ReturnType<AntreBridge['printerTest']>,
  listSerialPorts: () => ipcRenderer.invoke('antre:list-serial-ports') as ReturnType<AntreBridge['listSerialPorts']>,
  listPrinters: () => ipcRenderer.invoke('antre:list-printers') as ReturnType<AntreBridge['listPrinters']>,
  monitors: () => ipcRenderer.invoke('antre:monitors') as ReturnType<AntreBridge['monitors']>,
  setupGet: () => ipcRenderer.invoke('antre:setup-get') as ReturnType<AntreBridge['setupGet']>,
  setupSave: (answers) => ipcRenderer.invoke('antre:setup-save', answers) as ReturnType<AntreBridge['setupSave']>,
  discoverHubs: () => ipcRenderer.invoke('antre:discover-hubs') as ReturnType<AntreBridge['discoverHubs']>,
  adminUnlock: (pin) => ipcRenderer.invoke('antre:admin-unlock', pin) as ReturnType<AntreBridge['adminUnlock']>,
};

contextBridge.exposeInMainWorld('antre', bridge);
