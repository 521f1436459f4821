/**
 * Printing on the kiosk's own printer, for a kiosk that drives its printer itself (USB as a
 * Windows printer, serial, a LAN printer it alone uses). Raw ESC/POS through electron/printer
 * for every transport that takes it; HTML through the OS driver, with an explicit 80 or 58 mm
 * page and no margins, for the `os` transport: the last resort, never confirmed.
 */
import { app, BrowserWindow, webContents } from 'electron';
import { join } from 'node:path';
import type { PrinterConfig, PrintResult } from '../../shared/printing.js';
import { tokenize, toReceipt } from '../printer/escpos/decode.js';
import { UNKNOWN_STATUS, UNREACHABLE_STATUS } from '../printer/escpos/status.js';
import { receiptHeightMm, receiptToHtml } from '../printer/preview/html.js';

/** How long the OS printer driver may take to accept a page. */
const OS_PRINT_TIMEOUT_MS = 20_000;

export const transportContext = () => ({ printersDir: join(app.getPath('userData'), 'printers') });

/**
 * A ticket's ESC/POS bytes through the OS printer driver (the `os` transport), as a page of the
 * paper's width: the only printing that needs Electron. The rest is in ./kioskPrinter.ts.
 */
export async function printBytesThroughOs(bytes: Buffer, config: PrinterConfig): Promise<PrintResult> {
  const items = toReceipt(tokenize(bytes).commands);
  return printHtml(receiptToHtml(items, config.paperWidth), config.address, config.paperWidth, receiptHeightMm(items, config.paperWidth), bytes.length);
}

export async function listOsPrinters(): Promise<{ name: string; displayName: string }[]> {
  const wc = webContents.getAllWebContents()[0];
  if (!wc) return [];
  return (await wc.getPrintersAsync()).map((p) => ({ name: p.name, displayName: p.displayName }));
}

async function printHtml(html: string, deviceName: string, paperWidth: 80 | 58, heightMm: number, bytes: number): Promise<PrintResult> {
  // A window that runs nothing: no script, no preload, no node, sandboxed.
  const win = new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' } });
  try {
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    // A driver that never answers (a spooler stuck on a printer out of paper) must not hold the
    // kiosk: after OS_PRINT_TIMEOUT_MS the job counts as failed.
    const [ok, reason] = await new Promise<[boolean, string]>((resolve) => {
      setTimeout(() => resolve([false, `no answer from the driver in ${OS_PRINT_TIMEOUT_MS / 1000} s`]), OS_PRINT_TIMEOUT_MS);
      win.webContents.print(
        {
          silent: true,
          deviceName,
          printBackground: true,
          margins: { marginType: 'none' },
          // microns
          pageSize: { width: paperWidth * 1000, height: heightMm * 1000 },
        },
        (success, failureReason) => resolve([success, failureReason]),
      );
    });
    // The driver took the page; whether paper came out, no driver says.
    return ok
      ? { outcome: 'unconfirmed', status: UNKNOWN_STATUS, detail: 'sent through the OS printer driver', bytes }
      : { outcome: 'failed', status: UNREACHABLE_STATUS, detail: `OS printer driver: ${reason}`, bytes: 0 };
  } finally {
    win.destroy();
  }
}
