/**
 * The contract between the renderer (through the preload bridge) and Electron's main process:
 * channel names in one place, each with the zod schema of its argument. Main validates every
 * call against it before acting.
 */
import { z } from 'zod';
import { PrinterConfig, TicketPrint, type PrinterStatus, type PrintResult } from './printing.js';

export const IPC = {
  appVersion: { channel: 'antre:app-version', args: z.tuple([]) },
  /** print a ticket on this machine's printer (USB, serial, LAN or the OS driver) */
  printTicket: { channel: 'antre:print-ticket', args: z.tuple([TicketPrint, PrinterConfig]) },
  /** ask this machine's printer for its status */
  printerStatus: { channel: 'antre:printer-status', args: z.tuple([PrinterConfig]) },
  /** the printers installed in the operating system, for the printer settings */
  listPrinters: { channel: 'antre:list-printers', args: z.tuple([]) },
} as const;

export type IpcName = keyof typeof IPC;

/** What the preload exposes as `window.antre`. */
export interface AntreBridge {
  appVersion(): Promise<string>;
  printTicket(ticket: TicketPrint, printer: z.input<typeof PrinterConfig>): Promise<PrintResult>;
  printerStatus(printer: z.input<typeof PrinterConfig>): Promise<PrinterStatus>;
  listPrinters(): Promise<{ name: string; displayName: string }[]>;
}
