/** A printer on a serial port (COM3, /dev/ttyUSB0, a USB-serial adapter): two-way. */
import { SerialPort } from 'serialport';
import { linkTimeouts, PrinterLinkError, PrinterUnreachable, seconds, withTimeout, type LinkTimeouts, type PrinterLink, type Transport } from './link.js';

/** How long `count` bytes take on the line: 10 bits a byte (start, 8 data, stop). */
export function lineTimeMs(count: number, baudRate: number): number {
  return Math.ceil((count * 10 * 1000) / baudRate);
}

export function serialTransport(path: string, baudRate: number, opts: Partial<LinkTimeouts> = {}): Transport {
  const label = `serial ${path} ${baudRate}`;
  const timeouts = linkTimeouts(opts);
  return {
    label,
    open: () => {
      // RTS/CTS is how these printers say "buffer full"; without it a long job overruns them.
      const port = new SerialPort({ path, baudRate, rtscts: false, autoOpen: false });
      const opened = new Promise<SerialPort>((resolve, reject) => port.open((err) => (err ? reject(new PrinterUnreachable(label, err)) : resolve(port))));
      // Some USB-serial drivers hang in open while the adapter is half-unplugged; a port that opens
      // after we gave up is closed at once, so the next job finds it free.
      return withTimeout(
        opened,
        timeouts.openTimeoutMs,
        () => new PrinterUnreachable(label, new Error(`the port did not open within ${seconds(timeouts.openTimeoutMs)}`)),
        (late) => late.close(() => {}),
      ).then((p) => portLink(p, label, baudRate, timeouts.writeTimeoutMs));
    },
  };
}

function portLink(port: SerialPort, label: string, baudRate: number, writeTimeoutMs: number): PrinterLink {
  let closing = false;
  const closeListeners: ((e: Error | null) => void)[] = [];
  // A write cut short by close() (the write timeout) also surfaces as the stream's 'error': it
  // is reported through that write's rejection, and must not crash the process.
  port.on('error', () => {});
  port.on('close', (e: Error | null) => {
    if (!closing) for (const l of closeListeners) l(e ?? new Error('port closed'));
  });
  return {
    twoWay: true,
    write: (bytes) => {
      const limit = writeTimeoutMs + lineTimeMs(bytes.length, baudRate);
      const sent = new Promise<void>((res, rej) => {
        port.write(Buffer.from(bytes), (e) => {
          if (e) return rej(e);
          port.drain((e2) => (e2 ? rej(e2) : res()));
        });
      });
      // A port whose other end takes nothing (printer off behind an adapter that buffers, a
      // stopped line) never drains: give up, and close the port so the pending write ends too.
      return withTimeout(sent, limit, () => {
        if (port.isOpen) port.close(() => {});
        return new PrinterLinkError(`${label}: the port took no data for ${seconds(limit)} (printer off or stopped)`);
      });
    },
    onData: (l) => port.on('data', l),
    onClose: (l) => closeListeners.push(l),
    close: () =>
      new Promise<void>((res) => {
        closing = true;
        if (!port.isOpen) return res();
        port.close(() => res());
      }),
  };
}
