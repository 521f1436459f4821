/**
 * Printers that hang instead of refusing, against real things: a TCP server that accepts the
 * connection and then takes nothing, a FIFO standing in for /dev/usb/lp0 that nobody reads, a
 * pseudo-terminal whose output is stopped (a serial line that never drains). Every job must end,
 * in bounded time, as "failed" with a reason, and hold nothing afterwards.
 */
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { printJob, type JobTimings } from '../../electron/printer/printJob.js';
import { deviceFileTransport } from '../../electron/printer/transports/deviceFile.js';
import { withTimeout } from '../../electron/printer/transports/link.js';
import { lineTimeMs, serialTransport } from '../../electron/printer/transports/serial.js';
import { openTransport } from '../../electron/printer/transports/open.js';
import { tcpTransport } from '../../electron/printer/transports/tcp.js';
import { PrinterConfig } from '../../shared/printing.js';
import { tempDir } from '../fixtures/tempDir.js';

const FAST: JobTimings = { statusTimeoutMs: 200, completionTimeoutMs: 1000, pollMs: 100 };
const BOUNDS = { openTimeoutMs: 500, writeTimeoutMs: 300 };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  const value = await work;
  return { value, ms: Date.now() - start };
}

describe('a LAN printer that accepts the connection and takes no data', () => {
  /** A server that accepts and never reads (pauseOnConnect): once the kernel's buffers are full the write waits. */
  async function deafPrinter(): Promise<{ address: string; sockets: Socket[] }> {
    const sockets: Socket[] = [];
    const server = createServer({ pauseOnConnect: true }, (s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }));
    return { address: `127.0.0.1:${(server.address() as { port: number }).port}`, sockets };
  }
  // far more than loopback buffers hold (a few MB): the write cannot complete
  const huge = Buffer.alloc(64 * 1024 * 1024, 0x41);

  it('fails the job once the write has waited writeTimeoutMs, instead of hanging', async () => {
    const printer = await deafPrinter();
    const { value: result, ms } = await timed(printJob(tcpTransport(printer.address, BOUNDS), huge, FAST));
    expect(result).toMatchObject({ outcome: 'failed', status: { state: 'offline' } });
    expect(result.detail).toMatch(/took no data for 0\.3 s/);
    expect(ms).toBeLessThan(3000);
    expect(printer.sockets.length).toBe(1);
  });

  it('takes the bounds from the context openTransport is given (the hub and the kiosk pass it)', async () => {
    const printer = await deafPrinter();
    const config = PrinterConfig.parse({ transport: 'tcp', address: printer.address });
    // the default write bound is 5 s: done well before, the context's 0.3 s was used
    const { value: result, ms } = await timed(printJob(openTransport(config, { printersDir: '/nonexistent', timeouts: BOUNDS }), huge, FAST));
    expect(result.detail).toMatch(/took no data for 0\.3 s/);
    expect(ms).toBeLessThan(3000);
  });
});

describe('a device file whose write never returns (/dev/usb/lp0 with the printer off)', () => {
  function fifo(): string {
    const tmp = tempDir('antre-fifo-');
    cleanups.push(() => tmp.remove());
    const path = join(tmp.dir, 'lp0');
    execFileSync('mkfifo', [path]);
    return path;
  }

  it('fails after writeTimeoutMs with what the printer took, and holds no thread of Node', async () => {
    const path = fifo();
    // A pipe holds 64 KiB; nobody reads, so the rest of the job can never be written.
    const job = Buffer.alloc(256 * 1024, 0x42);
    const { value: result, ms } = await timed(printJob(deviceFileTransport(path, BOUNDS), job, FAST));
    expect(result).toMatchObject({ outcome: 'failed', status: { state: 'offline', offline: true } });
    expect(result.detail).toMatch(/took \d+ of 262144 bytes, then nothing for 0\.3 s \(off, out of paper or stopped\)/);
    expect(ms).toBeLessThan(2000);

    // Blocking writes would each hold one of libuv's 4 threads for ever; with 5 stuck jobs the
    // next file read would never finish. Non-blocking, nothing is held.
    const stuck = await Promise.all(Array.from({ length: 5 }, () => printJob(deviceFileTransport(path, BOUNDS), job, FAST)));
    expect(stuck.map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    const tmp = tempDir('antre-read-');
    cleanups.push(() => tmp.remove());
    writeFileSync(join(tmp.dir, 'x'), 'still here');
    const read = await withTimeout(readFile(join(tmp.dir, 'x'), 'utf8'), 1000, () => new Error('the file-system threads are held'));
    expect(read).toBe('still here');
  });

  it('gives a printer that takes a long job slowly all the time it needs: the bound is on no progress', async () => {
    const path = fifo();
    // Takes 16 KiB every 0.1 s: 300 KiB need ~2 s, far more than the 0.5 s without progress allowed.
    const slowPrinter = 'import sys, time\nf = open(sys.argv[1], "rb", buffering=0)\nwhile True:\n  d = f.read(16384)\n  if not d: break\n  sys.stdout.buffer.write(d); sys.stdout.buffer.flush(); time.sleep(0.1)\n';
    const reader = spawn('python3', ['-c', slowPrinter, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => void reader.kill('SIGKILL'));
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise<void>((r) => reader.stdout.on('end', () => r()));
    const job = Buffer.from(Array.from({ length: 300 * 1024 }, (_, i) => i % 251));
    const { value: result, ms } = await timed(printJob(deviceFileTransport(path, { writeTimeoutMs: 500 }), job, FAST));
    expect(result).toMatchObject({ outcome: 'unconfirmed', bytes: job.length });
    expect(ms).toBeGreaterThan(1000);
    await ended;
    expect(Buffer.concat(chunks).equals(job)).toBe(true);
  });
});

/** A pseudo-terminal whose output is stopped (tcflow TCOOFF): the port opens, writes never drain. */
async function stoppedSerialLine(): Promise<string> {
  const script = [
    'import os, pty, sys, termios, time, tty',
    'm, s = pty.openpty()',
    'tty.setraw(m); tty.setraw(s)',
    'termios.tcflow(s, termios.TCOOFF)',
    'print(os.ttyname(s), flush=True)',
    'time.sleep(600)',
  ].join('\n');
  const child = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => void child.kill('SIGKILL'));
  return new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
}

describe('a serial port whose line never drains', () => {
  it('fails the job after writeTimeoutMs plus the line time, and frees the port for the next job', async () => {
    const path = await stoppedSerialLine();
    const job = Buffer.alloc(500, 0x43);
    const { value: result, ms } = await timed(printJob(serialTransport(path, 115200, BOUNDS), job, FAST));
    expect(result).toMatchObject({ outcome: 'failed', status: { state: 'offline' } });
    expect(result.detail).toMatch(/the port took no data for 0\.3 s/);
    expect(ms).toBeLessThan(2000);
    // The port was closed: the next job opens it again and ends the same way, not "port busy".
    const again = await printJob(serialTransport(path, 115200, BOUNDS), job, FAST);
    expect(again.detail).toMatch(/took no data/);
  });

  it('gives a slow line the time its bytes take at its baud rate', () => {
    expect(lineTimeMs(960, 9600)).toBe(1000);
    expect(lineTimeMs(500, 115200)).toBe(44);
  });
});

describe('withTimeout, the bound every transport opens through', () => {
  it('rejects in time and closes what arrives too late', async () => {
    let closed: string | null = null;
    const late = new Promise<string>((r) => setTimeout(() => r('port'), 150));
    await expect(withTimeout(late, 50, () => new Error('did not open within 0.05 s'), (v) => (closed = v))).rejects.toThrow('did not open');
    expect(closed).toBeNull();
    await new Promise((r) => setTimeout(r, 200));
    expect(closed).toBe('port');
  });
});
