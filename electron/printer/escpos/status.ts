/**
 * The printer's own words about itself: DLE EOT 1, 2 and 4 (real-time status, answered at once
 * even while the printer is stopped) and GS r 1 (answered in turn, after every byte sent before it
 * has been processed: that is the completion check).
 */
import type { PrinterState, PrinterStatus } from '../../../shared/printing.js';

/** DLE EOT 1, DLE EOT 2, DLE EOT 4: printer, offline cause, roll paper sensor. */
export const REALTIME_STATUS_QUERY = Uint8Array.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
/** GS r 1: paper sensor status, sent after a job. */
export const COMPLETION_QUERY = Uint8Array.from([0x1d, 0x72, 0x01]);

/** A DLE EOT answer: bits 1 and 4 set, bits 0 and 7 clear. */
export function isRealtimeStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/** A GS r answer: bits 4 and 7 clear (which tells it apart from a DLE EOT answer). */
export function isPaperSensorByte(b: number): boolean {
  return (b & 0x90) === 0x00;
}

/** The three DLE EOT answers, in the order of REALTIME_STATUS_QUERY. */
export function parseRealtimeStatus(printer: number, offlineCause: number, paperSensor: number): PrinterStatus {
  const offline = (printer & 0x08) !== 0;
  const coverOpen = (offlineCause & 0x04) !== 0;
  const paperEnd = (offlineCause & 0x20) !== 0 || (paperSensor & 0x60) !== 0;
  const paperNearEnd = (paperSensor & 0x0c) !== 0;
  const error = (offlineCause & 0x40) !== 0;
  return statusOf({ offline, coverOpen, paperEnd, paperNearEnd, error });
}

/** A GS r 1 answer: the paper sensor alone. */
export function parsePaperSensor(b: number): { paperNearEnd: boolean; paperEnd: boolean } {
  return { paperNearEnd: (b & 0x03) !== 0, paperEnd: (b & 0x0c) !== 0 };
}

export function statusOf(flags: Omit<PrinterStatus, 'state'>): PrinterStatus {
  let state: PrinterState = 'ready';
  if (flags.coverOpen) state = 'cover_open';
  else if (flags.paperEnd) state = 'paper_end';
  else if (flags.error) state = 'error';
  else if (flags.offline) state = 'offline';
  else if (flags.paperNearEnd) state = 'paper_near_end';
  return { state, ...flags };
}

const NO_FLAGS = { paperNearEnd: false, paperEnd: false, coverOpen: false, offline: false, error: false };
/** A printer that did not answer (or a one-way transport that cannot ask). */
export const UNKNOWN_STATUS: PrinterStatus = { state: 'unknown', ...NO_FLAGS };
/** A printer that cannot be reached at all (connection refused, port missing). */
export const UNREACHABLE_STATUS: PrinterStatus = { state: 'offline', ...NO_FLAGS, offline: true };
export const READY_STATUS: PrinterStatus = { state: 'ready', ...NO_FLAGS };
