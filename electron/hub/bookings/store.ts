/**
 * Online booking at the hub (issue 23), the sync side: each service's booking settings, the
 * catalogue published up to the central server (as a `booking.catalogue` event, through the
 * ordinary push) and the bookings pulled down from its feed (feedPull.ts fetches, this applies).
 *
 * Exactly once: a feed page is applied in ONE SQLite transaction that also moves
 * booking_feed.cursor to its last seq, so a page fetched twice, or fetched and lost to a crash
 * before it was applied, changes nothing twice: entries at or below the cursor are skipped, and
 * a page that does not start right after the cursor (a gap) is refused whole and fetched again.
 */
import { businessDate } from '../../../shared/businessDate.js';
import { formatTicketNumber } from '../../../shared/ticketNumber.js';
import {
  BookingCatalogue,
  FeedPage,
  type BookingConflict,
  type FeedBooking,
  type HubBooking,
  type ServiceBookingSettings,
} from '../../../shared/booking.js';
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit.js';
import type { ClosureInfo } from '../../../shared/calendar.js';
import type { Calendar } from '../calendar.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventLog } from '../events.js';
import { HubError } from '../hubError.js';
import type { MasterData } from '../masterData.js';
import type { QueueEngine } from '../queue/engine.js';

export interface BookingStoreDeps {
  db: Db;
  events: EventLog;
  master: MasterData;
  engine: Pick<QueueEngine, 'agencyName'>;
  calendar: Pick<Calendar, 'closures' | 'closureOn'>;
  clock: Clock;
  audit: AuditLog;
}

/** What a service takes before the admin says otherwise: the table's defaults, bookings off. */
export const DEFAULT_BOOKING_SETTINGS: ServiceBookingSettings = { enabled: false, slotMinutes: 30, capacityPerSlot: 4, daysAhead: 14 };

interface SettingsRow {
  service_id: number;
  enabled: number;
  slot_minutes: number;
  capacity: number;
  days_ahead: number;
}

const toSettings = (r: SettingsRow): ServiceBookingSettings => ({
  enabled: r.enabled === 1,
  slotMinutes: r.slot_minutes as ServiceBookingSettings['slotMinutes'],
  capacityPerSlot: r.capacity,
  daysAhead: r.days_ahead,
});

/** The result of applying one feed page. */
export type ApplyResult =
  | { kind: 'applied'; applied: number; skipped: number; cursor: number }
  /** the page starts past cursor + 1: entries are missing in between; nothing applied */
  | { kind: 'gap'; cursor: number; firstSeq: number };

/** Looked at this often besides the events: "from today on" moves daily, and past closures drop out. */
const CATALOGUE_CHECK_MS = 60 * 60_000;

export class BookingStore {
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: BookingStoreDeps) {}

  /**
   * Republishes the catalogue when services, settings, the master data or the calendar change (a
   * closure is a `master.changed`), and hourly, for the day that turns (past closures drop out).
   * publishCatalogue appends only when it differs.
   */
  watch(): void {
    const check = () => {
      try {
        this.publishCatalogue();
      } catch (err) {
        console.error('booking catalogue', err);
      }
    };
    this.unsubscribe ??= this.deps.events.subscribe((e) => {
      if (e.type === 'master.changed' || e.type === 'settings.changed' || e.type === 'day.closed') check();
    });
    if (!this.timer) {
      this.timer = setInterval(check, CATALOGUE_CHECK_MS);
      this.timer.unref();
    }
    check();
  }

  stopWatching(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private today(): string {
    return businessDate(this.deps.clock.now(), this.deps.master.site().timeZone);
  }

  settings(serviceId: number): ServiceBookingSettings {
    if (!this.deps.master.service(serviceId)) throw new HubError('SERVICE_NOT_FOUND');
    const r = this.deps.db.prepare('SELECT * FROM booking_settings WHERE service_id = ?').get(serviceId) as SettingsRow | undefined;
    return r ? toSettings(r) : { ...DEFAULT_BOOKING_SETTINGS };
  }

  setSettings(serviceId: number, s: ServiceBookingSettings, actor?: Actor): ServiceBookingSettings {
    const before = this.settings(serviceId);
    this.deps.events.transaction(() => {
      this.deps.db
        .prepare(
          `INSERT INTO booking_settings (service_id, enabled, slot_minutes, capacity, days_ahead, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(service_id) DO UPDATE SET enabled = excluded.enabled, slot_minutes = excluded.slot_minutes,
             capacity = excluded.capacity, days_ahead = excluded.days_ahead, updated_at = excluded.updated_at`,
        )
        .run(serviceId, s.enabled ? 1 : 0, s.slotMinutes, s.capacityPerSlot, s.daysAhead, this.deps.clock.now());
      this.deps.audit.record(actor, 'booking_settings.update', 'service', serviceId, before, s);
      // In the same transaction: the central server hears of it with the next push.
      this.publishCatalogue();
    });
    return this.settings(serviceId);
  }

  /** What the central server needs to offer this site's slots (active services only). */
  catalogue(): BookingCatalogue {
    const { master, engine, calendar, db } = this.deps;
    const site = master.site();
    const rows = new Map((db.prepare('SELECT * FROM booking_settings').all() as SettingsRow[]).map((r) => [r.service_id, toSettings(r)]));
    const services = master
      .services()
      .filter((s) => s.active)
      .map((s) => ({
        serviceId: s.id,
        code: s.code,
        name: s.name,
        agencyId: s.agencyId,
        agencyName: engine.agencyName(s.agencyId),
        settings: rows.get(s.id) ?? { ...DEFAULT_BOOKING_SETTINGS },
        hours: s.hours,
      }));
    // "Buka tetap" entries say a day is open after all: not a closure for booking.
    const closures = calendar
      .closures(this.today())
      .filter((c) => !c.openAnyway)
      .map((c) => ({ date: c.date, serviceId: c.serviceId }));
    return { siteName: site.name, timeZone: site.timeZone, services, closures };
  }

  /**
   * Appends a `booking.catalogue` event when the catalogue differs from the last one appended
   * (the push carries it up); nothing when it is the same, so an hourly check costs no event.
   */
  publishCatalogue(): boolean {
    const { db, events, clock, master } = this.deps;
    if (!master.hasSite()) return false;
    const next = this.catalogue();
    const last = db.prepare("SELECT data FROM events WHERE type = 'booking.catalogue' ORDER BY seq DESC LIMIT 1").pluck().get() as string | undefined;
    if (last !== undefined && last === JSON.stringify(next)) return false;
    events.transaction(() => {
      const now = clock.now();
      events.append({ type: 'booking.catalogue', at: now, businessDate: businessDate(now, next.timeZone), data: next });
    });
    return true;
  }

  /** Why a booking for this service cannot be honoured as booked, or null. */
  private unavailable(serviceId: number): BookingConflict | null {
    const service = this.deps.master.service(serviceId);
    if (!service || !service.active) return 'service_unavailable';
    const s = this.deps.db.prepare('SELECT enabled FROM booking_settings WHERE service_id = ?').pluck().get(serviceId) as number | undefined;
    return s === 1 ? null : 'service_unavailable';
  }

  feedCursor(): { cursor: number; pulledAt: number | null } {
    const r = this.deps.db.prepare('SELECT cursor, pulled_at FROM booking_feed WHERE id = 1').get() as { cursor: number; pulled_at: number | null };
    return { cursor: r.cursor, pulledAt: r.pulled_at };
  }

  /**
   * Applies one feed page: every entry after the cursor, and the cursor moved to the last, in one
   * transaction. The page is checked whole first (shape, then continuity) so nothing is half done.
   */
  applyPage(input: unknown): ApplyResult {
    const page = FeedPage.parse(input);
    const { db, events, clock, master } = this.deps;
    return events.transaction(() => {
      const { cursor } = this.feedCursor();
      const fresh = page.entries.filter((e) => e.seq > cursor).sort((a, b) => a.seq - b.seq);
      let expect = cursor + 1;
      for (const e of fresh) {
        if (e.seq !== expect) return { kind: 'gap', cursor, firstSeq: e.seq } as const;
        expect++;
      }
      const now = clock.now();
      const today = businessDate(now, master.site().timeZone);
      const byCode = db.prepare('SELECT id, status, service_id FROM bookings WHERE code = ?');
      for (const e of fresh) {
        if (e.kind === 'booking.made') {
          this.receive(e.booking, now, today);
          continue;
        }
        const b = byCode.get(e.code) as { id: number; status: string; service_id: number } | undefined;
        const conflict = (c: BookingConflict, serviceId: number | null) =>
          events.append({ type: 'booking.conflict', at: now, businessDate: today, serviceId, data: { code: e.code, conflict: c } });
        if (!b) {
          conflict('unknown_code', null);
        } else if (b.status === 'checked_in') {
          // They hold a ticket already: the cancellation is not applied, the admin is told.
          db.prepare("UPDATE bookings SET conflict = 'cancelled_after_check_in' WHERE id = ?").run(b.id);
          conflict('cancelled_after_check_in', b.service_id);
        } else if (b.status === 'booked') {
          db.prepare("UPDATE bookings SET status = 'cancelled', cancelled_at = ? WHERE id = ?").run(e.cancelledAt, b.id);
          events.append({ type: 'booking.cancelled', at: now, businessDate: today, serviceId: b.service_id, data: { code: e.code } });
        }
        // already cancelled or a no-show: nothing left to cancel
      }
      const last = fresh.at(-1)?.seq ?? cursor;
      db.prepare('UPDATE booking_feed SET cursor = ?, pulled_at = ? WHERE id = 1').run(last, now);
      return { kind: 'applied', applied: fresh.length, skipped: page.entries.length - fresh.length, cursor: last } as const;
    });
  }

  private receive(b: FeedBooking, now: number, today: string): void {
    const { db, events } = this.deps;
    const conflict = this.unavailable(b.serviceId);
    // The code is unique at the central server; the same code twice here would be that server's
    // bug, and the first booking stands (the UNIQUE index refuses the copy).
    const r = db
      .prepare(
        `INSERT INTO bookings (code, service_id, business_date, slot_start, slot_end, made_at, phone, status, conflict, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?) ON CONFLICT(code) DO NOTHING`,
      )
      .run(b.code, b.serviceId, b.date, b.slotStart, b.slotEnd, b.madeAt, b.phone, conflict, now);
    if (r.changes === 0) return;
    events.append({ type: 'booking.received', at: now, businessDate: today, serviceId: this.deps.master.service(b.serviceId) ? b.serviceId : null, data: { code: b.code, date: b.date, slotStart: b.slotStart, slotEnd: b.slotEnd } });
    if (conflict) events.append({ type: 'booking.conflict', at: now, businessDate: today, serviceId: null, data: { code: b.code, conflict } });
  }

  /** The bookings of a date, by slot, for the admin. */
  list(date: string): HubBooking[] {
    const rows = this.deps.db
      .prepare(
        `SELECT b.*, t.prefix AS ticket_prefix, t.number AS ticket_number FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id
         WHERE b.business_date = ? ORDER BY b.slot_start, b.service_id, b.id`,
      )
      .all(date) as {
      id: number;
      code: string;
      service_id: number;
      business_date: string;
      slot_start: string;
      slot_end: string;
      status: HubBooking['status'];
      ticket_prefix: string | null;
      ticket_number: number | null;
      checked_in_at: number | null;
      conflict: HubBooking['conflict'];
      phone: string | null;
    }[];
    const closedServices = new Map<number, boolean>();
    const closed = (serviceId: number) => {
      if (!closedServices.has(serviceId)) closedServices.set(serviceId, this.deps.calendar.closureOn(serviceId, date) !== null);
      return closedServices.get(serviceId)!;
    };
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      serviceId: r.service_id,
      serviceName: this.deps.master.service(r.service_id)?.name ?? `#${r.service_id}`,
      date: r.business_date,
      slotStart: r.slot_start,
      slotEnd: r.slot_end,
      status: r.status,
      ticketDisplay: r.ticket_prefix !== null && r.ticket_number !== null ? formatTicketNumber(r.ticket_prefix, r.ticket_number) : null,
      checkedInAt: r.checked_in_at,
      conflict: r.conflict,
      phone: r.phone,
      dayClosed: r.status === 'booked' && closed(r.service_id),
    }));
  }

  /**
   * The bookings still standing on the day a closure closes (none for an "open anyway" or an
   * undone one): the citizens to tell. An MPP-wide closure counts every service not opened anyway;
   * `agencyId`: that agency's services only (a supervisor's view).
   */
  standingOn(c: ClosureInfo, agencyId: number | null = null): number {
    if (c.openAnyway || c.removedAt !== null) return 0;
    const rows = this.deps.db.prepare("SELECT service_id FROM bookings WHERE business_date = ? AND status = 'booked'").pluck().all(c.date) as number[];
    return rows.filter(
      (serviceId) =>
        (c.serviceId === null || c.serviceId === serviceId) &&
        (agencyId === null || this.deps.master.serviceAgency(serviceId) === agencyId) &&
        this.deps.calendar.closureOn(serviceId, c.date) !== null,
    ).length;
  }
}
