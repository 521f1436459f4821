/**
 * The contract between the renderer (through the preload bridge) and Electron's main process:
 * channel names in one place, each with the zod schema of its argument. Main validates every
 * call against it before acting.
 */
import { z } from 'zod';
import { SetupAnswers, type MachineSetup, type Monitor } from './machine.js';
import { PrinterConfig, type PrinterConfigInput, type PrinterStatus, type PrintResult } from './printing.js';
import { TICKET_LANGS, type TicketLang } from './protocol.js';

export const IPC = {
  appVersion: { channel: 'antre:app-version', args: z.tuple([]) },
  /**
   * print a ticket this kiosk issued on the machine's own printer (from the machine's set-up,
   * held by main): the page names the ticket only, never a device, path or address
   */
  printTicket: {
    channel: 'antre:print-ticket',
    args: z.union([z.tuple([z.number().int().positive()]), z.tuple([z.number().int().positive(), z.enum(TICKET_LANGS)])]),
  },
  /** ask the machine's own printer for its status */
  printerStatus: { channel: 'antre:printer-status', args: z.tuple([]) },
  /**
   * set (or remove, null) the machine's own printer: the set-up page only, behind the admin PIN
   * once the machine is set up; main checks the address as the hub does and reads the status back
   */
  printerSave: { channel: 'antre:printer-save', args: z.tuple([PrinterConfig.nullable()]) },
  /** a test ticket on the machine's own printer, made by main (no hub needed): behind the PIN too */
  printerTest: { channel: 'antre:printer-test', args: z.tuple([]) },
  /** the serial ports of this machine, for the printer set-up */
  listSerialPorts: { channel: 'antre:list-serial-ports', args: z.tuple([]) },
  /** the printers installed in the operating system, for the printer settings */
  listPrinters: { channel: 'antre:list-printers', args: z.tuple([]) },
  /** the monitors attached, for the choice of the display's and the kiosk's screen */
  monitors: { channel: 'antre:monitors', args: z.tuple([]) },
  /** this machine's setup (without its secrets), or null before the first-run wizard */
  setupGet: { channel: 'antre:setup-get', args: z.tuple([]) },
  /** the wizard's answers: pairs each screen role with the hub, saves, opens the windows */
  setupSave: { channel: 'antre:setup-save', args: z.tuple([SetupAnswers]) },
  /** the hubs heard on the LAN by mDNS, for the wizard */
  discoverHubs: { channel: 'antre:discover-hubs', args: z.tuple([]) },
  /** the admin PIN, to leave the locked kiosk or open the settings */
  adminUnlock: { channel: 'antre:admin-unlock', args: z.tuple([z.string().max(20)]) },
} as const;

export type IpcName = keyof typeof IPC;

/** What the preload exposes as `window.antre`. */
export interface AntreBridge {
  appVersion(): Promise<string>;
  /** `{ outcome: 'failed', detail }` when this machine has no printer of its own; lang: the citizen's, default 'id' */
  printTicket(ticketId: number, lang?: TicketLang): Promise<PrintResult>;
  /** null when this machine has no printer of its own */
  printerStatus(): Promise<PrinterStatus | null>;
  printerSave(config: PrinterConfigInput | null): Promise<{ ok: true; status: PrinterStatus | null } | { ok: false; error: { id: string; en: string } }>;
  printerTest(): Promise<PrintResult | { outcome: 'refused'; error: { id: string; en: string } }>;
  listSerialPorts(): Promise<{ path: string; label: string }[]>;
  listPrinters(): Promise<{ name: string; displayName: string }[]>;
  monitors(): Promise<Monitor[]>;
  setupGet(): Promise<Omit<MachineSetup, 'adminPinHash' | 'pairings'> | null>;
  setupSave(answers: SetupAnswers): Promise<{ ok: true } | { ok: false; error: { id: string; en: string } }>;
  adminUnlock(pin: string): Promise<'ok' | 'wrong' | 'locked'>;
  /** heard by mDNS, each with its certificate's fingerprint (null: a plain http:// hub); once paired, only the pinned hub */
  discoverHubs(): Promise<{ name: string; site: string; url: string; fingerprint?: string | null; pinned?: boolean }[]>;
}

/** The handlers main implements, one per channel, each given validated arguments. */
export type IpcHandlers = { [K in IpcName]: (...args: z.infer<(typeof IPC)[K]['args']>) => unknown };
