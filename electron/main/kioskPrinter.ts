/**
 * The kiosk's own printer, driven by this machine (a USB printer through the Windows spooler or
 * a device file, a serial port, a LAN printer this kiosk alone uses): plain Node, no Electron, so
 * it is tested under Node with a real hub and the fake printer. Main gives it the hub (as the
 * kiosk's device), the printer of the machine's set-up, and a journal folder.
 *
 * The page names a ticket, nothing else. The print data comes from the hub, which gives it only
 * to the kiosk that issued the ticket, only while it is open and unprinted
 * (GET /api/tickets/:id/print-data); the outcome goes back in POST /api/tickets/:id/print-result,
 * retried with backoff until the hub answers.
 *
 * Exactly one paper per ticket: a journal file per ticket is written (and fsynced) before the
 * printer gets a byte ('printing') and after the job ('printed', with its result), and removed
 * once the hub acknowledged the report. A ticket whose journal has an entry is never printed
 * again: after a crash, `resume()` re-sends the report of what printed, and reports a job cut
 * short mid-print ('printing') as unconfirmed — an officer reprints if no paper came out.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PrintResult, TicketPrint, type PrinterConfig, type PrinterStatus } from '../../shared/printing.js';
import { UNKNOWN_STATUS } from '../printer/escpos/status.js';
import { testTicketData, ticketBytes, type TicketLang } from '../printer/layout/ticketLayout.js';
import { checkStatus, DEFAULT_TIMINGS, printJob, type JobTimings } from '../printer/printJob.js';
import { openTransport, type TransportContext } from '../printer/transports/open.js';

/** One request to the hub as this kiosk's device; throws when the hub cannot be reached. */
export type HubCall = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<{ status: number; json: unknown }>;

export interface KioskPrinterDeps {
  hub: HubCall;
  /** the printer of this machine's set-up; null: the hub prints for this kiosk */
  printer: () => PrinterConfig | null;
  transports: TransportContext;
  /** one file per ticket between the first byte to the printer and the hub's acknowledgement */
  journalDir: string;
  /** the OS-driver transport, which only main can drive (a hidden window); absent: refused */
  printOs?: (bytes: Buffer, config: PrinterConfig) => Promise<PrintResult>;
  timings?: JobTimings;
  /** the report's retry delays: doubling from firstMs up to maxMs */
  retry?: { firstMs: number; maxMs: number };
  /**
   * how often the printer's status is read and sent to the hub (POST /api/printer/status), so the
   * kiosk page and the admin know of paper out before a citizen taps: a change is sent at once,
   * an unchanged status every `resendMs` (a hub restored or restarted learns it again)
   */
  statusWatch?: { everyMs: number; resendMs: number };
  log?: (line: string) => void;
}

type JournalEntry = { ticketId: number; state: 'printing'; at: number } | { ticketId: number; state: 'printed'; at: number; result: PrintResult };

const failed = (detail: string): PrintResult => ({ outcome: 'failed', status: UNKNOWN_STATUS, detail, bytes: 0 });
const NO_PRINTER = 'this machine has no printer in its set-up';

export class KioskPrinter {
  private readonly inFlight = new Map<number, Promise<PrintResult>>();
  private readonly reports = new Map<number, Promise<void>>();
  /** the reports waiting to be retried: stop() wakes them to end */
  private readonly sleepers = new Set<() => void>();
  private stopped = false;
  private readonly retry: { firstMs: number; maxMs: number };
  /**
   * One use of the printer at a time (a ticket, a status read, a test): most printers take one
   * client at a time, and a status read in the middle of a ticket's bytes would garble both.
   */
  private printerBusy: Promise<unknown> = Promise.resolve();
  private watchTimer: ReturnType<typeof setTimeout> | null = null;
  /** the last status the hub acknowledged, and when */
  private sentStatus: { json: string; at: number } | null = null;

  constructor(private readonly deps: KioskPrinterDeps) {
    this.retry = deps.retry ?? { firstMs: 1000, maxMs: 30_000 };
    mkdirSync(deps.journalDir, { recursive: true });
  }

  /** Prints a ticket this kiosk issued, once; the outcome is reported to the hub in the background. */
  print(ticketId: number, lang: TicketLang = 'id'): Promise<PrintResult> {
    const running = this.inFlight.get(ticketId);
    if (running) return running;
    const job = this.printOnce(ticketId, lang).finally(() => this.inFlight.delete(ticketId));
    this.inFlight.set(ticketId, job);
    return job;
  }

  private async printOnce(ticketId: number, lang: TicketLang): Promise<PrintResult> {
    const config = this.deps.printer();
    if (!config) return failed(NO_PRINTER);
    // Already in the journal: it went to the printer before. Never again; make sure the hub knows.
    const known = this.readEntry(ticketId);
    if (known) {
      const result = known.state === 'printed' ? known.result : interrupted();
      this.report(ticketId, result);
      return result;
    }
    let data: TicketPrint;
    try {
      const r = await this.deps.hub('GET', `/api/tickets/${ticketId}/print-data?lang=${lang}`);
      if (r.status !== 200) return failed(`the hub refused the print data: ${hubErrorText(r.json) ?? r.status}`);
      data = TicketPrint.parse(r.json);
    } catch (err) {
      return failed(`the hub could not be reached: ${message(err)}`);
    }
    const bytes = await ticketBytes(data, config);
    const result = await this.exclusive(async () => {
      this.writeEntry({ ticketId, state: 'printing', at: Date.now() });
      let done: PrintResult;
      try {
        done = await this.send(bytes, config);
      } catch (err) {
        // Whether anything came out is unknown: never printed again, reported as unconfirmed.
        done = { outcome: 'unconfirmed', status: UNKNOWN_STATUS, detail: `the print job broke off: ${message(err)}`, bytes: bytes.length };
      }
      this.writeEntry({ ticketId, state: 'printed', at: Date.now(), result: done });
      return done;
    });
    this.report(ticketId, result);
    // What the job learnt of the printer (paper near its end, out) reaches the hub now, not at the next read.
    if (config.transport !== 'os') void this.sendStatus(result.status);
    return result;
  }

  /**
   * A test ticket on this machine's printer, from the set-up screen: no hub needed (a kiosk is set
   * up before it is paired), nothing journalled or reported. The status read back says whether the
   * paper came out and what the printer reports.
   */
  async testPrint(siteName = 'Antre'): Promise<PrintResult> {
    const config = this.deps.printer();
    if (!config) return failed(NO_PRINTER);
    const bytes = await ticketBytes(testTicketData({ name: siteName, address: '', ticketHeader: '', ticketFooter: '', timeZone: 'Asia/Jakarta' }, config, Date.now()), config);
    return this.exclusive(() => this.send(bytes, config).catch((err: unknown) => failed(`the test print broke off: ${message(err)}`)));
  }

  private send(bytes: Buffer, config: PrinterConfig): Promise<PrintResult> {
    if (config.transport === 'os') return this.deps.printOs ? this.deps.printOs(bytes, config) : Promise.resolve(failed('the OS printer driver is not available here'));
    return printJob(openTransport(config, this.deps.transports), bytes, this.deps.timings ?? DEFAULT_TIMINGS);
  }

  private exclusive<T>(use: () => Promise<T>): Promise<T> {
    const next = this.printerBusy.then(use, use);
    this.printerBusy = next.catch(() => {});
    return next;
  }

  /** At start: the reports of every ticket the journal holds, sent again until the hub answers. */
  resume(): void {
    for (const name of readdirSync(this.deps.journalDir)) {
      const m = /^(\d+)\.json$/.exec(name);
      if (!m) continue;
      const entry = this.readEntry(Number(m[1]));
      if (entry) this.report(entry.ticketId, entry.state === 'printed' ? entry.result : interrupted());
    }
  }

  /** The status of this machine's printer; null when it has none. */
  async status(): Promise<PrinterStatus | null> {
    const config = this.deps.printer();
    if (!config) return null;
    if (config.transport === 'os') return UNKNOWN_STATUS;
    return this.exclusive(() => checkStatus(openTransport(config, this.deps.transports), this.deps.timings ?? DEFAULT_TIMINGS));
  }

  /**
   * Reads the printer's status every `statusWatch.everyMs` and tells the hub: the kiosk page hears
   * it back as a `printer.status` event, so "kertas habis" shows before anyone taps, and the admin
   * sees it in the overview. An OS-driver printer says nothing, so nothing is sent for it.
   */
  watchStatus(): void {
    const every = this.deps.statusWatch?.everyMs ?? 10_000;
    const tick = async () => {
      this.watchTimer = null;
      if (this.stopped) return;
      try {
        const config = this.deps.printer();
        if (config && config.transport !== 'os') {
          const status = await this.status();
          if (status) await this.sendStatus(status);
        }
      } catch (err) {
        this.deps.log?.(`printer status not read: ${message(err)}`);
      }
      if (!this.stopped) this.watchTimer = setTimeout(() => void tick(), every);
    };
    if (!this.watchTimer) this.watchTimer = setTimeout(() => void tick(), 0);
  }

  /** Sends a status to the hub when it changed or was last acknowledged `resendMs` ago. */
  private async sendStatus(status: PrinterStatus): Promise<void> {
    const json = JSON.stringify(status);
    const resend = this.deps.statusWatch?.resendMs ?? 60_000;
    if (this.sentStatus && this.sentStatus.json === json && Date.now() - this.sentStatus.at < resend) return;
    try {
      const r = await this.deps.hub('POST', '/api/printer/status', status);
      if (r.status === 200) this.sentStatus = { json, at: Date.now() };
      else this.deps.log?.(`printer status refused by the hub: ${hubErrorText(r.json) ?? r.status}`);
    } catch (err) {
      // The next read sends it again: sentStatus still holds the last one the hub took.
      this.deps.log?.(`printer status not delivered: ${message(err)}`);
    }
  }

  /** Resolves once every report under way has been acknowledged (tests, orderly shutdown). */
  async idle(): Promise<void> {
    while (this.reports.size > 0 || this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight.values(), ...this.reports.values()]);
    }
  }

  /** The tickets whose report the hub has not acknowledged yet. */
  unacknowledged(): number[] {
    return readdirSync(this.deps.journalDir)
      .map((n) => /^(\d+)\.json$/.exec(n)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
  }

  /** Stops retrying (the journal stays for the next start). */
  stop(): void {
    this.stopped = true;
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.watchTimer = null;
    for (const wake of [...this.sleepers]) wake();
  }

  private report(ticketId: number, result: PrintResult): void {
    if (this.reports.has(ticketId)) return;
    const job = this.reportUntilAnswered(ticketId, result).finally(() => this.reports.delete(ticketId));
    this.reports.set(ticketId, job);
  }

  private async reportUntilAnswered(ticketId: number, result: PrintResult): Promise<void> {
    let delay = this.retry.firstMs;
    while (!this.stopped) {
      try {
        const r = await this.deps.hub('POST', `/api/tickets/${ticketId}/print-result`, result);
        if (this.stopped) return;
        // Any definite answer ends it: recorded, or refused for good (already printed: an earlier
        // report arrived though its answer was lost; no longer open; not this kiosk's).
        if (r.status < 500 && r.status !== 408 && r.status !== 429) {
          if (r.status !== 200) this.deps.log?.(`print report of ticket ${ticketId}: ${hubErrorText(r.json) ?? r.status}`);
          rmSync(this.file(ticketId), { force: true });
          return;
        }
      } catch (err) {
        this.deps.log?.(`print report of ticket ${ticketId} not delivered: ${message(err)}`);
      }
      if (this.stopped) return;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, delay);
        this.sleepers.add(wake);
      });
      delay = Math.min(delay * 2, this.retry.maxMs);
    }
  }

  private file(ticketId: number): string {
    return join(this.deps.journalDir, `${ticketId}.json`);
  }

  private readEntry(ticketId: number): JournalEntry | null {
    const file = this.file(ticketId);
    if (!existsSync(file)) return null;
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as JournalEntry;
      if (raw.state === 'printed') return { ...raw, result: PrintResult.parse(raw.result) };
      return { ticketId, state: 'printing', at: raw.at };
    } catch {
      // A torn file: the printer may have been given the ticket. Never print it again.
      return { ticketId, state: 'printing', at: 0 };
    }
  }

  /** Written to a temp file, fsynced, renamed over, and the folder fsynced: on disk before the next step. */
  private writeEntry(entry: JournalEntry): void {
    const file = this.file(entry.ticketId);
    const fd = openSync(`${file}.tmp`, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(entry));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(`${file}.tmp`, file);
    try {
      const dir = openSync(this.deps.journalDir, 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch {
      // Windows cannot open a folder for fsync; the rename is as durable as NTFS makes it.
    }
  }
}

/** A job cut short by a crash: the paper may or may not have come out. */
function interrupted(): PrintResult {
  return { outcome: 'unconfirmed', status: UNKNOWN_STATUS, detail: 'the kiosk stopped while printing; whether the ticket came out is unknown', bytes: 0 };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function hubErrorText(json: unknown): string | null {
  const e = (json as { error?: { code?: string; message?: { en?: string } } } | null)?.error;
  return e ? `${e.code ?? ''} ${e.message?.en ?? ''}`.trim() : null;
}
