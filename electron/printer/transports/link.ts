/**
 * A connection to a printer for one job or one status check. Two-way links (TCP, serial) carry
 * the printer's answers back; one-way links (device file, Windows spooler) cannot, so nothing sent
 * over them can be confirmed.
 */
import type { PrinterStatus } from '../../../shared/printing.js';
import { UNREACHABLE_STATUS } from '../escpos/status.js';

export interface PrinterLink {
  readonly twoWay: boolean;
  /** Resolves once the bytes have left this process (drained), not once they are printed.
   * Never hangs: a transport bounds it (LinkTimeouts.writeTimeoutMs) and rejects. */
  write(bytes: Uint8Array): Promise<void>;
  /** Bytes the printer sends back. */
  onData(listener: (chunk: Buffer) => void): void;
  /** The link dropped (cable pulled, printer switched off, connection reset). */
  onClose(listener: (error: Error | null) => void): void;
  close(): Promise<void>;
}

export interface Transport {
  /** "tcp 192.168.1.50:9100": for logs and the admin screen */
  readonly label: string;
  /** Never hangs: a transport bounds it (LinkTimeouts.openTimeoutMs) and rejects with PrinterUnreachable. */
  open(): Promise<PrinterLink>;
  /**
   * The printer's model goes silent when out of paper instead of saying so (profile quirk
   * 'silentWhenPaperOut'): a status request left unanswered is trouble, not "unknown, send anyway".
   */
  readonly silentWhenPaperOut?: boolean;
}

/**
 * How long a transport waits for the printer before giving up. Printers in the field hang rather
 * than refuse: a LAN printer that is off takes ~40 s to fail a connect, /dev/usb/lp0 blocks a
 * write forever while the printer is off or out of paper, a serial port's write never drains.
 * A citizen at the kiosk must get an answer, so every open and every write has a bound.
 */
export interface LinkTimeouts {
  /** connect (tcp), open (serial port, device file) */
  openTimeoutMs: number;
  /**
   * one write handed to the printer (a ticket is one write). tcp: the whole write (the kernel's
   * buffers take a ticket at once unless the printer stopped reading); serial: plus the time the
   * bytes take on the line at its baud rate, so a raster ticket at 9600 baud is not cut short;
   * device file: time without progress, so a slow printer taking a long ticket is not cut short
   */
  writeTimeoutMs: number;
}

export const DEFAULT_LINK_TIMEOUTS: LinkTimeouts = { openTimeoutMs: 3000, writeTimeoutMs: 5000 };

/** The defaults, with what `t` sets (an `undefined` field keeps its default rather than erasing it). */
export function linkTimeouts(t: Partial<LinkTimeouts> | undefined): LinkTimeouts {
  return { openTimeoutMs: t?.openTimeoutMs ?? DEFAULT_LINK_TIMEOUTS.openTimeoutMs, writeTimeoutMs: t?.writeTimeoutMs ?? DEFAULT_LINK_TIMEOUTS.writeTimeoutMs };
}

/** A transport that could not be opened: the printer is unplugged, off, or the address is wrong. */
export class PrinterUnreachable extends Error {
  constructor(label: string, cause: unknown) {
    super(`${label}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PrinterUnreachable';
  }
}

/**
 * A write that failed for a known reason, with what that reason says of the printer (a spooler
 * job held because the printer is out of paper → paper_end). The job reports this status and
 * message rather than a bare "connection lost".
 */
export class PrinterLinkError extends Error {
  constructor(
    message: string,
    readonly status: PrinterStatus = UNREACHABLE_STATUS,
  ) {
    super(message);
    this.name = 'PrinterLinkError';
  }
}

/**
 * `work` bounded by `ms`: rejects with `onTimeout()` once the time is up. `late` gets the value if
 * the work finishes after that (to close a port or handle opened too late, so nothing leaks).
 */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error, late?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      reject(onTimeout());
    }, ms);
    work.then(
      (value) => {
        if (!expired) {
          clearTimeout(timer);
          resolve(value);
        } else late?.(value);
      },
      (err: unknown) => {
        if (expired) return;
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

export const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
