/**
 * Printing the hub does itself: for a kiosk whose printer it drives (a LAN printer, a printer on
 * the hub machine, the virtual printer of the demo) and for reprints asked at a counter or by the
 * admin. Kiosks that print for themselves (Electron, local USB printer) report the outcome and
 * the status instead; both paths end in `engine.recordPrint` and `printers.recordStatus`.
 *
 * One job at a time per printer: two kiosks' jobs never interleave their bytes on one printer,
 * and a status poll waits for the job in progress.
 */
import type { TicketStatus } from '../../../shared/domain.js';
import type { PrinterConfig, PrinterStatus, PrintResult } from '../../../shared/printing.js';
import type { Ticket } from '../../../shared/protocol.js';
import { placeText } from '../../../shared/place.js';
import { testTicketData, ticketBytes, type TicketLang, type TicketPrintData } from '../../printer/layout/ticketLayout.js';
import { checkStatus, DEFAULT_TIMINGS, printJob, type JobTimings } from '../../printer/printJob.js';
import { openTransport, type TransportContext } from '../../printer/transports/open.js';
import type { Actor } from '../actor.js';
import type { Clock } from '../clock.js';
import { HubError } from '../hubError.js';
import type { MasterData } from '../masterData.js';
import type { QueueEngine } from '../queue/engine.js';
import type { SettingsStore } from '../settings.js';
import type { Printers } from './printers.js';

export interface PrintOutcomeReply {
  result: PrintResult;
  ticket: Ticket;
  /** the ticket was cancelled because it could not be printed (site setting) */
  voided: boolean;
}

export interface PrintServiceDeps {
  master: MasterData;
  engine: QueueEngine;
  settings: SettingsStore;
  printers: Printers;
  clock: Clock;
  /** where the virtual printers keep their folders (<data dir>/printers) */
  printersDir: string;
  /** how long to wait for a printer (the tests shorten them) */
  timings?: JobTimings;
  /** what a ticket's QR code holds, signed by the hub (Survey.qrPayload: the phone link since issue 22) */
  qrPayload: (ticket: Pick<Ticket, 'id' | 'display' | 'businessDate'>) => string;
  /** what to bring for a service (its standar pelayanan), printed when the site sets kiosk.printRequirements */
  requirements?: (serviceId: number) => readonly string[];
}

interface PrintOptions {
  reprint: boolean;
  actor: Actor;
  lang: TicketLang;
}

const OPEN = new Set<TicketStatus>(['waiting', 'called', 'serving', 'no_show']);

export class PrintService {
  private readonly queues = new Map<string, Promise<unknown>>();
  /** first prints under way, by ticket: a kiosk retrying a print it lost the answer to gets the same job */
  private readonly inFlight = new Map<number, Promise<PrintOutcomeReply>>();
  private poller: NodeJS.Timeout | null = null;
  private readonly master: MasterData;
  private readonly qrPayload: PrintServiceDeps['qrPayload'];
  private readonly requirements: PrintServiceDeps['requirements'];
  private readonly engine: QueueEngine;
  private readonly settings: SettingsStore;
  private readonly printers: Printers;
  private readonly clock: Clock;
  private readonly transports: TransportContext;
  private readonly timings: JobTimings;

  constructor(deps: PrintServiceDeps) {
    this.master = deps.master;
    this.engine = deps.engine;
    this.settings = deps.settings;
    this.printers = deps.printers;
    this.clock = deps.clock;
    this.transports = { printersDir: deps.printersDir };
    this.timings = deps.timings ?? DEFAULT_TIMINGS;
    this.qrPayload = deps.qrPayload;
    this.requirements = deps.requirements;
  }

  /** What goes on the paper for a ticket, as it stands now, in the citizen's language. */
  ticketData(ticket: Ticket, reprint: boolean, lang: TicketLang = 'id'): TicketPrintData {
    const { master, engine, settings } = this;
    const service = master.service(ticket.serviceId)!;
    const peopleAhead = engine.peopleAhead(ticket);
    const group = ticket.priorityGroup ? settings.get('priorityPolicy').groups.find((g) => g.code === ticket.priorityGroup) : undefined;
    // Where to go, as the kiosk says it: the service's zone while that zone is in use.
    const zone = service.zoneId === null ? undefined : master.zones().find((z) => z.id === service.zoneId && z.active);
    return {
      site: master.site(),
      agencyName: engine.agencyName(service.agencyId),
      serviceName: service.name,
      place: zone ? placeText(zone, ' - ') : null,
      number: ticket.display,
      issuedAt: ticket.issuedAt,
      peopleAhead,
      estimatedWaitMinutes: engine.estimatedWaitMinutes(ticket.serviceId, peopleAhead),
      priorityGroupName: group?.name[lang] ?? (ticket.priorityGroup ? ticket.priorityGroup : null),
      lang,
      surveyInvitation: settings.get('kiosk').surveyInvitation,
      ...(settings.get('kiosk').printRequirements && this.requirements ? { requirements: this.requirements(ticket.serviceId) } : {}),
      noOpenCounter: engine.countersOpen(ticket.serviceId) === 0,
      counterWord: settings.get('counterWord'),
      // The ticket's phone page, which the kiosk's scanner and the survey page read back too, signed by the hub (../survey.ts).
      qrPayload: this.qrPayload(ticket),
      reprint,
      bookingSlot: engine.bookingSlot(ticket.id),
    };
  }

  /** A kiosk may print only what it issued, once, while the ticket is open. */
  private kioskTicket(ticketId: number, deviceId: number | null): Ticket {
    const t = this.engine.ticket(ticketId);
    if (!t) throw new HubError('TICKET_NOT_FOUND');
    if (this.engine.issuingDevice(ticketId) !== deviceId) throw new HubError('TICKET_NOT_FROM_THIS_KIOSK');
    if (!OPEN.has(t.status)) throw new HubError('TICKET_WRONG_STATE');
    if (t.printState === 'printed') throw new HubError('TICKET_ALREADY_PRINTED');
    return t;
  }

  /** The first print of a ticket a kiosk just issued, on the printer the hub drives for that kiosk. */
  printForKiosk(ticketId: number, deviceId: number | null, actor: Actor, lang: TicketLang = 'id'): Promise<PrintOutcomeReply> {
    this.kioskTicket(ticketId, deviceId);
    return this.printTicket(ticketId, deviceId, { reprint: false, actor, lang });
  }

  /**
   * What goes on the paper of a ticket a kiosk issued, for the kiosk that prints it on its own
   * printer: only that kiosk, only while the ticket is open and not printed yet.
   */
  dataForKiosk(ticketId: number, deviceId: number | null, lang: TicketLang = 'id'): TicketPrintData {
    const t = this.kioskTicket(ticketId, deviceId);
    const { site, logo: _logo, ...data } = this.ticketData(t, false, lang);
    return { ...data, site: { name: site.name, address: site.address, ticketHeader: site.ticketHeader, ticketFooter: site.ticketFooter, timeZone: site.timeZone } };
  }

  /** What a kiosk's own printer did with the ticket it issued. */
  recordForKiosk(ticketId: number, deviceId: number | null, result: PrintResult, actor: Actor): PrintOutcomeReply {
    this.kioskTicket(ticketId, deviceId);
    return this.record(ticketId, deviceId, result, { reprint: false, actor });
  }

  /**
   * A reprint of an open ticket (an officer or the admin), on the given kiosk's printer (`null`:
   * the hub's own) or, when none is given, on the printer of the kiosk that issued it. In
   * Indonesian unless asked otherwise: the officer's screen does not know the citizen's language.
   */
  reprint(ticketId: number, printerDeviceId: number | null | undefined, actor: Actor, lang: TicketLang = 'id'): Promise<PrintOutcomeReply> {
    const t = this.engine.ticket(ticketId);
    if (!t) throw new HubError('TICKET_NOT_FOUND');
    if (!OPEN.has(t.status)) throw new HubError('TICKET_WRONG_STATE');
    const target = printerDeviceId === undefined ? this.engine.issuingDevice(t.id) : printerDeviceId;
    return this.printTicket(t.id, target, { reprint: true, actor, lang });
  }

  /** Prints a ticket on the printer the hub drives for `printerDeviceId` and records the outcome. */
  private printTicket(ticketId: number, printerDeviceId: number | null, opts: PrintOptions): Promise<PrintOutcomeReply> {
    if (opts.reprint) return this.print(ticketId, printerDeviceId, opts);
    const running = this.inFlight.get(ticketId);
    if (running) return running;
    const job = this.print(ticketId, printerDeviceId, opts).finally(() => this.inFlight.delete(ticketId));
    this.inFlight.set(ticketId, job);
    return job;
  }

  private async print(ticketId: number, printerDeviceId: number | null, opts: PrintOptions): Promise<PrintOutcomeReply> {
    const config = this.printers.config(printerDeviceId);
    if (!config) throw new HubError('PRINTER_NOT_CONFIGURED');
    const ticket = this.engine.ticket(ticketId);
    if (!ticket) throw new HubError('TICKET_NOT_FOUND');
    const bytes = await ticketBytes(this.ticketData(ticket, opts.reprint, opts.lang), config);
    const result = await this.serially(printerDeviceId, () => printJob(openTransport(config, this.transports), bytes, this.timings));
    return this.record(ticketId, printerDeviceId, result, opts);
  }

  /** Records what became of a job: the printer's status and the ticket's print state. */
  private record(ticketId: number, printerDeviceId: number | null, result: PrintResult, opts: { reprint: boolean; actor: Actor }): PrintOutcomeReply {
    this.printers.recordStatus(printerDeviceId, result.status);
    const { ticket, voided } = this.engine.recordPrint(
      ticketId,
      { outcome: result.outcome, printerState: result.status.state, detail: result.detail, bytes: result.bytes, reprint: opts.reprint },
      opts.actor,
    );
    return { result, ticket, voided };
  }

  /** A test ticket from the admin screen: proves the settings before a citizen needs them. */
  async testPrint(printerDeviceId: number | null): Promise<PrintResult> {
    const config = this.printers.config(printerDeviceId);
    if (!config) throw new HubError('PRINTER_NOT_CONFIGURED');
    const site = this.master.site();
    const bytes = await ticketBytes(testTicketData(site, config, this.clock.now()), config);
    const result = await this.serially(printerDeviceId, () => printJob(openTransport(config, this.transports), bytes, this.timings));
    this.printers.recordStatus(printerDeviceId, result.status);
    return result;
  }

  /** Asks one printer for its status now and records it. */
  async refreshStatus(printerDeviceId: number | null, config: PrinterConfig): Promise<PrinterStatus> {
    const status = await this.serially(printerDeviceId, () => checkStatus(openTransport(config, this.transports), this.timings));
    this.printers.recordStatus(printerDeviceId, status);
    return status;
  }

  async pollAll(): Promise<void> {
    await Promise.all(
      this.printers
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
