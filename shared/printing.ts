/**
 * Printing as the hub, the kiosk and the admin screens see it: a kiosk's printer settings, the
 * printer's status and the outcome of one print job. The bytes and transports live in
 * electron/printer; this file only describes them.
 */
import { PRINTER_CUTS, PRINTER_MODELS } from './printerProfiles.js';
import { z } from 'zod';
import { Ticket } from './ticket.js';

/**
 * How the bytes reach the printer.
 * - tcp: a LAN printer on raw port 9100 (two-way: status and completion are checked)
 * - serial: a COM port / tty through serialport (two-way)
 * - file: a device file such as /dev/usb/lp0 (one-way)
 * - windows: a printer installed in Windows, fed through the spooler in RAW mode (one-way)
 * - os: HTML printing through the OS driver, inside Electron only (one-way, last resort)
 * - virtual: writes each job into a folder (demo and tests); reports ready
 */
export const PRINTER_TRANSPORTS = ['tcp', 'serial', 'file', 'windows', 'os', 'virtual'] as const;
export type PrinterTransport = (typeof PRINTER_TRANSPORTS)[number];

/** Code pages every printer of the field has; tickets are folded to ASCII anyway. */
export const PRINTER_CODE_PAGES = ['PC437', 'PC850', 'PC858'] as const;

export const PrinterConfig = z
  .strictObject({
    transport: z.enum(PRINTER_TRANSPORTS),
    /** tcp: "host" or "host:port"; serial: "COM3" or "/dev/ttyUSB0"; file: a path; windows/os: the
     * printer's name; virtual: a folder name under the hub's data directory */
    address: z.string().trim().min(1).max(200),
    baudRate: z.number().int().min(1200).max(115200).default(9600),
    paperWidth: z.union([z.literal(80), z.literal(58)]).default(80),
    codePage: z.enum(PRINTER_CODE_PAGES).default('PC437'),
    /** native = GS ( k; raster = the QR drawn as an image, for printers without GS ( k */
    qrMode: z.enum(['native', 'raster', 'none']).default('native'),
    // Added in wave 2 (issue 21): defaults, so printers set up before still read.
    /** full or partial cut, or none (a printer without a cutter: the ticket is fed past the tear bar) */
    cut: z.enum(PRINTER_CUTS).default('full'),
    /** the model profile the admin picked (shared/printerProfiles.ts); the fields above are what counts */
    model: z.enum(PRINTER_MODELS).optional(),
  })
  .refine((c) => c.transport !== 'virtual' || /^[A-Za-z0-9_-]{1,60}$/.test(c.address), {
    message: 'a virtual printer is a plain folder name',
    path: ['address'],
  });
export type PrinterConfig = z.infer<typeof PrinterConfig>;
export type PrinterConfigInput = z.input<typeof PrinterConfig>;

// ---- printer addresses ---------------------------------------------------------------------
// An address is only ever what its transport can reach: a supervisor who types the database's path
// as a `file` printer must be refused, not handed a way to overwrite it. These are the names'
// shapes, for every platform (the admin's browser does not know the hub's); the hub also checks
// that a device file is a character device, and on which platform (electron/printer/transports/open.ts).

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOST_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// Loose on purpose: the connect itself rejects a malformed IPv6; this only keeps junk and paths out.
const IPV6 = /^[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9_.-]{1,20})?$/;

function isHost(host: string): boolean {
  if (IPV4.test(host)) return true;
  if (host.length > 253) return false;
  const labels = host.split('.');
  // all digits is an IPv4 address gone wrong (300.1.1.1), not a name
  if (labels.every((l) => /^\d+$/.test(l))) return false;
  return labels.every((l) => HOST_LABEL.test(l));
}

/** "host:port", "192.168.1.50:9100" or "[fe80::1]:9100" → its parts; null for anything else. */
export function parseTcpAddress(address: string, opts: { portRequired: boolean }): { host: string; port: number } | null {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(address);
  if (!m) return null;
  const host = m[1] ?? m[2]!;
  if (m[1] !== undefined ? !(IPV6.test(host) && host.includes(':')) : !isHost(host)) return null;
  if (m[3] === undefined) return opts.portRequired ? null : { host, port: 9100 };
  const port = Number(m[3]);
  return port >= 1 && port <= 65535 ? { host, port } : null;
}

/** A path under /dev whose every part is a plain name (no "..", no spaces, no tricks). */
const UNIX_DEVICE = /^\/dev(\/[A-Za-z0-9_][A-Za-z0-9_.:+-]{0,63}){1,4}$/;
/** World-writable places inside /dev: anyone could put a file or a link to one there. */
const UNIX_NOT_DEVICES = /^\/dev\/(shm|mqueue|fd|stdin|stdout|stderr)(\/|$)/;
/** COM1-COM9 and LPT1-LPT9 are device names wherever they appear; others need \\.\ in front. */
const WINDOWS_DEVICE = /^(?:(?:COM|LPT)[1-9]|\\\\\.\\(?:COM|LPT)[1-9]\d{0,2})$/i;
const WINDOWS_SERIAL = /^(?:COM[1-9]\d{0,2}|\\\\\.\\COM[1-9]\d{0,2})$/i;
// pts/N: a virtual serial port (socat, ser2net and the like hand one out) is a pseudo-terminal.
const UNIX_SERIAL = /^\/dev\/(tty[A-Za-z0-9._-]{1,30}|cu\.[A-Za-z0-9._-]{1,60}|rfcomm\d{1,3}|pts\/\d{1,4}|serial\/by-(id|path)\/[A-Za-z0-9_.:+-]{1,120})$/;

/** A device file name this platform family uses for a printer (the hub adds the stat check). */
export function isDeviceFileName(path: string, platform: 'unix' | 'windows'): boolean {
  return platform === 'windows' ? WINDOWS_DEVICE.test(path) : UNIX_DEVICE.test(path) && !UNIX_NOT_DEVICES.test(path);
}

export function isSerialPortName(path: string, platform: 'unix' | 'windows'): boolean {
  return platform === 'windows' ? WINDOWS_SERIAL.test(path) : UNIX_SERIAL.test(path);
}

/** Why an address cannot be one of its transport's (the shape only); null when it can. */
export type PrinterAddressProblem = 'PRINTER_ADDRESS_INVALID' | 'PRINTER_NOT_A_DEVICE';

export function printerAddressProblem(transport: PrinterTransport, address: string, opts: { portRequired: boolean } = { portRequired: true }): PrinterAddressProblem | null {
  switch (transport) {
    case 'tcp':
      return parseTcpAddress(address, opts) ? null : 'PRINTER_ADDRESS_INVALID';
    case 'serial':
      return isSerialPortName(address, 'unix') || isSerialPortName(address, 'windows') ? null : 'PRINTER_ADDRESS_INVALID';
    case 'file':
      return isDeviceFileName(address, 'unix') || isDeviceFileName(address, 'windows') ? null : 'PRINTER_NOT_A_DEVICE';
    case 'virtual':
      return /^[A-Za-z0-9_-]{1,60}$/.test(address) ? null : 'PRINTER_ADDRESS_INVALID';
    case 'windows':
    case 'os':
      // a printer's name as Windows or the OS lists it (shared "\\server\name" included): any
      // printable text, no control characters
      return /^[^\p{Cc}]{1,200}$/u.test(address) ? null : 'PRINTER_ADDRESS_INVALID';
  }
}

/**
 * The printer's state, worst first. `unknown` is what a printer that does not answer gets (and
 * every one-way transport): never "ready".
 */
export const PRINTER_STATES = ['offline', 'cover_open', 'paper_end', 'error', 'unknown', 'paper_near_end', 'ready'] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

export const PrinterStatus = z.strictObject({
  state: z.enum(PRINTER_STATES),
  paperNearEnd: z.boolean(),
  paperEnd: z.boolean(),
  coverOpen: z.boolean(),
  offline: z.boolean(),
  error: z.boolean(),
});
export type PrinterStatus = z.infer<typeof PrinterStatus>;

/** States in which a job may start. `unknown` may start too, but cannot end as "printed". */
export function canStartJob(state: PrinterState): boolean {
  return state === 'ready' || state === 'paper_near_end' || state === 'unknown';
}

export const PRINTER_STATE_LABELS: Record<PrinterState, { id: string; en: string }> = {
  ready: { id: 'Printer siap', en: 'Printer ready' },
  paper_near_end: { id: 'Kertas hampir habis', en: 'Paper nearly out' },
  paper_end: { id: 'Kertas habis', en: 'Out of paper' },
  cover_open: { id: 'Penutup printer terbuka', en: 'Printer cover open' },
  offline: { id: 'Printer tidak tersambung', en: 'Printer offline' },
  error: { id: 'Printer bermasalah', en: 'Printer error' },
  unknown: { id: 'Status printer tidak diketahui', en: 'Printer status unknown' },
};

/**
 * What became of one job.
 * - printed: the printer confirmed it processed the whole ticket, up to the cut
 * - unconfirmed: the bytes were handed over but no printer said so (one-way transport, or silent)
 * - failed: the printer refused before the job or stopped during it; the citizen has no ticket
 */
export const PRINT_OUTCOMES = ['printed', 'unconfirmed', 'failed'] as const;
export type PrintOutcome = (typeof PRINT_OUTCOMES)[number];

export const PrintResult = z.strictObject({
  outcome: z.enum(PRINT_OUTCOMES),
  status: PrinterStatus,
  /** why it failed or could not be confirmed, for the log and the admin */
  detail: z.string().max(300).nullable(),
  bytes: z.number().int().min(0),
});
export type PrintResult = z.infer<typeof PrintResult>;

/** What goes on a ticket, as the kiosk hands it to its own printer (through Electron's main). */
export const TicketPrint = z.strictObject({
  site: z.strictObject({
    name: z.string().max(120),
    address: z.string().max(300),
    ticketHeader: z.string().max(300),
    ticketFooter: z.string().max(300),
    timeZone: z.string().min(1).max(60),
  }),
  agencyName: z.string().max(200),
  serviceName: z.string().max(200),
  /** where the service is served ("Lantai 2 - Zona B") */
  place: z.string().max(200).nullable().optional(),
  number: z.string().min(1).max(12),
  issuedAt: z.number().int().nonnegative(),
  peopleAhead: z.number().int().min(0),
  estimatedWaitMinutes: z.number().int().min(0),
  priorityGroupName: z.string().max(60).nullable(),
  qrPayload: z.string().max(200).nullable(),
  reprint: z.boolean().optional(),
  /** the language of the fixed labels (the citizen's choice at the kiosk) */
  lang: z.enum(['id', 'en']).optional(),
  /** invite the citizen to rate the service (site setting) */
  surveyInvitation: z.boolean().optional(),
  /** no open counter serves the service right now: no estimate on the paper */
  noOpenCounter: z.boolean().optional(),
  /** the site's word for a counter ("Gerai", "Loket") */
  counterWord: z.string().max(40).optional(),
  /** what to bring (the service's standar pelayanan), when the site prints it (kiosk.printRequirements) */
  requirements: z.array(z.string().max(200)).max(30).optional(),
  /** the booking's slot, for a booked citizen's ticket */
  bookingSlot: z.object({ start: z.string().max(5), end: z.string().max(5) }).nullable().optional(),
});
export type TicketPrint = z.infer<typeof TicketPrint>;

// ---- answers of the printing endpoints -----------------------------------------------------

/** POST /api/tickets/:id/print, …/print-result, …/reprint: the job's outcome and the ticket after it. */
export const PrintReply = z.object({
  result: PrintResult,
  ticket: Ticket,
  /** the ticket was cancelled because it could not be printed (site setting) */
  voided: z.boolean(),
});
export type PrintReply = z.infer<typeof PrintReply>;

/** GET /api/printer: a kiosk's own printer as the hub knows it. */
export const KioskPrinterResponse = z.object({
  /** the hub prints for this kiosk (LAN, virtual or hub-attached printer) */
  drivenByHub: z.boolean(),
  config: PrinterConfig.nullable(),
  status: PrinterStatus.nullable(),
  /** the status in words, both languages */
  label: z.object({ id: z.string(), en: z.string() }).nullable(),
});
export type KioskPrinterResponse = z.infer<typeof KioskPrinterResponse>;

/** One kiosk's printer in the admin's list (deviceId null: the hub's own local kiosk). */
export const PrinterInfo = z.object({
  deviceId: z.number().int().positive().nullable(),
  deviceName: z.string(),
  config: PrinterConfig.nullable(),
  status: PrinterStatus.nullable(),
  checkedAt: z.number().nullable(),
  // Added in wave 2 (issue 21).
  /**
   * the kiosk prints on a printer of its own, set up in the kiosk app (no settings at the hub, a
   * status it reported itself): the admin sees it but cannot change or test it from the hub
   */
  ownPrinter: z.boolean(),
});
export type PrinterInfo = z.infer<typeof PrinterInfo>;
export const PrinterList = z.array(PrinterInfo);

/** PUT /api/admin/printers/:device: the settings kept and the status read at once (null for OS printing). */
export const PrinterSetupResponse = z.object({ config: PrinterConfig.nullable(), status: PrinterStatus.nullable() });
export type PrinterSetupResponse = z.infer<typeof PrinterSetupResponse>;
