/** The transport a printer's settings call for. */
import { join } from 'node:path';
import type { PrinterConfig } from '../../../shared/printing.js';
import { deviceFileTransport } from './deviceFile.js';
import { PrinterUnreachable, type Transport } from './link.js';
import { serialTransport } from './serial.js';
import { tcpTransport } from './tcp.js';
import { virtualTransport } from './virtual.js';
import { windowsSpoolerTransport } from './windowsSpooler.js';

export interface TransportContext {
  /** virtual printers live in <printersDir>/<address> */
  printersDir: string;
}

export function openTransport(config: PrinterConfig, ctx: TransportContext): Transport {
  switch (config.transport) {
    case 'tcp': return tcpTransport(config.address);
    case 'serial': return serialTransport(config.address, config.baudRate);
    case 'file': return deviceFileTransport(config.address);
    case 'windows': return windowsSpoolerTransport(config.address);
    case 'virtual': return virtualTransport(join(ctx.printersDir, config.address), config.paperWidth);
    case 'os':
      // HTML printing through the OS driver needs a browser window: the kiosk's Electron main
      // prints those itself and reports the result to the hub.
      return { label: `os "${config.address}"`, open: () => Promise.reject(new PrinterUnreachable(`os "${config.address}"`, new Error('OS-driver printing runs in the Antre app on the kiosk, not in the hub'))) };
  }
}
