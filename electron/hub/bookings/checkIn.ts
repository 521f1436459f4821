/**
 * A booked citizen checks in at the kiosk (issue 23): the code as typed or scanned becomes a
 * ticket, issued through the queue engine's normal issue in the same transaction as the
 * booking's check-in, and placed by THE RULE (docs/BOOKING.md):
 * - on time (slot start −30 min … +15 min): due_at = slot start, arrived_at = slot start −
 *   maxWait + 1 min, so it is called from its slot ahead of walk-ins not yet overdue, behind
 *   those already overdue, and never ahead of the priority queue by the overdue rule;
 * - late, another day, not yet received, service unavailable: an ordinary ticket, said so.
 * Retry-safe: the same requestId from the same kiosk gives the same answer.
 */
import {
  readBookingCode,
  type CheckInPlacement,
  type CheckInRequest,
} from '../../../shared/booking.js';
import type { CheckInResponse } from '../../../shared/protocol.js';
import { LocalDays } from '../../../shared/serviceCalendar.js';
import type { Actor } from '../actor.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventLog } from '../events.js';
import { HubError } from '../hubError.js';
import type { MasterData } from '../masterData.js';
import type { QueueEngine } from '../queue/engine.js';
import type { SettingsStore } from '../settings.js';

export const CHECK_IN_OPENS_BEFORE_MS = 30 * 60_000;
export const CHECK_IN_CLOSES_AFTER_MS = 15 * 60_000;

export interface CheckInDeps {
  db: Db;
  events: EventLog;
  engine: QueueEngine;
  master: MasterData;
  settings: SettingsStore;
  clock: Clock;
}

interface BookingRow {
  id: number;
  code: string;
  service_id: number;
  business_date: string;
  slot_start: string;
  slot_end: string;
  status: 'booked' | 'cancelled' | 'checked_in' | 'no_show';
  ticket_id: number | null;
  conflict: string | null;
}

const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function message(placement: CheckInPlacement, b: BookingRow | undefined): { id: string; en: string } {
  switch (placement) {
    case 'on_time':
      return {
        id: `Booking ${b!.slot_start}: Anda dipanggil mulai pukul ${b!.slot_start}. Silakan menunggu.`,
        en: `Booking ${b!.slot_start}: you are called from ${b!.slot_start}. Please wait.`,
      };
    case 'late':
      return {
        id: 'Anda datang lebih dari 15 menit setelah jadwal booking; Anda dilayani sebagai antrean biasa.',
        en: 'You came more than 15 minutes after your booked time; you are served as an ordinary ticket.',
      };
    case 'other_day':
      return {
        id: `Booking Anda untuk tanggal ${b!.business_date}; hari ini Anda dilayani sebagai antrean biasa.`,
        en: `Your booking is for ${b!.business_date}; today you are served as an ordinary ticket.`,
      };
    case 'not_yet_received':
      return {
        id: 'Booking Anda belum diterima server gedung; Anda dilayani sebagai antrean biasa.',
        en: 'This building has not received your booking yet; you are served as an ordinary ticket.',
      };
    case 'service_unavailable':
      return {
        id: 'Layanan booking Anda tidak tersedia hari ini; Anda dilayani sebagai antrean biasa.',
        en: 'The service you booked is not available today; you are served as an ordinary ticket.',
      };
  }
}

export class BookingCheckIn {
  constructor(private readonly deps: CheckInDeps) {}

  checkIn(req: CheckInRequest, actor: Actor = {}): CheckInResponse {
    const { db, events, engine, master, settings, clock } = this.deps;
    const code = readBookingCode(req.code);
    if (code === null) throw new HubError('BOOKING_CODE_INVALID');
    const requestKey = `${actor.deviceId ?? 0}:${req.requestId}`;
    const byCode = db.prepare('SELECT * FROM bookings WHERE code = ?');

    return events.transaction(() => {
      // A retry (the kiosk lost the answer): the same ticket, placed as it was.
      const earlier = db.prepare('SELECT id, due_at FROM tickets WHERE request_key = ?').get(requestKey) as
        | { id: number; due_at: number | null }
        | undefined;
      if (earlier) {
        const b = byCode.get(code) as BookingRow | undefined;
        const placement: CheckInPlacement =
          b?.ticket_id === earlier.id ? (earlier.due_at !== null ? 'on_time' : 'late') : !b ? 'not_yet_received' : b.conflict === 'service_unavailable' || !master.service(b.service_id) ? 'service_unavailable' : 'other_day';
        return this.answer(engine.issue({ serviceId: engine.ticket(earlier.id)!.originServiceId, requestId: req.requestId }, actor), placement, b);
      }

      const now = clock.now();
      const today = engine.today(now);
      const b = byCode.get(code) as BookingRow | undefined;
      // Not pulled yet (booked after the last pull, or the line is down): never refused; the
      // kiosk asks for the service and sends it again.
      if (!b) {
        if (req.serviceId === undefined) throw new HubError('BOOKING_NOT_RECEIVED');
        return this.walkIn(req.serviceId, req, actor, 'not_yet_received', undefined, code);
      }
      if (b.status === 'checked_in') {
        const t = b.ticket_id !== null ? engine.ticket(b.ticket_id) : undefined;
        throw new HubError('BOOKING_ALREADY_CHECKED_IN', { display: t?.display ?? null });
      }
      if (b.status === 'cancelled') throw new HubError('BOOKING_CANCELLED');

      const service = master.service(b.service_id);
      if (!service || b.conflict === 'service_unavailable' || engine.closedOn(b.service_id, today) || !service.active) {
        if (req.serviceId === undefined) throw new HubError('BOOKING_SERVICE_UNAVAILABLE');
        return this.walkIn(req.serviceId, req, actor, 'service_unavailable', b, code);
      }
      // A booking for another day (or one already a no-show): an ordinary ticket in its service
      // today; the booking itself stays as it is, for its own day.
      if (b.business_date !== today || b.status !== 'booked') {
        return this.walkIn(b.service_id, req, actor, 'other_day', b, code);
      }

      const slotStart = new LocalDays(master.site().timeZone).at(b.business_date, minuteOf(b.slot_start));
      if (now < slotStart - CHECK_IN_OPENS_BEFORE_MS) {
        throw new HubError('BOOKING_TOO_EARLY', { opensAt: slotStart - CHECK_IN_OPENS_BEFORE_MS, slotStart: b.slot_start });
      }
      const onTime = now <= slotStart + CHECK_IN_CLOSES_AFTER_MS;
      const maxWaitMs = settings.get('priorityPolicy').maxWaitMinutes * 60_000;
      const issued = engine.issue(
        {
          serviceId: b.service_id,
          requestId: req.requestId,
          // +1 min: at its slot the booked ticket is not yet overdue itself, so it does not jump
          // the priority (lansia/disabilitas) queue by the overdue rule.
          booking: onTime ? { id: b.id, dueAt: slotStart, arrivedAt: slotStart - maxWaitMs + 60_000 } : { id: b.id, dueAt: null, arrivedAt: now },
        },
        actor,
      );
      const placement: CheckInPlacement = onTime ? 'on_time' : 'late';
      db.prepare(`UPDATE bookings SET status = 'checked_in', ticket_id = ?, checked_in_at = ? WHERE id = ?`).run(issued.ticket.id, now, b.id);
      events.append({
        type: 'booking.checked_in',
        at: now,
        businessDate: today,
        ticketId: issued.ticket.id,
        serviceId: b.service_id,
        deviceId: actor.deviceId ?? null,
        data: { code: b.code, display: issued.ticket.display, placement },
      });
      // The people ahead as the queue now stands (the engine counted before the placement).
      const peopleAhead = engine.peopleAhead(issued.ticket);
      return this.answer({ ...issued, peopleAhead, estimatedWaitMinutes: engine.estimatedWaitMinutes(b.service_id, peopleAhead) }, placement, b);
    });
  }

  /** An ordinary ticket for a check-in the rule does not place, its booking (if any) left as it is. */
  private walkIn(serviceId: number, req: CheckInRequest, actor: Actor, placement: CheckInPlacement, b: BookingRow | undefined, code: string): CheckInResponse {
    const issued = this.deps.engine.issue({ serviceId, requestId: req.requestId }, actor);
    // Every check-in is in the log with how it was placed, a walk-in one too (the reports count them).
    this.deps.events.append({
      type: 'booking.checked_in',
      at: this.deps.clock.now(),
      businessDate: issued.ticket.businessDate,
      ticketId: issued.ticket.id,
      serviceId: issued.ticket.serviceId,
      deviceId: actor.deviceId ?? null,
      data: { code, display: issued.ticket.display, placement },
    });
    return this.answer(issued, placement, b);
  }

  private answer(issued: ReturnType<QueueEngine['issue']>, placement: CheckInPlacement, b: BookingRow | undefined): CheckInResponse {
    return {
      ...issued,
      placement,
      booking: b ? { code: b.code, serviceId: b.service_id, date: b.business_date, slotStart: b.slot_start, slotEnd: b.slot_end } : null,
      message: message(placement, b),
    };
  }
}
