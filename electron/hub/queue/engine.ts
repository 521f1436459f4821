/**
 * The queue engine. Every operation is one IMMEDIATE transaction that changes the tickets or
 * counters and appends its event, so the database and the event log never disagree, and two
 * counters pressing "call next" at the same moment are simply served one after the other.
 */
import { businessDate } from '../../../shared/businessDate.js';
import type { CounterState } from '../../../shared/domain.js';
import type { PrintOutcome, PrinterState } from '../../../shared/printing.js';
import type { IssueTicketResponse, ServiceInfo, Ticket } from '../../../shared/protocol.js';
import { formatTicketNumber } from '../../../shared/ticketNumber.js';
import type { Actor } from '../actor.js';
import type { Calendar } from '../calendar.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open.js';
import type { CounterEventType, EventData, TicketEventData, TicketEventType } from '../../../shared/events.js';
import type { EventLog } from '../events.js';
import { HubError } from '../hubError.js';
import type { MasterData } from '../masterData.js';
import type { SettingsStore } from '../settings.js';
import { toTicket, type TicketRow } from './tickets.js';
import { advancePhase } from './waitingList.js';
import { estimatedWaitMinutes, type WaitBasis } from '../../../shared/waitEstimate.js';

export interface IssueInput {
  serviceId: number;
  priorityGroup?: string | null;
  requestId: string;
  /**
   * A booked citizen's ticket (bookings/checkIn.ts, docs/BOOKING.md): which booking, the instant
   * before which it is not called (null: a late booking, an ordinary ticket) and the arrival it
   * counts from, set in the INSERT so the ticket.issued event already says what the queue uses.
   */
  booking?: { id: number; dueAt: number | null; arrivedAt: number };
}

interface CounterRow {
  id: number;
  label: string;
  agency_id: number | null;
  active: number;
  state: CounterState;
  pause_reason: string | null;
  officer_id: number | null;
  phase: 'priority' | 'regular';
  phase_count: number;
}

type TicketClass = 'priority' | 'regular';

export interface PrintAttempt {
  outcome: PrintOutcome;
  printerState: PrinterState;
  detail: string | null;
  /** bytes that reached the printer */
  bytes: number;
  reprint: boolean;
}

export const PRINT_FAILED_REASON = 'Tiket gagal dicetak / the ticket could not be printed';

export const AUTO_CLOSE_REASON = 'Penutupan otomatis akhir hari / automatic end-of-day close';

export interface QueueEngineDeps {
  db: Db;
  events: EventLog;
  master: MasterData;
  settings: SettingsStore;
  clock: Clock;
  /** when each service gives tickets (hours, breaks, closures, pauses) */
  calendar: Calendar;
}

export class QueueEngine {
  private readonly db: Db;
  private readonly events: EventLog;
  private readonly master: MasterData;
  private readonly settings: SettingsStore;
  private readonly clock: Clock;
  readonly calendar: Calendar;

  constructor(deps: QueueEngineDeps) {
    this.calendar = deps.calendar;
    this.db = deps.db;
    this.events = deps.events;
    this.master = deps.master;
    this.settings = deps.settings;
    this.clock = deps.clock;
  }

  // ---- reading ---------------------------------------------------------------------------

  today(at = this.clock.now()): string {
    return businessDate(at, this.master.site().timeZone);
  }

  ticket(id: number): Ticket | undefined {
    const r = this.ticketRow(id);
    return r ? toTicket(r) : undefined;
  }

  /** The ticket a counter is holding (called or being served), if any. */
  heldTicket(counterId: number): Ticket | null {
    const r = this.heldRow(counterId);
    return r ? toTicket(r) : null;
  }

  /** The slot of the booking a ticket came from (docs/BOOKING.md), for the counter and the paper. */
  bookingSlot(ticketId: number): { start: string; end: string } | null {
    const r = this.db.prepare('SELECT slot_start, slot_end FROM bookings WHERE ticket_id = ?').get(ticketId) as { slot_start: string; slot_end: string } | undefined;
    return r ? { start: r.slot_start, end: r.slot_end } : null;
  }

  isDayClosed(date: string): boolean {
    return this.db.prepare('SELECT 1 FROM business_days WHERE date = ?').get(date) !== undefined;
  }

  /** A holiday or closure the admin set for this date (the whole MPP, or this service, unless opened anyway). */
  closedOn(serviceId: number, date: string): boolean {
    return this.calendar.closureOn(serviceId, date) !== null;
  }

  /** Why a service cannot issue a ticket right now, or null when it can. */
  unavailableReason(service: ServiceInfo, at = this.clock.now()): 'SERVICE_INACTIVE' | 'SERVICE_CLOSED' | 'QUOTA_EXHAUSTED' | 'DAY_CLOSED' | null {
    if (!service.active || !this.agencyActive(service.agencyId)) return 'SERVICE_INACTIVE';
    const date = this.today(at);
    if (this.isDayClosed(date)) return 'DAY_CLOSED';
    if (!this.isOpenAt(service, at)) return 'SERVICE_CLOSED';
    if (service.dailyQuota !== null && this.issuedCount(service.id, date) >= service.dailyQuota) return 'QUOTA_EXHAUSTED';
    return null;
  }

  /** Tickets can be taken: within the issuing window, outside site breaks, holidays, closures and pauses. */
  isOpenAt(service: ServiceInfo, at: number): boolean {
    return this.calendar.status(service, at).issuing;
  }

  /** What a refusal to issue says besides its code: today's hours, why, and when it opens again. */
  private refusalDetails(service: ServiceInfo, reason: string, at: number) {
    const st = this.calendar.status(service, at);
    const nextOpening = reason === 'SERVICE_CLOSED' ? st.nextOpening : reason === 'SERVICE_INACTIVE' ? null : this.calendar.nextOpeningAfterToday(service, at);
    return { hoursToday: st.serviceToday, issuingToday: st.issuingToday, why: reason === 'SERVICE_CLOSED' ? st.why : null, reason: reason === 'SERVICE_CLOSED' ? st.reason : null, nextOpening };
  }

  issuedCount(serviceId: number, date: string): number {
    return this.db
      .prepare('SELECT COUNT(*) FROM tickets WHERE business_date = ? AND origin_service_id = ?')
      .pluck()
      .get(date, serviceId) as number;
  }

  waitingCount(serviceId: number, date = this.today()): number {
    return this.db
      .prepare(`SELECT COUNT(*) FROM tickets WHERE service_id = ? AND status = 'waiting' AND business_date = ?`)
      .pluck()
      .get(serviceId, date) as number;
  }

  /**
   * People who will be called before this ticket, as far as can be known now: for a priority
   * ticket the priority tickets that arrived earlier; for a regular one everybody who arrived
   * earlier plus the priority tickets already waiting (they go ahead).
   */
  peopleAhead(t: Ticket): number {
    if (t.status !== 'waiting') return 0;
    const sql =
      t.priorityGroup !== null
        ? `SELECT COUNT(*) FROM tickets WHERE service_id = ? AND business_date = ? AND status = 'waiting'
             AND priority_group IS NOT NULL AND (arrived_at < ? OR (arrived_at = ? AND id < ?))`
        : `SELECT COUNT(*) FROM tickets WHERE service_id = ? AND business_date = ? AND status = 'waiting'
             AND id <> ? AND (priority_group IS NOT NULL OR arrived_at < ? OR (arrived_at = ? AND id < ?))`;
    const args =
      t.priorityGroup !== null
        ? [t.serviceId, t.businessDate, t.arrivedAt, t.arrivedAt, t.id]
        : [t.serviceId, t.businessDate, t.id, t.arrivedAt, t.arrivedAt, t.id];
    return this.db.prepare(sql).pluck().get(...args) as number;
  }

  /** Minutes until `peopleAhead` people have been served by the counters now open for the service. */
  estimatedWaitMinutes(serviceId: number, peopleAhead: number): number {
    if (peopleAhead === 0) return 0;
    const basis = this.waitBasis(serviceId);
    return basis ? estimatedWaitMinutes(peopleAhead, basis) : 0;
  }

  /** The service's minutes per citizen and the counters sharing its queue (null: no such service). */
  waitBasis(serviceId: number): WaitBasis | null {
    const service = this.master.service(serviceId);
    if (!service) return null;
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS configured, COALESCE(SUM(c.state <> 'closed'), 0) AS open
         FROM counter_services cs JOIN counters c ON c.id = cs.counter_id
         WHERE cs.service_id = ? AND c.active = 1`,
      )
      .get(serviceId) as { configured: number; open: number };
    // With nobody logged in yet (early morning), assume the counters set up for it will open.
    return { minutesPerTicket: service.estimatedMinutes, counters: Math.max(1, row.open > 0 ? row.open : row.configured) };
  }

  /** Counters serving the service that are open now: an officer logged in, not on a break. */
  countersOpen(serviceId: number): number {
    return this.db
      .prepare(
        `SELECT COUNT(*) FROM counter_services cs JOIN counters c ON c.id = cs.counter_id
         WHERE cs.service_id = ? AND c.active = 1 AND c.state = 'open'`,
      )
      .pluck()
      .get(serviceId) as number;
  }

  /** The kiosk that issued a ticket (null: the hub's own browser kiosk, or no such ticket). */
  issuingDevice(ticketId: number): number | null {
    return this.ticketRow(ticketId)?.device_id ?? null;
  }

  counterState(counterId: number): CounterState {
    return this.counterRow(counterId).state;
  }

  // ---- issuing ---------------------------------------------------------------------------

  issue(input: IssueInput, actor: Actor = {}): IssueTicketResponse {
    const requestKey = `${actor.deviceId ?? 0}:${input.requestId}`;
    const priorityGroup = input.priorityGroup ?? null;
    // A new name or prefix set for today takes effect before the day's first ticket with it.
    this.master.applyDueChanges();
    const issued = this.events.transaction(() => {
      // A retry (the kiosk lost the reply) gets the ticket it already has, whatever changed since.
      const existing = this.db.prepare('SELECT * FROM tickets WHERE request_key = ?').get(requestKey) as
        | TicketRow
        | undefined;
      if (existing) {
        if (existing.origin_service_id !== input.serviceId || existing.priority_group !== priorityGroup) {
          throw new HubError('IDEMPOTENCY_CONFLICT');
        }
        return { row: existing, replayed: true };
      }
      const service = this.master.service(input.serviceId);
      if (!service) throw new HubError('SERVICE_NOT_FOUND');
      if (priorityGroup !== null && !this.settings.get('priorityPolicy').groups.some((g) => g.code === priorityGroup)) {
        throw new HubError('PRIORITY_GROUP_UNKNOWN');
      }
      const now = this.clock.now();
      const reason = this.unavailableReason(service, now);
      if (reason) throw new HubError(reason, this.refusalDetails(service, reason, now));
      // The site may not want a queue before anyone serves it (kiosk.withoutOpenCounter).
      if (this.settings.get('kiosk').withoutOpenCounter === 'refuse' && this.countersOpen(service.id) === 0) throw new HubError('NO_COUNTER_OPEN');
      const date = this.today(now);
      // Past the floor too: after a lost history (../history.ts) the hall holds numbers this
      // database no longer has, and none of them may be given twice.
      const number =
        (this.db
          .prepare(
            `SELECT MAX(COALESCE((SELECT MAX(number) FROM tickets WHERE business_date = @date AND prefix = @prefix), 0),
                        COALESCE((SELECT floor FROM number_floors WHERE business_date = @date AND prefix = @prefix), 0))`,
          )
          .pluck()
          .get({ date, prefix: service.prefix }) as number) + 1;
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO tickets (business_date, prefix, number, service_id, origin_service_id, priority_group,
               status, device_id, request_key, issued_at, arrived_at, booking_id, due_at)
             VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            date,
            service.prefix,
            number,
            service.id,
            service.id,
            priorityGroup,
            actor.deviceId ?? null,
            requestKey,
            now,
            input.booking?.arrivedAt ?? now,
            input.booking?.id ?? null,
            input.booking?.dueAt ?? null,
          )
          .lastInsertRowid,
      );
      const row = this.ticketRow(id)!;
      this.emit('ticket.issued', row, actor, {});
      return { row, replayed: false };
    });
    const ticket = toTicket(issued.row);
    const service = this.master.service(ticket.serviceId)!;
    const peopleAhead = this.peopleAhead(ticket);
    return {
      ticket,
      serviceName: service.name,
      agencyName: this.agencyName(service.agencyId),
      peopleAhead,
      estimatedWaitMinutes: this.estimatedWaitMinutes(ticket.serviceId, peopleAhead),
      replayed: issued.replayed,
    };
  }

  // ---- counters --------------------------------------------------------------------------

  /** An officer opens the counter (logging in). */
  openCounter(counterId: number, actor: Actor): void {
    this.events.transaction(() => {
      const c = this.counterRow(counterId);
      this.db.prepare(`UPDATE counters SET state = 'open', pause_reason = NULL, officer_id = ? WHERE id = ?`).run(actor.officerId ?? null, c.id);
      this.emitCounter('counter.opened', c, actor, {});
    });
  }

  /** The officer leaves (logging out). A ticket still held stays with the counter. */
  closeCounter(counterId: number, actor: Actor): void {
    this.events.transaction(() => {
      const c = this.counterRow(counterId);
      if (c.state === 'closed') return;
      this.db.prepare(`UPDATE counters SET state = 'closed', pause_reason = NULL, officer_id = NULL WHERE id = ?`).run(c.id);
      this.emitCounter('counter.closed', c, actor, {});
    });
  }

  pause(counterId: number, reason: string, actor: Actor): CounterState {
    return this.events.transaction(() => {
      const c = this.readyCounter(counterId);
      if (this.heldRow(c.id)) throw new HubError('COUNTER_BUSY');
      this.db.prepare(`UPDATE counters SET state = 'paused', pause_reason = ? WHERE id = ?`).run(reason, c.id);
      this.emitCounter('counter.paused', c, actor, { reason });
      return 'paused' as const;
    });
  }

  resume(counterId: number, actor: Actor): CounterState {
    return this.events.transaction(() => {
      const c = this.counterRow(counterId);
      if (c.state !== 'paused') throw new HubError('COUNTER_NOT_PAUSED');
      this.db.prepare(`UPDATE counters SET state = 'open', pause_reason = NULL WHERE id = ?`).run(c.id);
      this.emitCounter('counter.resumed', c, actor, {});
      return 'open' as const;
    });
  }

  /**
   * Calls the next ticket for this counter across the services it serves.
   * Order: a regular ticket past the maximum wait first (oldest first); otherwise the
   * interleave decides the class (up to `priorityRun` priority calls, then up to `regularRun`
   * regular ones); inside a class, by the counter's service preference, then arrival (FIFO). A
   * booked ticket is not called before its slot (due_at); from then on its arrival (slot − maxWait
   * + 1 min, docs/BOOKING.md) puts it ahead of walk-ins not yet overdue.
   */
  callNext(counterId: number, actor: Actor): Ticket {
    return this.events.transaction(() => {
      const c = this.readyCounter(counterId);
      if (c.state === 'paused') throw new HubError('COUNTER_PAUSED');
      if (this.heldRow(c.id)) throw new HubError('COUNTER_BUSY');
      const now = this.clock.now();
      const date = this.today(now);
      const policy = this.settings.get('priorityPolicy');

      const first = (cls: TicketClass, overdueBefore?: number): TicketRow | undefined =>
        this.db
          .prepare(
            // CROSS JOIN keeps the counter's few services as the outer loop, so each is one
            // search of the waiting index instead of a scan of the whole day's tickets.
            `SELECT t.* FROM counter_services cs CROSS JOIN tickets t
             WHERE cs.counter_id = ? AND t.service_id = cs.service_id AND t.status = 'waiting' AND t.business_date = ?
               AND t.priority_group IS ${cls === 'priority' ? 'NOT NULL' : 'NULL'}
               AND (t.due_at IS NULL OR t.due_at <= ?)
               ${overdueBefore === undefined ? '' : 'AND t.arrived_at <= ?'}
             ORDER BY ${overdueBefore === undefined ? 'cs.rank, ' : ''}t.arrived_at, t.id
             LIMIT 1`,
          )
          .get(...[c.id, date, now, ...(overdueBefore === undefined ? [] : [overdueBefore])]) as TicketRow | undefined;

      const priority = first('priority');
      const regular = first('regular');
      const overdue = priority ? first('regular', now - policy.maxWaitMinutes * 60_000) : undefined;

      let pick: TicketRow | undefined;
      let cls: TicketClass;
      if (overdue) {
        pick = overdue;
        cls = 'regular';
      } else if (priority && regular) {
        const inPriorityRun = c.phase === 'priority' && (c.phase_count < policy.priorityRun || policy.regularRun === 0);
        const regularRunOver = c.phase === 'regular' && c.phase_count >= policy.regularRun;
        cls = inPriorityRun || regularRunOver ? 'priority' : 'regular';
        pick = cls === 'priority' ? priority : regular;
      } else {
        pick = priority ?? regular;
        cls = priority ? 'priority' : 'regular';
      }
      if (!pick) throw new HubError('NO_TICKET_WAITING');

      this.advancePhase(c, cls, Boolean(priority && regular));
      return this.markCalled(c, pick.id, actor, now, false);
    });
  }

  private markCalled(c: CounterRow, ticketId: number, actor: Actor, now: number, again: boolean): Ticket {
    this.db
      .prepare(
        `UPDATE tickets SET status = 'called', counter_id = ?, officer_id = ?, called_at = ?, call_count = call_count + 1
         WHERE id = ?`,
      )
      .run(c.id, actor.officerId ?? null, now, ticketId);
    const row = this.ticketRow(ticketId)!;
    this.emit('ticket.called', row, actor, { counterLabel: c.label, again });
    return toTicket(row);
  }

  /**
   * Interleave bookkeeping. While both classes wait, runs alternate. When only one class
   * waits, a regular call leaves the next contested call to a priority ticket, and priority
   * calls keep counting, so a regular ticket that arrives behind a stream of them still gets
   * its turn after `priorityRun`.
   */
  private advancePhase(c: CounterRow, cls: TicketClass, contested: boolean): void {
    const { phase, count } = advancePhase({ phase: c.phase, count: c.phase_count }, cls, contested, this.settings.get('priorityPolicy'));
    this.db.prepare('UPDATE counters SET phase = ?, phase_count = ? WHERE id = ?').run(phase, count, c.id);
  }

  /** Announces the held ticket again (the citizen did not come forward yet). */
  recall(counterId: number, actor: Actor): Ticket {
    return this.events.transaction(() => {
      const c = this.readyCounter(counterId);
      const held = this.requireHeld(c.id);
      if (held.status !== 'called') throw new HubError('TICKET_WRONG_STATE');
      this.db.prepare('UPDATE tickets SET call_count = call_count + 1 WHERE id = ?').run(held.id);
      const row = this.ticketRow(held.id)!;
      this.emit('ticket.recalled', row, actor, { counterLabel: c.label });
      return toTicket(row);
    });
  }

  /** Calls one particular ticket: a no-show called back, or a waiting ticket picked by hand. */
  callTicket(counterId: number, ticketId: number, actor: Actor): Ticket {
    return this.events.transaction(() => {
      const c = this.readyCounter(counterId);
      if (c.state === 'paused') throw new HubError('COUNTER_PAUSED');
      if (this.heldRow(c.id)) throw new HubError('COUNTER_BUSY');
      const t = this.ticketRow(ticketId);
      if (!t) throw new HubError('TICKET_NOT_FOUND');
      const now = this.clock.now();
      if (t.business_date !== this.today(now)) throw new HubError('TICKET_NOT_TODAY');
      if (t.status !== 'waiting' && t.status !== 'no_show') throw new HubError('TICKET_WRONG_STATE');
      const served = this.db
        .prepare('SELECT 1 FROM counter_services WHERE counter_id = ? AND service_id = ?')
        .get(c.id, t.service_id);
      if (!served) throw new HubError('SERVICE_NOT_AT_COUNTER');
      return this.markCalled(c, t.id, actor, now, t.status === 'no_show');
    });
  }

  start(counterId: number, actor: Actor): Ticket {
    return this.events.transaction(() => {
      const c = this.readyCounter(counterId);
      const held = this.requireHeld(c.id);
      if (held.status !== 'called') throw new HubError('TICKET_WRONG_STATE');
      this.db.prepare(`UPDATE tickets SET status = 'serving', started_at = ? WHERE id = ?`).run(this.clock.now(), held.id);
      const row = this.ticketRow(held.id)!;
      this.emit('ticket.started', row, actor, { counterLabel: c.label });
      return toTicket(row);
    });
  }

  /** Finishes the held ticket. Finishing straight from "called" counts service from the call. */
  finish(counterId: number, actor: Actor): Ticket {
    return this.events.transaction(() => {
      const c = this.readyCounter(counterId);
      const held = this.requireHeld(c.id);
      this.db
        .prepare(`UPDATE tickets SET status = 'done', started_at = COALESCE(started_at, called_at), finished_at = ? WHERE id = ?`)
        .run(this.clock.now(), held.id);
      const row = this.ticketRow(held.id)!;
      this.emit('ticket.finished', row, actor, { counterLabel: c.label });
      return toTicket(row);
    });
  }

  /** Tidak hadir: the citizen did not come; the ticket can be called back the same day. */
  noShow(counterId: number, actor: Actor): Ticket {
    return this.events.transaction(() => {
      const c = this.readyCounter(counterId);
      const held = this.requireHeld(c.id);
      if (held.status !== 'called') throw new HubError('TICKET_WRONG_STATE');
      this.db.prepare(`UPDATE tickets SET status = 'no_show' WHERE id = ?`).run(held.id);
      const row = this.ticketRow(held.id)!;
      this.emit('ticket.no_show', row, actor, { counterLabel: c.label });
      return toTicket(row);
    });
  }

  /** Sends the held ticket to another service; it keeps its number and its original arrival time. */
  transfer(counterId: number, serviceId: number, actor: Actor): Ticket {
    return this.events.transaction(() => {
      const c = this.readyCounter(counterId);
      const held = this.requireHeld(c.id);
      const target = this.master.service(serviceId);
      if (!target) throw new HubError('SERVICE_NOT_FOUND');
      if (!target.active || !this.agencyActive(target.agencyId)) throw new HubError('SERVICE_INACTIVE');
      if (target.id === held.service_id) throw new HubError('TRANSFER_SAME_SERVICE');
      this.db
        .prepare(`UPDATE tickets SET status = 'waiting', service_id = ?, counter_id = NULL, officer_id = NULL WHERE id = ?`)
        .run(target.id, held.id);
      const row = this.ticketRow(held.id)!;
      this.emit('ticket.transferred', row, actor, { fromServiceId: held.service_id, toServiceId: target.id, counterLabel: c.label });
      return toTicket(row);
    });
  }

  /** Cancels an open ticket (the citizen left, or it was issued by mistake). */
  cancel(ticketId: number, reason: string | null, actor: Actor & { counterId?: number }): Ticket {
    return this.events.transaction(() => {
      const t = this.ticketRow(ticketId);
      if (!t) throw new HubError('TICKET_NOT_FOUND');
      if (!['waiting', 'called', 'serving', 'no_show'].includes(t.status)) throw new HubError('TICKET_WRONG_STATE');
      if (actor.counterId !== undefined && t.counter_id !== actor.counterId) throw new HubError('NO_CURRENT_TICKET');
      this.db.prepare(`UPDATE tickets SET status = 'cancelled', close_reason = ?, finished_at = ? WHERE id = ?`).run(reason, this.clock.now(), t.id);
      const row = this.ticketRow(t.id)!;
      this.emit('ticket.cancelled', row, actor, { reason, previousStatus: t.status });
      return toTicket(row);
    });
  }

  // ---- printing --------------------------------------------------------------------------

  /**
   * Records what became of one attempt to print a ticket: `printed` only when the printer itself
   * confirmed it. The latest attempt decides the ticket's print state (a reprint that fails
   * leaves the citizen without paper again). A first print that failed voids the ticket when
   * the site says so; by default the citizen keeps the place.
   */
  recordPrint(ticketId: number, attempt: PrintAttempt, actor: Actor): { ticket: Ticket; voided: boolean } {
    return this.events.transaction(() => {
      const t = this.ticketRow(ticketId);
      if (!t) throw new HubError('TICKET_NOT_FOUND');
      const now = this.clock.now();
      this.db
        .prepare('UPDATE tickets SET print_state = ?, print_count = print_count + ?, printed_at = CASE WHEN ? THEN ? ELSE printed_at END WHERE id = ?')
        .run(attempt.outcome, attempt.bytes > 0 ? 1 : 0, attempt.outcome === 'printed' ? 1 : 0, now, t.id);
      const row = this.ticketRow(t.id)!;
      const type = attempt.outcome === 'printed' ? 'ticket.printed' : attempt.outcome === 'unconfirmed' ? 'ticket.print_unconfirmed' : 'ticket.print_failed';
      this.emit(type, row, actor, { outcome: attempt.outcome, printerState: attempt.printerState, detail: attempt.detail, reprint: attempt.reprint });
      const voids = attempt.outcome === 'failed' && !attempt.reprint && t.status === 'waiting' && this.settings.get('printFailurePolicy') === 'void';
      if (!voids) return { ticket: toTicket(row), voided: false };
      return { ticket: this.cancel(t.id, PRINT_FAILED_REASON, actor), voided: true };
    });
  }

  // ---- end of day ------------------------------------------------------------------------

  /**
   * Closes a business day: every ticket still open on it (or on an earlier day the hub missed,
   * say it was off at midnight) is closed with the reason; nothing is deleted. A closed day
   * issues no more tickets; the next business date numbers from 1 again.
   */
  closeDay(date: string, reason: string, actor: Actor): { date: string; closedTickets: number } {
    return this.events.transaction(() => {
      const now = this.clock.now();
      const open = this.db
        .prepare(
          `SELECT * FROM tickets WHERE business_date <= ? AND status IN ('waiting','called','serving','no_show')
           ORDER BY business_date, id`,
        )
        .all(date) as TicketRow[];
      const close = this.db.prepare(`UPDATE tickets SET status = 'closed', close_reason = ?, finished_at = ? WHERE id = ?`);
      for (const t of open) {
        close.run(reason, now, t.id);
        this.emit('ticket.closed', this.ticketRow(t.id)!, actor, { reason, previousStatus: t.status });
      }
      const dates = new Set(open.map((t) => t.business_date));
      dates.add(date);
      const mark = this.db.prepare('INSERT OR IGNORE INTO business_days (date, closed_at, close_reason) VALUES (?, ?, ?)');
      for (const d of [...dates].sort()) {
        if (mark.run(d, now, reason).changes === 0) continue;
        const counts = this.db
          .prepare('SELECT status, COUNT(*) AS n FROM tickets WHERE business_date = ? GROUP BY status')
          .all(d) as { status: string; n: number }[];
        this.events.append({
          type: 'day.closed',
          at: now,
          businessDate: d,
          officerId: actor.officerId ?? null,
          deviceId: actor.deviceId ?? null,
          data: { reason, counts: Object.fromEntries(counts.map((r) => [r.status, r.n])) },
        });
      }
      // Bookings nobody checked in for by the close are no-shows (docs/BOOKING.md); every day up
      // to the closed one, so a day the hub missed is settled too. A booking whose day the MPP
      // closed after it was made is cancelled instead: the citizen was not the one who failed.
      const unsettled = this.db
        .prepare(`SELECT id, code, service_id, business_date FROM bookings WHERE business_date <= ? AND status = 'booked' ORDER BY business_date, id`)
        .all(date) as { id: number; code: string; service_id: number; business_date: string }[];
      const markNoShow = this.db.prepare(`UPDATE bookings SET status = 'no_show' WHERE id = ?`);
      const markCancelled = this.db.prepare(`UPDATE bookings SET status = 'cancelled', cancelled_at = ? WHERE id = ?`);
      for (const b of unsettled) {
        const dayClosed = this.closedOn(b.service_id, b.business_date);
        if (dayClosed) markCancelled.run(now, b.id);
        else markNoShow.run(b.id);
        const common = {
          at: now,
          businessDate: b.business_date,
          // no foreign key on bookings.service_id: a removed service is not named in the event
          serviceId: this.master.service(b.service_id) ? b.service_id : null,
          officerId: actor.officerId ?? null,
          deviceId: actor.deviceId ?? null,
        };
        if (dayClosed) this.events.append({ ...common, type: 'booking.cancelled', data: { code: b.code, reason: 'day_closed' } });
        else this.events.append({ ...common, type: 'booking.no_show', data: { code: b.code, date: b.business_date } });
      }
      // Someone's close (not the hub's own at midnight) is in the audit log.
      if ((actor.officerId ?? null) !== null || (actor.deviceId ?? null) !== null) {
        this.master.audit.record(actor, 'day.close', 'day', null, null, { date, reason, closedTickets: open.length });
      }
      // Counters stay as they are: officers on a late shift keep their session.
      return { date, closedTickets: open.length };
    });
  }

  /** Closes every business day before today that still has open tickets (run at midnight and at start-up). */
  closeStaleDays(): number {
    // The day rolled over: the names and prefixes set for it take effect (an event tells the screens).
    this.master.applyDueChanges();
    const today = this.today();
    // A past day with bookings still 'booked' is closed too, so they become no-shows.
    const stale = this.db
      .prepare(
        `SELECT MAX(d) FROM (
           SELECT MAX(business_date) AS d FROM tickets WHERE business_date < @today AND status IN ('waiting','called','serving','no_show')
           UNION ALL SELECT MAX(business_date) FROM bookings WHERE business_date < @today AND status = 'booked')`,
      )
      .pluck()
      .get({ today }) as string | null;
    if (!stale) return 0;
    return this.closeDay(stale, AUTO_CLOSE_REASON, {}).closedTickets;
  }

  /**
   * Undoes a close made by mistake (a supervisor's wrong button, or a close from a clock glitch on
   * a hub older than the trusted clock): the day issues tickets again, and the tickets that close
   * closed (those of the date with its reason and time) are back where they were: waiting, or
   * no-show (still callable back), keeping their arrival so they are called in their original
   * order. Only today's business date: a past day's tickets could not be called anyway.
   */
  reopenDay(date: string, reason: string, actor: Actor): { date: string; restoredTickets: number } {
    return this.events.transaction(() => {
      if (date !== this.today()) throw new HubError('DAY_REOPEN_NOT_TODAY', { today: this.today() });
      const day = this.db.prepare('SELECT closed_at, close_reason FROM business_days WHERE date = ?').get(date) as
        | { closed_at: number; close_reason: string | null }
        | undefined;
      if (!day) throw new HubError('DAY_NOT_CLOSED');
      const closed = this.db
        .prepare(
          `SELECT t.id, (SELECT json_extract(e.data, '$.previousStatus') FROM events e
                          WHERE e.ticket_id = t.id AND e.type = 'ticket.closed' ORDER BY e.seq DESC LIMIT 1) AS previous
             FROM tickets t
            WHERE t.business_date = ? AND t.status = 'closed' AND t.finished_at = ? AND t.close_reason IS ?
            ORDER BY t.arrived_at, t.id`,
        )
        .all(date, day.closed_at, day.close_reason) as { id: number; previous: string | null }[];
      // Back in the queue, not at the counter that held it: the officer calls it again.
      const restore = this.db.prepare(
        `UPDATE tickets SET status = ?, close_reason = NULL, finished_at = NULL, started_at = NULL, counter_id = NULL, officer_id = NULL
          WHERE id = ?`,
      );
      for (const t of closed) restore.run(t.previous === 'no_show' ? 'no_show' : 'waiting', t.id);
      this.db.prepare('DELETE FROM business_days WHERE date = ?').run(date);
      this.events.append({
        type: 'day.reopened',
        at: this.clock.now(),
        businessDate: date,
        officerId: actor.officerId ?? null,
        deviceId: actor.deviceId ?? null,
        data: { reason, restoredTickets: closed.length },
      });
      this.master.audit.record(actor, 'day.reopen', 'day', null, { date, closedAt: day.closed_at, reason: day.close_reason }, { date, reason, restoredTickets: closed.length });
      return { date, restoredTickets: closed.length };
    });
  }

  // ---- helpers ---------------------------------------------------------------------------

  private ticketRow(id: number): TicketRow | undefined {
    return this.db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as TicketRow | undefined;
  }

  private heldRow(counterId: number): TicketRow | undefined {
    return this.db
      .prepare(`SELECT * FROM tickets WHERE counter_id = ? AND status IN ('called','serving')`)
      .get(counterId) as TicketRow | undefined;
  }

  private requireHeld(counterId: number): TicketRow {
    const held = this.heldRow(counterId);
    if (!held) throw new HubError('NO_CURRENT_TICKET');
    return held;
  }

  private counterRow(counterId: number): CounterRow {
    const c = this.db.prepare('SELECT * FROM counters WHERE id = ? AND active = 1').get(counterId) as CounterRow | undefined;
    if (!c) throw new HubError('COUNTER_NOT_FOUND');
    return c;
  }

  /** A counter an officer has opened (counter actions come through an officer session). */
  private readyCounter(counterId: number): CounterRow {
    const c = this.counterRow(counterId);
    if (c.state === 'closed') throw new HubError('SESSION_REQUIRED');
    return c;
  }

  private agencyActive(agencyId: number): boolean {
    return this.db.prepare('SELECT active FROM agencies WHERE id = ?').pluck().get(agencyId) === 1;
  }

  agencyName(agencyId: number): string {
    return (this.db.prepare('SELECT name FROM agencies WHERE id = ?').pluck().get(agencyId) as string | undefined) ?? '';
  }

  private emit<T extends TicketEventType>(type: T, row: TicketRow, actor: Actor, data: Omit<EventData<T>, keyof TicketEventData>): void {
    this.events.append({
      type,
      at: this.clock.now(),
      businessDate: row.business_date,
      ticketId: row.id,
      serviceId: row.service_id,
      counterId: row.counter_id,
      officerId: actor.officerId ?? null,
      deviceId: actor.deviceId ?? null,
      data: {
        display: formatTicketNumber(row.prefix, row.number),
        prefix: row.prefix,
        number: row.number,
        status: row.status,
        priorityGroup: row.priority_group,
        callCount: row.call_count,
        ...data,
      } as EventData<T>,
    });
  }

  private emitCounter<T extends CounterEventType>(type: T, c: CounterRow, actor: Actor, data: Omit<EventData<T>, 'counterLabel'>): void {
    this.events.append({
      type,
      at: this.clock.now(),
      businessDate: this.today(),
      counterId: c.id,
      officerId: actor.officerId ?? null,
      deviceId: actor.deviceId ?? null,
      data: { counterLabel: c.label, ...data } as EventData<T>,
    });
  }
}
