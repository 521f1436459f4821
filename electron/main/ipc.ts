/**
 * IPC handlers. Every call is checked twice before it runs: it must come from a frame of the app's
 * own origin (a page that navigated elsewhere, or an iframe, gets nothing), and its arguments must
 * match the contract in shared/ipc.ts. `ipcMain` is passed in, so the checks are tested without
 * Electron.
 */
import { IPC, type IpcHandlers, type IpcName } from '../../shared/ipc.js';

interface InvokeEvent {
  senderFrame?: { url: string } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
}

export class IpcRefused extends Error {}

export function fromTrustedFrame(event: InvokeEvent, allowedOrigins: readonly string[]): boolean {
  const url = event.senderFrame?.url;
  if (!url) return false;
  try {
    const u = new URL(url);
    // app:// URLs have the origin "null" in Node's URL; compare scheme and host instead.
    return allowedOrigins.includes(`${u.protocol}//${u.host}`);
  } catch {
    return false;
  }
}

export function registerIpc(ipcMain: IpcMainLike, allowedOrigins: readonly string[], handlers: IpcHandlers): void {
  for (const name of Object.keys(IPC) as IpcName[]) {
    const contract = IPC[name];
    ipcMain.handle(contract.channel, (event, ...args) => {
      if (!fromTrustedFrame(event, allowedOrigins)) throw new IpcRefused(`${name}: not from the app's own pages`);
      const parsed = contract.args.safeParse(args);
      if (!parsed.success) throw new IpcRefused(`${name}: bad arguments`);
      return (handlers[name] as (...a: unknown[]) => unknown)(...(parsed.data as unknown[]));
    });
  }
}
