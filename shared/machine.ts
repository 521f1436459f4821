/**
 * What one machine of the MPP is, set once in the first-run wizard of the Antre app: which roles it
 * plays (hub, kiosk, counter, display: any mix), where its hub is, the device token each role got
 * at pairing, which monitor the display and the kiosk use, and the admin PIN that leaves the kiosk
 * and changes these settings later.
 */
import { z } from 'zod';
import { PrinterConfig } from './printing.js';

export const MACHINE_ROLES = ['hub', 'kiosk', 'counter', 'display'] as const;
export type MachineRole = (typeof MACHINE_ROLES)[number];

const Pairing = z.strictObject({
  deviceId: z.number().int().positive(),
  token: z.string().min(20).max(200),
  counterId: z.number().int().positive().nullable(),
});

export const MachineSetup = z
  .strictObject({
    roles: z
      .array(z.enum(MACHINE_ROLES))
      .min(1)
      .refine((r) => new Set(r).size === r.length, { message: 'each role once' }),
    /** the hub's address for a machine without the hub role: http://192.168.1.10:7800 */
    hubUrl: z.string().url().regex(/^https?:\/\//).nullable(),
    /** the port of the hub this machine runs */
    hubPort: z.number().int().min(1024).max(65535),
    /**
     * the SHA-256 fingerprint of the hub's certificate, pinned at pairing: the app talks to no
     * other certificate at hubUrl (electron/main/hubPinning.ts). Absent: a plain http:// hub.
     */
    hubFingerprint: z
      .string()
      .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
      .nullable()
      .optional(),
    /** the device token of each screen role, from pairing */
    pairings: z.partialRecord(z.enum(['kiosk', 'counter', 'display']), Pairing),
    /** Electron's display id of the monitor for each window; null: let Antre choose */
    kioskMonitor: z.number().int().nullable(),
    displayMonitor: z.number().int().nullable(),
    /** the hall display's scope, e.g. "zone=Lantai 2" */
    displayQuery: z.string().max(200).regex(/^[A-Za-z0-9=&,%. _-]*$/),
    /** scrypt hash of the admin PIN that leaves the kiosk and opens the settings */
    adminPinHash: z.string().min(20).max(300),
    startAtLogin: z.boolean(),
    /** the kiosk's own printer (USB, serial, LAN), driven by this machine's main process; absent: the hub prints */
    printer: PrinterConfig.optional(),
  })
  .refine((s) => s.roles.includes('hub') || s.hubUrl !== null, { message: 'a machine without the hub needs the hub’s address', path: ['hubUrl'] });
export type MachineSetup = z.infer<typeof MachineSetup>;

/** The wizard's answers before the PIN is hashed. */
export const SetupAnswers = z.strictObject({
  roles: z.array(z.enum(MACHINE_ROLES)).min(1),
  hubUrl: z.string().url().nullable(),
  /** the fingerprint the person compared with the admin screen; absent: trust on first use */
  hubFingerprint: z.string().max(200).nullable().optional(),
  pairingCodes: z.partialRecord(z.enum(['kiosk', 'counter', 'display']), z.string().regex(/^\d{6}$/)),
  kioskMonitor: z.number().int().nullable(),
  displayMonitor: z.number().int().nullable(),
  displayQuery: z.string().max(200),
  adminPin: z.string().regex(/^\d{6,12}$/),
  startAtLogin: z.boolean(),
});
export type SetupAnswers = z.infer<typeof SetupAnswers>;

export interface Monitor {
  id: number;
  label: string;
  bounds: { x: number; y: number; width: number; height: number };
  primary: boolean;
  touch: boolean;
}
