/**
 * The contract between the renderer (through the preload bridge) and Electron's main process:
 * channel names in one place, each with the zod schema of its argument. Main validates every
 * call against it before acting.
 */
import { z } from 'zod';

export const IPC = {
  appVersion: { channel: 'antre:app-version', args: z.tuple([]) },
} as const;

export type IpcName = keyof typeof IPC;

/** What the preload exposes as `window.antre`. */
export interface AntreBridge {
  appVersion(): Promise<string>;
}
