/** The transport a printer's settings call for. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeviceFileName, isSerialPortName, printerAddressProblem, type PrinterAddressProblem, type PrinterConfig } from '../../../shared/printing.js';
import { PRINTER_PROFILES, type PrinterProfile } from '../../../shared/printerProfiles.js';
import { deviceFileTransport } from './deviceFile.js';
import { PrinterUnreachable, type LinkTimeouts, type Transport } from './link.js';
import { serialTransport } from './serial.js';
import { tcpTransport } from './tcp.js';
import { virtualTransport } from './virtual.js';
import { windowsSpoolerTransport, type SpoolerOptions } from './windowsSpooler.js';

export interface TransportContext {
  /** virtual printers live in <printersDir>/<address> */
  printersDir: string;
  /** open and write bounds of tcp, serial and device-file links (defaults: DEFAULT_LINK_TIMEOUTS) */
  timeouts?: Partial<LinkTimeouts>;
  /** how long the Windows spooler may hold a job before it is deleted (DEFAULT_SPOOLER_TIMINGS) */
  spooler?: Omit<SpoolerOptions, 'exec'>;
}

/** The model's profile says it goes silent when out of paper (shared/printerProfiles.ts). */
export function silentWhenPaperOut(config: Pick<PrinterConfig, 'model'>): boolean {
  if (!config.model) return false;
  const profile: PrinterProfile | undefined = PRINTER_PROFILES[config.model];
  return profile?.quirks.includes('silentWhenPaperOut') ?? false;
}

/**
 * Why this machine must not open the address, or null. Run when a printer is set up (the hub) and
 * again at every open, because a config stored before these checks existed may name any file.
 * `portRequired`: a new tcp address names its port; a stored one may still mean 9100.
 */
export function printerAddressRefusal(
  config: Pick<PrinterConfig, 'transport' | 'address'>,
  opts: { portRequired?: boolean; platform?: NodeJS.Platform } = {},
): PrinterAddressProblem | null {
  const shape = printerAddressProblem(config.transport, config.address, { portRequired: opts.portRequired ?? true });
  if (shape) return shape;
  const family = (opts.platform ?? process.platform) === 'win32' ? 'windows' : 'unix';
  if (config.transport === 'serial' && !isSerialPortName(config.address, family)) return 'PRINTER_ADDRESS_INVALID';
  if (config.transport !== 'file') return null;
  if (!isDeviceFileName(config.address, family)) return 'PRINTER_NOT_A_DEVICE';
  // COM3 or \\.\LPT1 is a device by name on Windows; a /dev path is one only if the kernel says so
  // (stat follows links: a link to the database is a regular file, refused).
  if (family === 'windows') return null;
  try {
    return statSync(config.address).isCharacterDevice() ? null : 'PRINTER_NOT_A_DEVICE';
  } catch {
    // absent (printer unplugged): nothing can be written to it either, and 'r+' never creates it
    return null;
  }
}

export function openTransport(config: PrinterConfig, ctx: TransportContext): Transport {
  const inner = transportFor(config, ctx);
  return {
    label: inner.label,
    silentWhenPaperOut: silentWhenPaperOut(config),
    // Checked at the moment of opening, so a device file swapped for a link to a regular file
    // after the set-up is still refused, and nothing is written.
    open: () => {
      const refusal = printerAddressRefusal(config, { portRequired: false });
      if (!refusal) return inner.open();
      const why = refusal === 'PRINTER_NOT_A_DEVICE' ? 'not a printer device; a regular file or folder is never written' : 'not an address of this transport';
      return Promise.reject(new PrinterUnreachable(inner.label, new Error(`${refusal}: ${why}`)));
    },
  };
}

function transportFor(config: PrinterConfig, ctx: TransportContext): Transport {
  switch (config.transport) {
    case 'tcp': return tcpTransport(config.address, ctx.timeouts);
    case 'serial': return serialTransport(config.address, config.baudRate, ctx.timeouts);
    case 'file': return deviceFileTransport(config.address, ctx.timeouts);
    case 'windows': return windowsSpoolerTransport(config.address, process.platform, ctx.spooler);
    case 'virtual': return virtualTransport(join(ctx.printersDir, config.address), config.paperWidth);
    case 'os':
      // HTML printing through the OS driver needs a browser window: the kiosk's Electron main
      // prints those itself and reports the result to the hub.
      return { label: `os "${config.address}"`, open: () => Promise.reject(new PrinterUnreachable(`os "${config.address}"`, new Error('OS-driver printing runs in the Antre app on the kiosk, not in the hub'))) };
  }
}
