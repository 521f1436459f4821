/**
 * One print job, and the honest answer to "did the citizen get a ticket?".
 *
 * Before the job the printer is asked for its real-time status (DLE EOT 1, 2, 4): a printer out
 * of paper, with its cover open or offline gets nothing. The job is followed by GS r 1, which a
 * printer answers only once it has processed everything before it, i.e. printed and cut the
 * ticket; while waiting, DLE EOT is asked again so that paper running out mid-ticket is seen at
 * once. Only that answer makes a job "printed". A printer that stays silent, and every one-way
 * transport, gives "unconfirmed"; a printer that refuses or stops gives "failed".
 *
 * Exception to "silent is unknown": a model whose profile says it goes silent when out of paper
 * (quirk 'silentWhenPaperOut', carried by the transport from config.model) gets nothing when it
 * does not answer the status request: that silence is how it says "no paper".
 *
 * Nothing here waits without a bound: the status and completion waits are JobTimings; opening the
 * link and each write are bounded by the transport (LinkTimeouts in transports/link.ts: 3 s to
 * open or connect, 5 s for a write, plus line time on serial; the Windows spooler's 8 s queue wait
 * in transports/windowsSpooler.ts).
 */
import { canStartJob, type PrintResult, type PrinterStatus } from '../../shared/printing.js';
import {
  COMPLETION_QUERY,
  isPaperSensorByte,
  isRealtimeStatusByte,
  parsePaperSensor,
  parseRealtimeStatus,
  REALTIME_STATUS_QUERY,
  statusOf,
  UNKNOWN_STATUS,
  UNREACHABLE_STATUS,
} from './escpos/status.js';
import { PrinterLinkError, withTimeout, type PrinterLink, type Transport } from './transports/link.js';

export interface JobTimings {
  /** how long to wait for the three DLE EOT answers */
  statusTimeoutMs: number;
  /** how long a job may take to come out before it counts as unconfirmed */
  completionTimeoutMs: number;
  /** how often DLE EOT is asked while the job prints */
  pollMs: number;
}

export const DEFAULT_TIMINGS: JobTimings = { statusTimeoutMs: 1000, completionTimeoutMs: 10_000, pollMs: 400 };

/** Collects what the printer says, sorted into DLE EOT answers and GS r answers. */
class Answers {
  private realtime: number[] = [];
  private sensor: number[] = [];
  private wake: (() => void) | null = null;
  lostWith: Error | null = null;

  constructor(private readonly link: PrinterLink) {
    link.onData((chunk) => {
      for (const b of chunk) {
        if (isRealtimeStatusByte(b)) this.realtime.push(b);
        else if (isPaperSensorByte(b)) this.sensor.push(b);
      }
      this.wake?.();
    });
    link.onClose((err) => {
      this.lostWith = err ?? new Error('connection closed');
      this.wake?.();
    });
  }

  private async until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && !this.lostWith) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    return done();
  }

  /** DLE EOT 1, 2, 4; null when the printer does not answer all three in time. */
  async realtimeStatus(timeoutMs: number): Promise<PrinterStatus | null> {
    this.realtime = [];
    await this.link.write(REALTIME_STATUS_QUERY);
    if (!(await this.until(() => this.realtime.length >= 3, timeoutMs))) return null;
    const [a, b, c] = this.realtime as [number, number, number];
    return parseRealtimeStatus(a, b, c);
  }

  /** The GS r 1 answer, if it came within the time. */
  async completion(timeoutMs: number): Promise<number | null> {
    await this.until(() => this.sensor.length > 0, timeoutMs);
    return this.sensor.shift() ?? null;
  }
}

/** A printer that goes silent when out of paper and did not answer: trouble, most likely no paper. */
export const SILENT_PRINTER_STATUS: PrinterStatus = { ...UNREACHABLE_STATUS };
const SILENT_DETAIL = 'the printer did not answer the status request; this model goes silent when out of paper (probably out of paper, or switched off)';

const result = (outcome: PrintResult['outcome'], status: PrinterStatus, detail: string | null, bytes: number): PrintResult => ({ outcome, status, detail, bytes });

export async function printJob(transport: Transport, bytes: Uint8Array, timings: JobTimings = DEFAULT_TIMINGS): Promise<PrintResult> {
  let link: PrinterLink;
  try {
    link = await transport.open();
  } catch (err) {
    return result('failed', UNREACHABLE_STATUS, `not sent: ${(err as Error).message}`, 0);
  }
  const answers = new Answers(link);
  let sent = 0;
  try {
    if (!link.twoWay) {
      await link.write(bytes);
      return result('unconfirmed', UNKNOWN_STATUS, `${transport.label}: a one-way link cannot confirm printing`, bytes.length);
    }
    const asked = await answers.realtimeStatus(timings.statusTimeoutMs);
    if (!asked && transport.silentWhenPaperOut) return result('failed', SILENT_PRINTER_STATUS, `not sent: ${SILENT_DETAIL}`, 0);
    const before = asked ?? UNKNOWN_STATUS;
    if (!canStartJob(before.state)) return result('failed', before, `not sent: printer reports ${before.state}`, 0);

    await link.write(Buffer.concat([bytes, COMPLETION_QUERY]));
    sent = bytes.length;
    const deadline = Date.now() + timings.completionTimeoutMs;
    let last = before;
    while (Date.now() < deadline) {
      const done = await answers.completion(Math.min(timings.pollMs, deadline - Date.now()));
      if (done !== null) {
        const after = (await answers.realtimeStatus(timings.statusTimeoutMs).catch(() => null)) ?? statusOf({ ...parsePaperSensor(done), offline: false, coverOpen: false, error: false });
        return result('printed', after, null, sent);
      }
      if (answers.lostWith) return result('failed', UNREACHABLE_STATUS, `connection lost during the job: ${answers.lostWith.message}`, sent);
      if (before.state !== 'unknown') {
        const now = await answers.realtimeStatus(timings.statusTimeoutMs);
        if (now) {
          last = now;
          // Stopped mid-ticket: the citizen holds half a ticket or none.
          if (!canStartJob(now.state)) return result('failed', now, `stopped during the job: printer reports ${now.state}`, sent);
        } else last = transport.silentWhenPaperOut ? SILENT_PRINTER_STATUS : UNKNOWN_STATUS;
      }
    }
    // Fell silent mid-ticket: with this model that is paper running out; the paper may be half out.
    if (last === SILENT_PRINTER_STATUS) return result('unconfirmed', last, `the printer did not confirm the job and stopped answering: ${SILENT_DETAIL}`, sent);
    return result('unconfirmed', last.state === 'ready' ? UNKNOWN_STATUS : last, 'the printer did not confirm the job', sent);
  } catch (err) {
    // A transport that knows why (write timed out, spooler held the job) says so, with the state.
    // (A one-way link's message says itself how much went: "took 4096 of 9000 bytes".)
    if (err instanceof PrinterLinkError) return result('failed', err.status, !link.twoWay ? err.message : sent ? `stopped during the job: ${err.message}` : `not sent: ${err.message}`, sent);
    return result('failed', answers.lostWith ? UNREACHABLE_STATUS : UNKNOWN_STATUS, `connection lost during the job: ${(err as Error).message}`, sent);
  } finally {
    await closeBounded(link);
  }
}

/** Closing may wait on the device too (a pending write on Windows): the job's answer does not. */
const closeBounded = (link: PrinterLink) => withTimeout(link.close(), 1000, () => new Error('close timed out')).catch(() => {});

/** The printer's status now, without printing: for the kiosk's idle screen and the admin. */
export async function checkStatus(transport: Transport, timings: Pick<JobTimings, 'statusTimeoutMs'> = DEFAULT_TIMINGS): Promise<PrinterStatus> {
  let link: PrinterLink;
  try {
    link = await transport.open();
  } catch {
    return UNREACHABLE_STATUS;
  }
  try {
    if (!link.twoWay) return UNKNOWN_STATUS;
    return (await new Answers(link).realtimeStatus(timings.statusTimeoutMs)) ?? (transport.silentWhenPaperOut ? SILENT_PRINTER_STATUS : UNKNOWN_STATUS);
  } catch (err) {
    return err instanceof PrinterLinkError ? err.status : UNREACHABLE_STATUS;
  } finally {
    await closeBounded(link);
  }
}
