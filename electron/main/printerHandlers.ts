/**
 * The bridge's printer calls, as main answers them: plain Node (no Electron), so the kiosk page in
 * a test browser talks to exactly this code through a fake `ipcMain` (tests/e2e/kioskOwnPrinter).
 *
 * The kiosk page names a ticket and nothing else; the printer is the machine's own, from its
 * set-up. Only the set-up page, on first run or behind the admin PIN, describes a printer
 * (`printerSave`), and main checks that description as the hub checks the admin's: a path that is
 * not a printer device is refused and nothing is saved.
 */
import { PrinterConfig } from '../../shared/printing.js';
import type { AntreBridge, IpcHandlers } from '../../shared/ipc.js';
import { UNKNOWN_STATUS } from '../printer/escpos/status.js';
import { printerAddressRefusal } from '../printer/transports/open.js';
import type { KioskPrinter } from './kioskPrinter.js';

type PrinterCall = 'printTicket' | 'printerStatus' | 'printerSave' | 'printerTest' | 'listSerialPorts';
/** main's side of each printer call: the contract's (validated) arguments, the bridge's answer */
export type PrinterHandlers = {
  [K in PrinterCall]: (...args: Parameters<IpcHandlers[K]>) => Awaited<ReturnType<AntreBridge[K]>> | ReturnType<AntreBridge[K]>;
};

export interface PrinterHandlerDeps {
  /** the print module of this machine; null: no kiosk role paired yet */
  kioskPrinter: () => KioskPrinter | null;
  /**
   * builds a print module for a printer not yet in use, for the test print of a machine that is
   * not paired yet (the wizard's first run): nothing is reported to any hub
   */
  standalone: (config: PrinterConfig) => KioskPrinter;
  printer: () => PrinterConfig | null;
  /** keeps the printer in the machine's set-up (or for the set-up about to be saved, on first run) */
  savePrinter: (config: PrinterConfig | null) => void;
  /** first run, or the admin PIN was entered: the set-up may change */
  mayChangeSetup: () => boolean;
  listSerialPorts: () => Promise<{ path: string; label: string }[]>;
  platform?: NodeJS.Platform;
}

const NOT_UNLOCKED = { id: 'Masukkan PIN admin dahulu.', en: 'Enter the admin PIN first.' };
const NO_PRINTER_DETAIL = 'this machine has no printer in its set-up';

export function printerHandlers(deps: PrinterHandlerDeps): PrinterHandlers {
  /** the module to use for this machine's saved printer, paired or not */
  const module = (): KioskPrinter | null => {
    const config = deps.printer();
    if (!config) return null;
    return deps.kioskPrinter() ?? deps.standalone(config);
  };
  return {
    printTicket: (ticketId, lang?: 'id' | 'en') => {
      const kp = deps.kioskPrinter();
      if (!kp || !deps.printer()) return { outcome: 'failed' as const, status: UNKNOWN_STATUS, detail: NO_PRINTER_DETAIL, bytes: 0 };
      return kp.print(ticketId, lang ?? 'id');
    },
    printerStatus: () => module()?.status() ?? null,
    printerSave: async (input) => {
      if (!deps.mayChangeSetup()) return { ok: false as const, error: NOT_UNLOCKED };
      if (input === null) {
        deps.savePrinter(null);
        return { ok: true as const, status: null };
      }
      const config = PrinterConfig.parse(input);
      const refusal = printerAddressRefusal(config, { portRequired: config.transport === 'tcp', platform: deps.platform });
      if (refusal) {
        return {
          ok: false as const,
          error:
            refusal === 'PRINTER_NOT_A_DEVICE'
              ? { id: `${config.address} bukan perangkat printer.`, en: `${config.address} is not a printer device.` }
              : { id: `Alamat printer tidak sesuai dengan jenis sambungannya: ${config.address}`, en: `Not an address of this connection type: ${config.address}` },
        };
      }
      deps.savePrinter(config);
      return { ok: true as const, status: (await module()?.status()) ?? null };
    },
    printerTest: async () => {
      if (!deps.mayChangeSetup()) return { outcome: 'refused' as const, error: NOT_UNLOCKED };
      const kp = module();
      if (!kp) return { outcome: 'failed' as const, status: UNKNOWN_STATUS, detail: NO_PRINTER_DETAIL, bytes: 0 };
      return kp.testPrint();
    },
    listSerialPorts: () => deps.listSerialPorts(),
  };
}

/** The serial ports the OS knows, each with its maker when the driver says (a USB-serial adapter's). */
export async function serialPortList(): Promise<{ path: string; label: string }[]> {
  const { SerialPort } = await import('serialport');
  const ports = await SerialPort.list();
  return ports.map((p) => ({ path: p.path, label: p.manufacturer ? `${p.path} (${p.manufacturer})` : p.path }));
}
