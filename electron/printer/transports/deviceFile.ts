/**
 * A printer seen as a file: /dev/usb/lp0 on Linux (the usblp driver), or a shared printer path.
 * One-way: what was written cannot be confirmed.
 *
 * Opened non-blocking where the OS has it (Linux, macOS): a printer that is off or out of paper
 * makes a blocking write to /dev/usb/lp0 wait for ever, and each such write would hold one of
 * Node's four file-system threads until the app restarts. Non-blocking, the write says EAGAIN
 * and is tried again until `writeTimeoutMs`, so the job fails in bounded time and holds nothing.
 * (Windows has no O_NONBLOCK for COM/LPT names: there the wait is bounded, the thread is not.)
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { linkTimeouts, PrinterLinkError, PrinterUnreachable, seconds, withTimeout, type LinkTimeouts, type PrinterLink, type Transport } from './link.js';

const RETRY_MS = 20;

export function deviceFileTransport(path: string, opts: Partial<LinkTimeouts> = {}): Transport {
  const label = `file ${path}`;
  const timeouts = linkTimeouts(opts);
  return {
    label,
    open: async () => {
      // Read-write rather than write-only: never create a regular file where a missing printer
      // should be (no O_CREAT), and a FIFO opened so does not wait for a reader.
      const flags = constants.O_RDWR | (constants.O_NONBLOCK ?? 0);
      const opening = open(path, flags).catch((err: unknown) => {
        throw new PrinterUnreachable(label, err);
      });
      const handle = await withTimeout(
        opening,
        timeouts.openTimeoutMs,
        () => new PrinterUnreachable(label, new Error(`the device did not open within ${seconds(timeouts.openTimeoutMs)}`)),
        (late) => void late.close().catch(() => {}),
      );
      const closeListeners: ((e: Error | null) => void)[] = [];
      const link: PrinterLink = {
        twoWay: false,
        write: async (bytes) => {
          try {
            await writeAll(handle, bytes, label, timeouts.writeTimeoutMs);
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

/**
 * Every byte, in as many writes as the device takes, or a PrinterLinkError once the printer has
 * taken nothing for `idleMs`. Counted from the last progress, not from the start: a printer with a
 * small buffer takes a long raster ticket only as fast as it prints, and failing that job while it
 * is still coming out would get the citizen a second ticket on the retry.
 */
async function writeAll(handle: FileHandle, bytes: Uint8Array, label: string, idleMs: number): Promise<void> {
  let deadline = Date.now() + idleMs;
  let done = 0;
  while (done < bytes.length) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    try {
      // Bounded even where the write blocks (Windows): the wait ends, though the thread does not.
      const n = await withTimeout(handle.write(bytes, done, bytes.length - done, null).then((r) => r.bytesWritten), left, () => new TimedOut());
      if (n > 0) deadline = Date.now() + idleMs;
      done += n;
    } catch (err) {
      if (err instanceof TimedOut) break;
      const code = (err as NodeJS.ErrnoException).code;
      // EAGAIN: the printer's buffer is full (printing, stopped, out of paper): ask again shortly.
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw err;
      await new Promise((r) => setTimeout(r, Math.min(RETRY_MS, Math.max(1, deadline - Date.now()))));
    }
  }
  if (done < bytes.length) {
    throw new PrinterLinkError(`${label}: the printer took ${done} of ${bytes.length} bytes, then nothing for ${seconds(idleMs)} (off, out of paper or stopped)`);
  }
}

class TimedOut extends Error {}
