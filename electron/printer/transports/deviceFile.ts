/**
 * A printer seen as a file: /dev/usb/lp0 on Linux (the usblp driver), or a shared printer path.
 * One-way: what was written cannot be confirmed.
 */
import { open } from 'node:fs/promises';
import { PrinterUnreachable, type PrinterLink, type Transport } from './link.js';

export function deviceFileTransport(path: string): Transport {
  const label = `file ${path}`;
  return {
    label,
    open: async () => {
      // 'r+' rather than 'w': never create a regular file where a missing printer should be.
      const handle = await open(path, 'r+').catch((err: unknown) => {
        throw new PrinterUnreachable(label, err);
      });
      const closeListeners: ((e: Error | null) => void)[] = [];
      const link: PrinterLink = {
        twoWay: false,
        write: async (bytes) => {
          try {
            await handle.write(bytes);
          } catch (err) {
            for (const l of closeListeners) l(err as Error);
            throw err;
          }
        },
        onData: () => {},
        onClose: (l) => closeListeners.push(l),
        close: () => handle.close(),
      };
      return link;
    },
  };
}
