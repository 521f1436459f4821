/** A printer on a serial port (COM3, /dev/ttyUSB0, a USB-serial adapter): two-way. */
import { SerialPort } from 'serialport';
import { PrinterUnreachable, type PrinterLink, type Transport } from './link.js';

export function serialTransport(path: string, baudRate: number): Transport {
  const label = `serial ${path} ${baudRate}`;
  return {
    label,
    open: () =>
      new Promise<PrinterLink>((resolve, reject) => {
        // RTS/CTS is how these printers say "buffer full"; without it a long job overruns them.
        const port = new SerialPort({ path, baudRate, rtscts: false, autoOpen: false });
        port.open((err) => {
          if (err) return reject(new PrinterUnreachable(label, err));
          let closing = false;
          const closeListeners: ((e: Error | null) => void)[] = [];
          port.on('close', (e: Error | null) => {
            if (!closing) for (const l of closeListeners) l(e ?? new Error('port closed'));
          });
          resolve({
            twoWay: true,
            write: (bytes) =>
              new Promise((res, rej) => {
                port.write(Buffer.from(bytes), (e) => {
                  if (e) return rej(e);
                  port.drain((e2) => (e2 ? rej(e2) : res()));
                });
              }),
            onData: (l) => port.on('data', l),
            onClose: (l) => closeListeners.push(l),
            close: () =>
              new Promise<void>((res) => {
                closing = true;
                if (!port.isOpen) return res();
                port.close(() => res());
              }),
          });
        });
      }),
  };
}
