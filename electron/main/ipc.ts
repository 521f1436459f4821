/**
 * IPC handlers. Every call is checked twice before it runs: it must come from a frame of the
 * hub's origin, and its arguments must match the contract in shared/ipc.ts.
 */
import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC } from '../../shared/ipc.js';
import { listOsPrinters, localPrinterStatus, printTicketLocally } from './printing.js';

function fromTrustedFrame(event: IpcMainInvokeEvent, allowedOrigin: string): boolean {
  const url = event.senderFrame?.url;
  if (!url) return false;
  try {
    return new URL(url).origin === allowedOrigin;
  } catch {
    return false;
  }
}

export function registerIpc(allowedOrigin: string): void {
  ipcMain.handle(IPC.appVersion.channel, (event, ...args: unknown[]) => {
    if (!fromTrustedFrame(event, allowedOrigin)) throw new Error('IPC from an untrusted frame');
    IPC.appVersion.args.parse(args);
    return app.getVersion();
  });
  ipcMain.handle(IPC.printTicket.channel, (event, ...args: unknown[]) => {
    if (!fromTrustedFrame(event, allowedOrigin)) throw new Error('IPC from an untrusted frame');
    const [ticket, printer] = IPC.printTicket.args.parse(args);
    return printTicketLocally(ticket, printer);
  });
  ipcMain.handle(IPC.printerStatus.channel, (event, ...args: unknown[]) => {
    if (!fromTrustedFrame(event, allowedOrigin)) throw new Error('IPC from an untrusted frame');
    const [printer] = IPC.printerStatus.args.parse(args);
    return localPrinterStatus(printer);
  });
  ipcMain.handle(IPC.listPrinters.channel, (event, ...args: unknown[]) => {
    if (!fromTrustedFrame(event, allowedOrigin)) throw new Error('IPC from an untrusted frame');
    IPC.listPrinters.args.parse(args);
    return listOsPrinters();
  });
}
