/**
 * A connection to a printer for one job or one status check. Two-way links (TCP, serial) carry
 * the printer's answers back; one-way links (device file, Windows spooler) cannot, so nothing sent
 * over them can be confirmed.
 */
export interface PrinterLink {
  readonly twoWay: boolean;
  /** Resolves once the bytes have left this process (drained), not once they are printed. */
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
  open(): Promise<PrinterLink>;
}

/** A transport that could not be opened: the printer is unplugged, off, or the address is wrong. */
export class PrinterUnreachable extends Error {
  constructor(label: string, cause: unknown) {
    super(`${label}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PrinterUnreachable';
  }
}
