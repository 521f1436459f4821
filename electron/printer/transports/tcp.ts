/** A LAN printer on raw TCP (port 9100, "JetDirect"): two-way. One connection per job, because
 * most printers accept a single client at a time and a held connection would lock out the others. */
import { Socket } from 'node:net';
import { linkTimeouts, PrinterLinkError, PrinterUnreachable, seconds, type LinkTimeouts, type PrinterLink, type Transport } from './link.js';

export function tcpTransport(address: string, opts: Partial<LinkTimeouts> & { /** older name of openTimeoutMs */ connectTimeoutMs?: number } = {}): Transport {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(address.trim());
  const host = (m?.[1] ?? address).replace(/^\[|\]$/g, '');
  const port = m?.[2] ? Number(m[2]) : 9100;
  const label = `tcp ${host}:${port}`;
  const timeouts = linkTimeouts({ ...opts, openTimeoutMs: opts.openTimeoutMs ?? opts.connectTimeoutMs });
  return {
    label,
    open: () =>
      new Promise<PrinterLink>((resolve, reject) => {
        const socket = new Socket();
        // A printer that is off does not refuse: the connect hangs ~40 s (SYN retries) unless cut.
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new PrinterUnreachable(label, new Error(`connection timed out after ${seconds(timeouts.openTimeoutMs)}`)));
        }, timeouts.openTimeoutMs);
        socket.once('error', (err) => {
          clearTimeout(timer);
          reject(new PrinterUnreachable(label, err));
        });
        socket.connect(port, host, () => {
          clearTimeout(timer);
          socket.removeAllListeners('error');
          socket.setNoDelay(true);
          resolve(socketLink(socket, label, timeouts.writeTimeoutMs));
        });
      }),
  };
}

function socketLink(socket: Socket, label: string, writeTimeoutMs: number): PrinterLink {
  let closed = false;
  const closeListeners: ((e: Error | null) => void)[] = [];
  let lastError: Error | null = null;
  socket.on('error', (err) => (lastError = err));
  socket.on('close', () => {
    closed = true;
    for (const l of closeListeners) l(lastError ?? new Error('connection closed by the printer'));
  });
  return {
    twoWay: true,
    write: (bytes) =>
      new Promise((resolve, reject) => {
        if (closed) return reject(lastError ?? new Error('connection closed'));
        // A printer that accepted the connection but takes no data (stopped, its buffer full)
        // leaves the write pending for ever: cut the connection and say why.
        const timer = setTimeout(() => {
          const err = new PrinterLinkError(`${label}: the printer took no data for ${seconds(writeTimeoutMs)} (stopped or hung)`);
          lastError = err;
          socket.destroy();
          reject(err);
        }, writeTimeoutMs);
        socket.write(bytes, (err) => {
          clearTimeout(timer);
          if (err) reject(err);
          else resolve();
        });
      }),
    onData: (l) => socket.on('data', l),
    onClose: (l) => closeListeners.push(l),
    close: async () => {
      if (closed) return;
      closeListeners.length = 0;
      await new Promise<void>((resolve) => {
        socket.end(() => resolve());
        setTimeout(resolve, 500).unref();
      });
      socket.destroy();
    },
  };
}
