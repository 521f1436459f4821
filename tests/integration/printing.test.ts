/**
 * Print jobs over every transport that can run here, against a fake network printer that answers
 * status as an Epson does: a ticket counts as printed only when the printer said so.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { receiptToText } from '../../electron/printer/escpos/decode.js';
import { ticketBytes, type TicketPrintData } from '../../electron/printer/layout/ticketLayout.js';
import { checkStatus, printJob, type JobTimings } from '../../electron/printer/printJob.js';
import { deviceFileTransport } from '../../electron/printer/transports/deviceFile.js';
import { serialTransport } from '../../electron/printer/transports/serial.js';
import { tcpTransport } from '../../electron/printer/transports/tcp.js';
import { virtualTransport } from '../../electron/printer/transports/virtual.js';
import { openTransport } from '../../electron/printer/transports/open.js';
import { PrinterConfig } from '../../shared/printing.js';
import { RAW_PRINT_SCRIPT, rawPrintArguments, windowsSpoolerTransport } from '../../electron/printer/transports/windowsSpooler.js';
import { FakePrinter } from '../fixtures/fakePrinter.js';
import { startPtyBridge } from '../fixtures/ptyBridge.js';
import { tempDir } from '../fixtures/tempDir.js';

const FAST: JobTimings = { statusTimeoutMs: 300, completionTimeoutMs: 1500, pollMs: 100 };

const TICKET: TicketPrintData = {
  site: { name: 'MPP Kabupaten Contoh', address: 'Jl. Merdeka 1', ticketHeader: '', ticketFooter: 'Terima kasih', timeZone: 'Asia/Jakarta' },
  agencyName: 'Disdukcapil',
  serviceName: 'KTP-el',
  number: 'A-012',
  issuedAt: Date.UTC(2026, 10, 23, 2, 5),
  peopleAhead: 2,
  estimatedWaitMinutes: 10,
  priorityGroupName: null,
  qrPayload: 'ANTRE:7:A-012',
};
const bytesOf = (t: Partial<TicketPrintData> = {}) => ticketBytes({ ...TICKET, ...t }, { paperWidth: 80, codePage: 'PC437', qrMode: 'native' });
const textOnPaper = (p: FakePrinter) => receiptToText(p.receipt(), 48);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function fakePrinter(opts: { silent?: boolean; silentWhenPaperOut?: boolean } = {}): Promise<FakePrinter> {
  const p = await new FakePrinter(opts).start();
  cleanups.push(() => p.stop());
  return p;
}

describe('a LAN printer on TCP 9100', () => {
  it('prints the ticket and confirms it only after the printer answered that it was processed', async () => {
    const printer = await fakePrinter();
    const bytes = await bytesOf();
    const result = await printJob(tcpTransport(printer.address), bytes, FAST);
    expect(result).toMatchObject({ outcome: 'printed', status: { state: 'ready' }, bytes: bytes.length });
    expect(printer.printed.equals(bytes)).toBe(true);
    expect(textOnPaper(printer)).toContain('A-012   [6x6]');
    expect(printer.receipt().at(-1)).toEqual({ kind: 'cut', partial: false });
  });

  it('sends nothing to a printer that is out of paper or has its cover open', async () => {
    const printer = await fakePrinter();
    printer.set({ paperEnd: true });
    let result = await printJob(tcpTransport(printer.address), await bytesOf(), FAST);
    expect(result).toMatchObject({ outcome: 'failed', status: { state: 'paper_end', paperEnd: true }, bytes: 0 });
    printer.set({ paperEnd: false, coverOpen: true });
    result = await printJob(tcpTransport(printer.address), await bytesOf(), FAST);
    expect(result).toMatchObject({ outcome: 'failed', status: { state: 'cover_open' }, bytes: 0 });
    printer.set({ coverOpen: false });
    expect(printer.printed.length).toBe(0);
  });

  it('prints, and warns, when the paper is nearly out', async () => {
    const printer = await fakePrinter();
    printer.set({ paperNearEnd: true });
    const result = await printJob(tcpTransport(printer.address), await bytesOf(), FAST);
    expect(result).toMatchObject({ outcome: 'printed', status: { state: 'paper_near_end', paperNearEnd: true } });
  });

  it('reports a failure when the paper runs out in the middle of the ticket', async () => {
    const printer = await fakePrinter();
    const bytes = await bytesOf();
    printer.paperRunsOutAfter(150);
    const result = await printJob(tcpTransport(printer.address), bytes, FAST);
    expect(result).toMatchObject({ outcome: 'failed', status: { state: 'paper_end' } });
    expect(result.detail).toMatch(/during the job/);
    // Half a ticket at most came out, and no cut.
    expect(printer.printed.length).toBeLessThan(bytes.length);
    expect(printer.receipt().some((i) => i.kind === 'cut')).toBe(false);
  });

  it('calls a printer that never answers "unconfirmed", never "printed"', async () => {
    const printer = await fakePrinter({ silent: true });
    const result = await printJob(tcpTransport(printer.address), await bytesOf(), FAST);
    expect(result.outcome).toBe('unconfirmed');
    expect(result.status.state).toBe('unknown');
    expect(await checkStatus(tcpTransport(printer.address), FAST)).toMatchObject({ state: 'unknown' });
  });

  it('reports a failure when the printer is unplugged mid-job, and "offline" while it is away', async () => {
    const printer = await fakePrinter();
    printer.unplugAfterBytes(9 + 100); // the status query, then 100 bytes of the ticket
    const bigTicket = await ticketBytes({ ...TICKET, logo: null }, { paperWidth: 80, codePage: 'PC437', qrMode: 'raster' });
    const result = await printJob(tcpTransport(printer.address), bigTicket, FAST);
    expect(result.outcome).toBe('failed');
    expect(result.detail).toMatch(/connection lost/);
    expect(await checkStatus(tcpTransport(printer.address), FAST)).toMatchObject({ state: 'offline' });
    const again = await printJob(tcpTransport(printer.address), await bytesOf(), FAST);
    expect(again).toMatchObject({ outcome: 'failed', bytes: 0, status: { state: 'offline' } });
  });

  it('reads the status without printing', async () => {
    const printer = await fakePrinter();
    expect(await checkStatus(tcpTransport(printer.address), FAST)).toMatchObject({ state: 'ready' });
    printer.set({ paperNearEnd: true });
    expect(await checkStatus(tcpTransport(printer.address), FAST)).toMatchObject({ state: 'paper_near_end' });
    printer.set({ paperEnd: true });
    expect(await checkStatus(tcpTransport(printer.address), FAST)).toMatchObject({ state: 'paper_end', offline: true });
    expect(printer.printed.length).toBe(0);
  });
});

describe('a printer on a serial port', () => {
  it('prints and confirms through a real tty (a pseudo-terminal in front of the fake printer)', async () => {
    const printer = await fakePrinter();
    const bridge = await startPtyBridge(printer.port);
    cleanups.push(() => bridge.stop());
    const bytes = await bytesOf();
    const result = await printJob(serialTransport(bridge.path, 9600), bytes, FAST);
    expect(result).toMatchObject({ outcome: 'printed', status: { state: 'ready' } });
    expect(printer.printed.equals(bytes)).toBe(true);

    printer.set({ paperEnd: true });
    expect(await printJob(serialTransport(bridge.path, 9600), bytes, FAST)).toMatchObject({ outcome: 'failed', status: { state: 'paper_end' } });
  });

  it('reports a missing port as offline', async () => {
    const result = await printJob(serialTransport('/dev/ttyANTRE-missing', 9600), await bytesOf(), FAST);
    expect(result).toMatchObject({ outcome: 'failed', status: { state: 'offline' }, bytes: 0 });
  });
});

describe('one-way transports', () => {
  it('writes to a device file but cannot call it printed', async () => {
    const tmp = tempDir('antre-lp-');
    cleanups.push(() => tmp.remove());
    const device = join(tmp.dir, 'lp0');
    writeFileSync(device, '');
    const bytes = await bytesOf();
    const result = await printJob(deviceFileTransport(device), bytes, FAST);
    expect(result).toMatchObject({ outcome: 'unconfirmed', status: { state: 'unknown' }, bytes: bytes.length });
    expect(readFileSync(device).equals(bytes)).toBe(true);
  });

  it('reports a device file that is not there (printer unplugged) as offline, and creates nothing', async () => {
    const tmp = tempDir('antre-lp-');
    cleanups.push(() => tmp.remove());
    const result = await printJob(deviceFileTransport(join(tmp.dir, 'lp0')), await bytesOf(), FAST);
    expect(result).toMatchObject({ outcome: 'failed', status: { state: 'offline' } });
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('refuses the Windows spooler outside Windows with a clear reason, and passes the printer name outside the script', async () => {
    const result = await printJob(windowsSpoolerTransport('POS-80 "kios"', 'linux'), await bytesOf(), FAST);
    expect(result).toMatchObject({ outcome: 'failed' });
    expect(result.detail).toMatch(/only on Windows/);
    const args = rawPrintArguments();
    expect(Buffer.from(args.at(-1)!, 'base64').toString('utf16le')).toBe(RAW_PRINT_SCRIPT);
    expect(RAW_PRINT_SCRIPT).toContain('$env:ANTRE_PRINTER');
    expect(RAW_PRINT_SCRIPT).toContain('pDataType = "RAW"');
  });
});

describe('the virtual printer', () => {
  it('leaves the bytes, a text rendering and a PNG picture of each ticket in its folder', async () => {
    const tmp = tempDir('antre-virtual-');
    cleanups.push(() => tmp.remove());
    const folder = join(tmp.dir, 'kiosk-1');
    const bytes = await bytesOf();
    const result = await printJob(virtualTransport(folder, 80), bytes, FAST);
    expect(result).toMatchObject({ outcome: 'printed', status: { state: 'ready' } });
    await new Promise((r) => setTimeout(r, 400)); // the picture is drawn after the answer
    expect(readdirSync(folder).sort()).toEqual(['0001-A-012.bin', '0001-A-012.png', '0001-A-012.txt']);
    expect(readFileSync(join(folder, '0001-A-012.bin')).equals(bytes)).toBe(true);
    expect(readFileSync(join(folder, '0001-A-012.txt'), 'utf8')).toContain('Di depan Anda: 2 orang');
    expect(readFileSync(join(folder, '0001-A-012.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('plays paper-out and a silent printer from the word in its status file', async () => {
    const tmp = tempDir('antre-virtual-');
    cleanups.push(() => tmp.remove());
    const folder = join(tmp.dir, 'kiosk-1');
    mkdirSync(folder);
    writeFileSync(join(folder, 'status'), 'paper_end\n');
    expect(await printJob(virtualTransport(folder, 58), await bytesOf(), FAST)).toMatchObject({ outcome: 'failed', status: { state: 'paper_end' } });
    writeFileSync(join(folder, 'status'), 'unknown');
    expect(await printJob(virtualTransport(folder, 58), await bytesOf(), FAST)).toMatchObject({ outcome: 'unconfirmed' });
    expect(readdirSync(folder).filter((f) => f.endsWith('.bin'))).toEqual([]);
  });
});

describe('a model that goes silent when out of paper (profile quirk silentWhenPaperOut)', () => {
  const configFor = (printer: FakePrinter, model: 'pos-5890' | 'epson-tm-t82') => PrinterConfig.parse({ transport: 'tcp', address: printer.address, model });
  const ctx = { printersDir: '/nonexistent' };

  it('counts its silence as trouble: nothing is sent, the state says offline, the detail says probably out of paper', async () => {
    const printer = await fakePrinter({ silentWhenPaperOut: true });
    printer.set({ paperEnd: true });
    const transport = openTransport(configFor(printer, 'pos-5890'), ctx);
    expect(transport.silentWhenPaperOut).toBe(true);
    const result = await printJob(transport, await bytesOf(), FAST);
    expect(result).toMatchObject({ outcome: 'failed', bytes: 0, status: { state: 'offline', offline: true } });
    expect(result.detail).toMatch(/^not sent: .*goes silent when out of paper \(probably out of paper/);
    expect(await checkStatus(openTransport(configFor(printer, 'pos-5890'), ctx), FAST)).toMatchObject({ state: 'offline' });
    printer.set({ paperEnd: false });
    expect(printer.printed.length).toBe(0); // nothing waited in its buffer either
  });

  it('prints as usual while it answers', async () => {
    const printer = await fakePrinter({ silentWhenPaperOut: true });
    const bytes = await bytesOf();
    expect(await printJob(openTransport(configFor(printer, 'pos-5890'), ctx), bytes, FAST)).toMatchObject({ outcome: 'printed', status: { state: 'ready' } });
    expect(printer.printed.equals(bytes)).toBe(true);
  });

  it('says it probably ran out of paper when it falls silent in the middle of a ticket', async () => {
    const printer = await fakePrinter({ silentWhenPaperOut: true });
    printer.paperRunsOutAfter(150);
    const result = await printJob(openTransport(configFor(printer, 'pos-5890'), ctx), await bytesOf(), FAST);
    expect(result).toMatchObject({ outcome: 'unconfirmed', status: { state: 'offline' } });
    expect(result.detail).toMatch(/stopped answering: .*probably out of paper/);
  });

  it('leaves a model that reports its status as before: silence is unknown, the job is sent and unconfirmed', async () => {
    const printer = await fakePrinter({ silent: true });
    const transport = openTransport(configFor(printer, 'epson-tm-t82'), ctx);
    expect(transport.silentWhenPaperOut).toBe(false);
    const result = await printJob(transport, await bytesOf(), FAST);
    expect(result).toMatchObject({ outcome: 'unconfirmed', status: { state: 'unknown' } });
    expect(printer.received.length).toBeGreaterThan(100);
    expect(await checkStatus(openTransport(configFor(printer, 'epson-tm-t82'), ctx), FAST)).toMatchObject({ state: 'unknown' });
  });
});
