/**
 * Finding one ticket by the number a citizen shows ("A-012", today or a given date) for the
 * admin's operations tab: the ticket, its service and agency, its life from the event log (issued,
 * printed, called at which counter by whom, cancelled and why), and the counters that could call
 * it. Read-only: the changes go through the queue engine and the print service.
 */
import type { Ticket } from '../../shared/protocol.js';
import type { CallableCounter, TicketDetail, TicketHistoryEntry } from '../../shared/operations.js';
import type { EventType, CounterState } from '../../shared/domain.js';
import type { Db } from './db/open.js';
import type { QueueEngine } from './queue/engine.js';
import { toTicket, type TicketRow } from './queue/tickets.js';

export interface TicketFinderDeps {
  db: Db;
  engine: QueueEngine;
}

interface EventRow {
  seq: number;
  at: number;
  type: EventType;
  counter_id: number | null;
  officer_name: string | null;
  device_name: string | null;
  counter_name: string | null;
  data: string;
}

export class TicketFinder {
  constructor(private readonly deps: TicketFinderDeps) {}

  /** The ticket numbered `prefix`-`number` on that business date, if one was issued. */
  find(prefix: string, number: number, date: string): Ticket | null {
    const r = this.deps.db.prepare('SELECT * FROM tickets WHERE business_date = ? AND prefix = ? AND number = ?').get(date, prefix, number) as TicketRow | undefined;
    return r ? toTicket(r) : null;
  }

  /** The agency of a ticket's service now, and of the service it was issued for (after a transfer they differ). */
  agenciesOf(ticket: Pick<Ticket, 'serviceId' | 'originServiceId'>): { current: number; origin: number } {
    const agency = this.deps.db.prepare('SELECT agency_id FROM services WHERE id = ?').pluck();
    return { current: agency.get(ticket.serviceId) as number, origin: agency.get(ticket.originServiceId) as number };
  }

  /** The officer working at a counter now (null: nobody logged in there). */
  counterOfficer(counterId: number): number | null {
    return (this.deps.db.prepare('SELECT officer_id FROM counters WHERE id = ?').pluck().get(counterId) as number | null | undefined) ?? null;
  }

  detail(ticket: Ticket): TicketDetail {
    const { db, engine } = this.deps;
    const service = db
      .prepare('SELECT s.name, s.agency_id, a.name AS agency FROM services s JOIN agencies a ON a.id = s.agency_id WHERE s.id = ?')
      .get(ticket.serviceId) as { name: string; agency_id: number; agency: string };
    const serviceName = db.prepare('SELECT name FROM services WHERE id = ?').pluck();
    const events = db
      .prepare(
        `SELECT e.seq, e.at, e.type, e.counter_id, o.name AS officer_name, d.name AS device_name, c.label AS counter_name, e.data
           FROM events e
           LEFT JOIN officers o ON o.id = e.officer_id
           LEFT JOIN devices d ON d.id = e.device_id
           LEFT JOIN counters c ON c.id = e.counter_id
          WHERE e.ticket_id = ?
          ORDER BY e.seq`,
      )
      .all(ticket.id) as EventRow[];
    // A day reopened after a mistaken close put the ticket back in the queue: say so after its "closed".
    const firstClose = events.find((e) => e.type === 'ticket.closed');
    if (firstClose) {
      const reopened = db
        .prepare(
          `SELECT e.seq, e.at, e.type, e.counter_id, o.name AS officer_name, d.name AS device_name, NULL AS counter_name, e.data
             FROM events e LEFT JOIN officers o ON o.id = e.officer_id LEFT JOIN devices d ON d.id = e.device_id
            WHERE e.type = 'day.reopened' AND e.business_date = ? AND e.seq > ?`,
        )
        .all(ticket.businessDate, firstClose.seq) as EventRow[];
      events.push(...reopened);
      events.sort((a, b) => a.seq - b.seq);
    }
    const history: TicketHistoryEntry[] = events.map((e) => {
      const data = JSON.parse(e.data) as Record<string, unknown>;
      let detail: string | null = null;
      if (typeof data.reason === 'string') detail = data.reason;
      else if (e.type === 'ticket.transferred') {
        detail = `${String(serviceName.get(data.fromServiceId) ?? data.fromServiceId)} → ${String(serviceName.get(data.toServiceId) ?? data.toServiceId)}`;
      } else if (e.type === 'ticket.print_failed' || e.type === 'ticket.print_unconfirmed') detail = typeof data.printerState === 'string' ? data.printerState : null;
      return {
        seq: e.seq,
        at: e.at,
        type: e.type,
        counterId: e.counter_id,
        counterLabel: typeof data.counterLabel === 'string' ? data.counterLabel : e.counter_name,
        officerName: e.officer_name,
        deviceName: e.device_name,
        detail,
        reprint: data.reprint === true,
        again: data.again === true,
      };
    });
    const held = new Set(
      db.prepare(`SELECT counter_id FROM tickets WHERE status IN ('called','serving') AND counter_id IS NOT NULL`).pluck().all() as number[],
    );
    const counters: CallableCounter[] = (
      db
        .prepare(
          `SELECT c.id, c.label, c.state FROM counter_services cs JOIN counters c ON c.id = cs.counter_id
            WHERE cs.service_id = ? AND c.active = 1 ORDER BY c.label COLLATE NOCASE, c.id`,
        )
        .all(ticket.serviceId) as { id: number; label: string; state: CounterState }[]
    ).map((c) => ({ id: c.id, label: c.label, state: c.state, busy: held.has(c.id) }));
    const counterLabel =
      ticket.counterId === null ? null : ((db.prepare('SELECT label FROM counters WHERE id = ?').pluck().get(ticket.counterId) as string | undefined) ?? null);
    return {
      ticket,
      serviceName: service.name,
      agencyId: service.agency_id,
      agencyName: service.agency,
      counterLabel,
      today: engine.today(),
      history,
      counters,
    };
  }
}
