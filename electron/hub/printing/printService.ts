/**
 * Printing the hub does itself: for a kiosk whose printer it drives (a LAN printer, a printer on
 * the hub machine, the virtual printer of the demo) and for reprints asked at a counter or by the
 * admin. Kiosks that print for themselves (Electron, local USB printer) report the outcome and
 * the status instead; both paths end in `engine.recordPrint` and `printers.recordStatus`.
 *
 * One job at a time per printer: two kiosks' jobs never interleave their bytes on one printer,
 * and a status poll waits for the job in progress.
 */
import { join } from 'node:path';
import type { PrinterConfig, PrinterStatus, PrintResult } from '../../../shared/printing.js';
import type { Ticket } from '../../../shared/protocol.js';
import { ticketBytes, type TicketPrintData } from '../../printer/layout/ticketLayout.js';
import { checkStatus, DEFAULT_TIMINGS, printJob, type JobTimings } from '../../printer/printJob.js';
import { openTransport } from '../../printer/transports/open.js';
import type { HubCore } from '../core.js';
import { HubError } from '../hubError.js';
import type { Actor } from '../queue/engine.js';
import type { Printers } from './printers.js';

export interface PrintOutcomeReply {
  result: PrintResult;
  ticket: Ticket;
  /** the ticket was cancelled because it could not be printed (site setting) */
  voided: boolean;
}

export class PrintService {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** first prints under way, by ticket: a kiosk retrying a print it lost the answer to gets the same job */
  private readonly inFlight = new Map<number, Promise<PrintOutcomeReply>>();
  private poller: NodeJS.Timeout | null = null;
  readonly printersDir: string;

  constructor(
    private readonly core: HubCore & { printers: Printers },
    private readonly timings: JobTimings = DEFAULT_TIMINGS,
  ) {
    this.printersDir = join(core.dataDir, 'printers');
  }

  /** What goes on the paper for a ticket, as it stands now. */
  ticketData(ticket: Ticket, reprint: boolean): TicketPrintData {
    const { master, engine, settings } = this.core;
    const service = master.service(ticket.serviceId)!;
    const peopleAhead = engine.peopleAhead(ticket);
    const group = ticket.priorityGroup ? settings.get('priorityPolicy').groups.find((g) => g.code === ticket.priorityGroup) : undefined;
    return {
      site: master.site(),
      agencyName: engine.agencyName(service.agencyId),
      serviceName: service.name,
      number: ticket.display,
      issuedAt: ticket.issuedAt,
      peopleAhead,
      estimatedWaitMinutes: engine.estimatedWaitMinutes(ticket.serviceId, peopleAhead),
      priorityGroupName: group?.name.id ?? (ticket.priorityGroup ? ticket.priorityGroup : null),
      // What the kiosk's scanner and the survey page will read back: the ticket's id and number.
      qrPayload: `ANTRE:${ticket.id}:${ticket.display}`,
      reprint,
    };
  }

  /** Prints a ticket on the printer the hub drives for `printerDeviceId` and records the outcome. */
  printTicket(ticketId: number, printerDeviceId: number | null, opts: { reprint: boolean; actor: Actor }): Promise<PrintOutcomeReply> {
    if (opts.reprint) return this.print(ticketId, printerDeviceId, opts);
    const running = this.inFlight.get(ticketId);
    if (running) return running;
    const job = this.print(ticketId, printerDeviceId, opts).finally(() => this.inFlight.delete(ticketId));
    this.inFlight.set(ticketId, job);
    return job;
  }

  private async print(ticketId: number, printerDeviceId: number | null, opts: { reprint: boolean; actor: Actor }): Promise<PrintOutcomeReply> {
    const config = this.core.printers.config(printerDeviceId);
    if (!config) throw new HubError('PRINTER_NOT_CONFIGURED');
    const ticket = this.core.engine.ticket(ticketId);
    if (!ticket) throw new HubError('TICKET_NOT_FOUND');
    const bytes = await ticketBytes(this.ticketData(ticket, opts.reprint), config);
    const result = await this.serially(printerDeviceId, () => printJob(openTransport(config, this), bytes, this.timings));
    return this.record(ticketId, printerDeviceId, result, opts);
  }

  /** The outcome of a job a kiosk printed itself (Electron with a local printer). */
  record(ticketId: number, printerDeviceId: number | null, result: PrintResult, opts: { reprint: boolean; actor: Actor }): PrintOutcomeReply {
    this.core.printers.recordStatus(printerDeviceId, result.status);
    const { ticket, voided } = this.core.engine.recordPrint(
      ticketId,
      { outcome: result.outcome, printerState: result.status.state, detail: result.detail, bytes: result.bytes, reprint: opts.reprint },
      opts.actor,
    );
    return { result, ticket, voided };
  }

  /** A test ticket from the admin screen: proves the settings before a citizen needs them. */
  async testPrint(printerDeviceId: number | null): Promise<PrintResult> {
    const config = this.core.printers.config(printerDeviceId);
    if (!config) throw new HubError('PRINTER_NOT_CONFIGURED');
    const site = this.core.master.site();
    const bytes = await ticketBytes(
      {
        site: { ...site, ticketHeader: 'TES PRINTER / PRINTER TEST' },
        agencyName: 'Tes printer',
        serviceName: `${config.transport} ${config.address}, ${config.paperWidth} mm, QR ${config.qrMode}`,
        number: 'TES',
        issuedAt: this.core.clock.now(),
        peopleAhead: 0,
        estimatedWaitMinutes: 0,
        priorityGroupName: null,
        qrPayload: 'ANTRE:TES',
      },
      config,
    );
    const result = await this.serially(printerDeviceId, () => printJob(openTransport(config, this), bytes, this.timings));
    this.core.printers.recordStatus(printerDeviceId, result.status);
    return result;
  }

  /** Asks one printer for its status now and records it. */
  async refreshStatus(printerDeviceId: number | null, config: PrinterConfig): Promise<PrinterStatus> {
    const status = await this.serially(printerDeviceId, () => checkStatus(openTransport(config, this), this.timings));
    this.core.printers.recordStatus(printerDeviceId, status);
    return status;
  }

  async pollAll(): Promise<void> {
    await Promise.all(
      this.core.printers
        .driven()
        .filter((p) => p.config.transport !== 'os')
        .map((p) => this.refreshStatus(p.deviceId, p.config).catch(() => {})),
    );
  }

  /** Polls every driven printer on a timer, so paper trouble shows before anyone taps. */
  startPolling(everyMs: number): void {
    this.stopPolling();
    const tick = () => {
      void this.pollAll().finally(() => {
        if (this.poller) this.poller = setTimeout(tick, everyMs);
      });
    };
    this.poller = setTimeout(tick, 0);
  }

  stopPolling(): void {
    if (this.poller) clearTimeout(this.poller);
    this.poller = null;
  }

  private serially<T>(printerDeviceId: number | null, job: () => Promise<T>): Promise<T> {
    const key = String(printerDeviceId);
    const next = (this.queues.get(key) ?? Promise.resolve()).catch(() => {}).then(job);
    this.queues.set(key, next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
    return next;
  }
}
