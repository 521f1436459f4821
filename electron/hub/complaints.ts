/**
 * Complaints (*pengaduan*, shared/complaints.ts): filed by a citizen at the kiosk or on their
 * ticket's phone page, kept here (the building may have no internet), read and answered by the
 * agency's supervisor, and carried to the central server by sync as events.
 *
 * - Filing is one transaction: the row and a 'complaint.filed' event. The event carries the text
 *   and (only with consent) the contact, because the central server builds its LAPOR export from
 *   the events alone; the screens never see them (`complaintForScreens`).
 * - The sender's request id is the idempotency key: a kiosk that lost the answer and sends again
 *   gets the first complaint back and nothing new is written.
 * - Answering again replaces the answer (a supervisor correcting a typo or following up): each
 *   answer is its own event and audit entry, and the central server keeps the latest.
 */
import { randomUUID } from 'node:crypto';
import {
  complaintReference,
  ComplaintContact,
  type Complaint,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintFilter,
  type ComplaintInput,
  type ComplaintList,
  type ComplaintReceipt,
} from '../../shared/complaints.js';
import type { Event } from '../../shared/protocol.js';
import { formatTicketNumber } from '../../shared/ticketNumber.js';
import type { Actor } from './actor.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { EventLog } from './events.js';
import { HubError } from './hubError.js';
import type { QueueEngine } from './queue/engine.js';

/** Where a complaint comes from: the phone page of one ticket, or a kiosk. */
export type ComplaintSource = { channel: 'phone'; ticketId: number } | { channel: 'kiosk'; deviceId: number | null };

/** The most a list answers: a supervisor reads the newest; older ones stay in the central export. */
const LIST_LIMIT = 500;

export interface ComplaintsDeps {
  db: Db;
  events: EventLog;
  engine: Pick<QueueEngine, 'today' | 'ticket'>;
  audit: AuditLog;
  clock: Clock;
}

interface ComplaintRow {
  id: number;
  uid: string;
  request_id: string;
  channel: ComplaintChannel;
  category: ComplaintCategory;
  text: string;
  contact: string | null;
  agency_id: number | null;
  agency_name: string | null;
  service_id: number | null;
  service_name: string | null;
  ticket_prefix: string | null;
  ticket_number: number | null;
  business_date: string;
  at: number;
  answer: string | null;
  answered_at: number | null;
  answered_by: string | null;
}

const SELECT = `
  SELECT c.*, a.name AS agency_name, s.name AS service_name, o.name AS answered_by,
         t.prefix AS ticket_prefix, t.number AS ticket_number
  FROM complaints c
  LEFT JOIN agencies a ON a.id = c.agency_id
  LEFT JOIN services s ON s.id = c.service_id
  LEFT JOIN officers o ON o.id = c.answered_by
  LEFT JOIN tickets t ON t.id = c.ticket_id`;

function toComplaint(r: ComplaintRow): Complaint {
  return {
    id: r.id,
    uid: r.uid,
    channel: r.channel,
    category: r.category,
    text: r.text,
    contact: r.contact === null ? null : ComplaintContact.parse(JSON.parse(r.contact)),
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    serviceId: r.service_id,
    serviceName: r.service_name,
    ticketDisplay: r.ticket_prefix === null || r.ticket_number === null ? null : formatTicketNumber(r.ticket_prefix, r.ticket_number),
    businessDate: r.business_date,
    at: r.at,
    status: r.answer === null ? 'new' : 'answered',
    answer: r.answer,
    answeredAt: r.answered_at,
    answeredBy: r.answered_by,
  };
}

export class Complaints {
  constructor(private readonly deps: ComplaintsDeps) {}

  private row(where: string, arg: unknown): ComplaintRow | undefined {
    return this.deps.db.prepare(`${SELECT} WHERE ${where}`).get(arg) as ComplaintRow | undefined;
  }

  /** One complaint by its hub id (no scope check: the caller's). */
  get(id: number): Complaint | null {
    const r = this.row('c.id = ?', id);
    return r ? toComplaint(r) : null;
  }

  file(input: ComplaintInput, from: ComplaintSource): ComplaintReceipt {
    // The schema refuses this over HTTP; an in-process caller must not get round it either.
    if (input.contact !== null && !input.consent) throw new HubError('VALIDATION_FAILED', { consent: 'a contact is kept only with consent' });
    const { db, events, engine, clock } = this.deps;
    return events.transaction(() => {
      const earlier = this.row('c.request_id = ?', input.requestId);
      if (earlier) {
        // The same complaint sent again (a lost answer): the first one stands. A different one
        // under the same id is a client bug, not a second complaint.
        if (earlier.text !== input.text || earlier.category !== input.category) throw new HubError('IDEMPOTENCY_CONFLICT');
        return { uid: earlier.uid, reference: complaintReference(earlier.uid), at: earlier.at };
      }
      let agencyId: number | null;
      let serviceId: number | null = null;
      let ticketId: number | null = null;
      let ticketDisplay: string | null = null;
      let deviceId: number | null = null;
      if (from.channel === 'phone') {
        // The phone page's complaint is about its own ticket's agency and service, whatever it sent.
        const t = engine.ticket(from.ticketId);
        if (!t) throw new HubError('TICKET_NOT_FOUND');
        ticketId = t.id;
        ticketDisplay = t.display;
        serviceId = t.serviceId;
        agencyId = (db.prepare('SELECT agency_id FROM services WHERE id = ?').pluck().get(t.serviceId) as number | undefined) ?? null;
      } else {
        agencyId = input.agencyId;
        deviceId = from.deviceId;
        if (agencyId !== null && db.prepare('SELECT 1 FROM agencies WHERE id = ? AND active = 1').get(agencyId) === undefined) throw new HubError('AGENCY_NOT_FOUND');
      }
      const uid = randomUUID();
      const at = clock.now();
      const businessDate = engine.today();
      const contact = input.contact !== null && input.consent ? input.contact : null;
      db.prepare(
        `INSERT INTO complaints (uid, request_id, channel, category, text, contact, agency_id, service_id, ticket_id, device_id, business_date, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(uid, input.requestId, from.channel, input.category, input.text, contact === null ? null : JSON.stringify(contact), agencyId, serviceId, ticketId, deviceId, businessDate, at);
      events.append({
        type: 'complaint.filed',
        at,
        businessDate,
        ticketId,
        serviceId,
        deviceId,
        data: { uid, channel: from.channel, category: input.category, agencyId, ticketDisplay, text: input.text, contact },
      });
      return { uid, reference: complaintReference(uid), at };
    });
  }

  /**
   * A supervisor's list: `scope` null is every complaint (admin, MPP-wide supervisor), a number is
   * that agency's only — a complaint about no agency in particular is the MPP's, not an agency's.
   */
  list(scope: number | null, filter: ComplaintFilter = 'all'): ComplaintList {
    const status = filter === 'new' ? 'AND c.answer IS NULL' : filter === 'answered' ? 'AND c.answer IS NOT NULL' : '';
    const rows = this.deps.db
      .prepare(`${SELECT} WHERE (? IS NULL OR c.agency_id = ?) ${status} ORDER BY c.at DESC, c.id DESC LIMIT ${LIST_LIMIT}`)
      .all(scope, scope) as ComplaintRow[];
    const newCount = this.deps.db.prepare('SELECT COUNT(*) FROM complaints WHERE (? IS NULL OR agency_id = ?) AND answer IS NULL').pluck().get(scope, scope) as number;
    return { complaints: rows.map(toComplaint), newCount };
  }

  /**
   * The supervisor's answer (`scope` as in `list`; outside it the complaint is refused as not
   * found, so a supervisor cannot learn what other agencies' complaints exist). Answering again
   * replaces the answer; the audit log keeps each one.
   */
  answer(id: number, text: string, scope: number | null, actor: Actor): Complaint {
    const { db, events, audit, clock } = this.deps;
    return events.transaction(() => {
      const before = this.row('c.id = ?', id);
      if (!before || (scope !== null && before.agency_id !== scope)) throw new HubError('COMPLAINT_NOT_FOUND');
      const at = clock.now();
      db.prepare('UPDATE complaints SET answer = ?, answered_at = ?, answered_by = ? WHERE id = ?').run(text, at, actor.officerId ?? null, id);
      audit.record(actor, before.answer === null ? 'complaint.answer' : 'complaint.reanswer', 'complaint', id, { answer: before.answer }, { answer: text });
      events.append({
        type: 'complaint.answered',
        at,
        // The day it was answered: the event belongs to that day's log like any other.
        businessDate: this.deps.engine.today(),
        serviceId: before.service_id,
        officerId: actor.officerId ?? null,
        deviceId: actor.deviceId ?? null,
        data: { uid: before.uid, answer: text },
      });
      return this.get(id)!;
    });
  }
}

const screened = new WeakMap<Event, Event>();

/**
 * A complaint event as the screens receive it (the stream, GET /api/events): without its text,
 * contact or answer. Those are for the supervisor (who reads them from the list) and the central
 * server (sync reads the log itself); a kiosk or the hall's display has no business with them.
 */
export function complaintForScreens(e: Event): Event {
  if (e.type !== 'complaint.filed' && e.type !== 'complaint.answered') return e;
  let out = screened.get(e);
  if (!out) {
    if (e.type === 'complaint.filed') {
      const { text: _text, contact: _contact, ...data } = e.data;
      out = { ...e, data };
    } else {
      const { answer: _answer, ...data } = e.data;
      out = { ...e, data };
    }
    screened.set(e, out);
  }
  return out;
}
