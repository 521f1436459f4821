/**
 * Online booking on the central server (issue 23): the slots a site offers (from the catalogue its
 * hub publishes), booking and cancelling them without ever selling a place twice, and the feed each
 * hub pulls (GET /api/sync/feed, the mirror of its push). Capacity is PostgreSQL's job: a slot row
 * with CHECK (taken <= capacity), taken in the same transaction that stores the booking and appends
 * it to the site's feed, so 200 citizens pressing "Pesan" at once get exactly the places there are.
 */
import { randomInt } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { BOOKING_CODE_ALPHABET, BOOKING_CODE_PATTERN, BookingCatalogue, type FeedEntry, type FeedPage } from '../shared/booking.js';
import { businessDate, parseHhMm } from '../shared/businessDate.js';
import { IngestError, type Site } from './store.js';

const MESSAGES = {
  NO_SUCH_SITE: { id: 'MPP tidak dikenal.', en: 'Unknown MPP.' },
  BOOKING_UNAVAILABLE: { id: 'MPP ini belum membuka booking daring.', en: 'This MPP does not take online bookings yet.' },
  BOOKING_NO_SUCH_SLOT: { id: 'Jam itu tidak tersedia untuk layanan ini. Silakan pilih jam lain.', en: 'That slot is not offered for this service. Please choose another.' },
  BOOKING_SLOT_FULL: { id: 'Jam itu sudah penuh. Silakan pilih jam lain.', en: 'That slot is full. Please choose another.' },
  BOOKING_BAD_REQUEST: { id: 'Isian booking tidak lengkap atau tidak sah.', en: 'The booking form is incomplete or invalid.' },
  BOOKING_CONSENT_REQUIRED: { id: 'Nomor HP hanya disimpan bila Anda mencentang persetujuan.', en: 'A phone number is kept only when you tick the consent box.' },
  BOOKING_NOT_FOUND: { id: 'Booking dengan kode dan tanggal itu tidak ada, atau sudah dibatalkan.', en: 'No active booking with that code and date.' },
  BOOKING_TOO_LATE: { id: 'Booking untuk hari ini atau yang sudah lewat tidak dapat dibatalkan di sini.', en: 'A booking for today or an earlier day cannot be cancelled here.' },
  BAD_FEED_REQUEST: { id: 'Permintaan feed tidak sah.', en: 'Bad feed request.' },
  WRONG_SITE: { id: 'Token ini bukan milik MPP itu.', en: 'This token belongs to another site.' },
  BAD_DATE: { id: 'Tanggal tidak sah.', en: 'Invalid date.' },
  BOOKING_STATUS_BAD_REQUEST: {
    id: 'Isi kode booking (6 huruf dan angka) dan tanggal booking, seperti pada bukti booking Anda.',
    en: 'Enter the booking code (6 letters and digits) and the booking date, as on your confirmation.',
  },
  // The same answer for an unknown code and a known code with the wrong date: no oracle.
  BOOKING_STATUS_NOT_FOUND: {
    id: 'Booking dengan kode dan tanggal itu tidak ditemukan. Periksa kembali kode dan tanggal pada bukti booking Anda.',
    en: 'No booking with that code and date. Check the code and the date on your confirmation.',
  },
} as const;
export type BookingErrorCode = keyof typeof MESSAGES;

export const bookingError = (status: number, code: BookingErrorCode, details: Record<string, unknown> = {}) =>
  new IngestError(status, { error: code, message: MESSAGES[code], ...details });

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SITE = /^[a-z0-9-]{3,60}$/;

/** `YYYY-MM-DD` plus n days (calendar arithmetic; no zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + n)).toISOString().slice(0, 10);
}
const weekdayOf = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!, 12)).getUTCDay();
};
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export interface OfferedSlot {
  date: string;
  start: string;
  end: string;
  capacity: number;
  left: number;
}

/**
 * The slots a service offers, before places are counted: tomorrow (in the site's zone) up to
 * daysAhead days on, the service's hours that weekday cut into whole slots (a slot that would run
 * past closing is not offered), the MPP's and the service's closures left out.
 */
export function slotsOf(catalogue: BookingCatalogue, serviceId: number, today: string): Omit<OfferedSlot, 'left'>[] {
  const service = catalogue.services.find((s) => s.serviceId === serviceId);
  if (!service || !service.settings.enabled) return [];
  const { slotMinutes, capacityPerSlot, daysAhead } = service.settings;
  const closed = new Set(catalogue.closures.filter((c) => c.serviceId === null || c.serviceId === serviceId).map((c) => c.date));
  const out: Omit<OfferedSlot, 'left'>[] = [];
  for (let i = 1; i <= daysAhead; i++) {
    const date = addDays(today, i);
    if (closed.has(date)) continue;
    for (const interval of service.hours[weekdayOf(date)] ?? []) {
      const close = interval.close === '24:00' ? 24 * 60 : parseHhMm(interval.close);
      for (let t = parseHhMm(interval.open); t + slotMinutes <= close; t += slotMinutes) {
        out.push({ date, start: hhmm(t), end: hhmm(t + slotMinutes), capacity: capacityPerSlot });
      }
    }
  }
  return out;
}

export const BookRequest = z.object({
  serviceId: z.coerce.number().int().positive(),
  date: z.string().regex(DATE),
  slot: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  phone: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.replace(/[\s-]/g, '') : ''))
    .refine((v) => v === '' || /^\+?\d{8,15}$/.test(v), { message: 'phone' }),
  consent: z.union([z.literal('on'), z.literal('1'), z.literal('true'), z.literal(true)]).optional(),
});
export const CancelRequest = z.object({ code: z.string().trim().toUpperCase().regex(BOOKING_CODE_PATTERN), date: z.string().regex(DATE) });

/**
 * Where a booking stands, as far as the central server knows (the check-in, the no-show and the
 * MPP's cancellation of a closed day come from the hub's pushed events, so they show once synced):
 * - `booked`: still booked;
 * - `cancelled`: cancelled by the citizen (code + date, on the cancel page);
 * - `day_closed`: the MPP closed that day for the service after it was booked: a closure in the
 *   catalogue the hub last pushed (`settled` false: the hub cancels it at the day's settling), or
 *   the hub's `booking.cancelled` with reason 'day_closed' (`settled` true);
 * - `checked_in`: the hub's `booking.checked_in` for this code on the booking's date;
 * - `no_show`: the hub's `booking.no_show` (nobody checked in by the day's close);
 * - `past`: the date is over and the hub has not reported on it yet.
 */
export const BOOKING_VIEW_STATES = ['booked', 'cancelled', 'day_closed', 'checked_in', 'no_show', 'past'] as const;
export type BookingViewState = (typeof BOOKING_VIEW_STATES)[number];

export interface BookingStatusView {
  code: string;
  date: string;
  slotStart: string;
  slotEnd: string;
  serviceId: number;
  /** from the catalogue the hub last pushed; null when the service is no longer in it */
  serviceName: string | null;
  agencyName: string | null;
  siteName: string;
  /** the site's business date now (the booking page's "today") */
  today: string;
  state: BookingViewState;
  /** day_closed: the hub has cancelled it already (true) or the closure is announced (false) */
  settled: boolean;
  cancelledAt: number | null;
  /** checked_in: the ticket number it became, and how it was placed */
  ticketDisplay: string | null;
  placement: string | null;
}

export interface MadeBooking {
  code: string;
  serviceId: number;
  serviceName: string;
  agencyName: string;
  date: string;
  slotStart: string;
  slotEnd: string;
}

const newCode = () => Array.from({ length: 6 }, () => BOOKING_CODE_ALPHABET[randomInt(BOOKING_CODE_ALPHABET.length)]).join('');

export class BookingStore {
  constructor(private readonly pool: pg.Pool) {}

  private async siteOfCode(code: string): Promise<Site> {
    const site = SITE.test(code) ? (await this.pool.query<Site>('SELECT id, code, name FROM sites WHERE code = $1 AND revoked_at IS NULL', [code])).rows[0] : undefined;
    if (!site) throw bookingError(404, 'NO_SUCH_SITE');
    return site;
  }

  /** The site and its latest catalogue (one that does not read as a catalogue counts as none). */
  async catalogue(siteCode: string, requireOpen = true): Promise<{ site: Site; catalogue: BookingCatalogue; today: string }> {
    const site = await this.siteOfCode(siteCode);
    const row = (await this.pool.query<{ catalogue: unknown }>('SELECT catalogue FROM booking_catalogues WHERE site_id = $1', [site.id])).rows[0];
    const parsed = row ? BookingCatalogue.safeParse(row.catalogue) : null;
    if (!parsed?.success || (requireOpen && !parsed.data.services.some((s) => s.settings.enabled))) throw bookingError(404, 'BOOKING_UNAVAILABLE');
    return { site, catalogue: parsed.data, today: businessDate(Date.now(), parsed.data.timeZone) };
  }

  /** A service's slots with the places left in each. */
  async offered(siteCode: string, serviceId: number): Promise<{ site: Site; catalogue: BookingCatalogue; slots: OfferedSlot[] }> {
    const { site, catalogue, today } = await this.catalogue(siteCode);
    const slots = slotsOf(catalogue, serviceId, today);
    if (slots.length === 0) return { site, catalogue, slots: [] };
    const taken = await this.pool.query<{ d: string; slot_start: string; taken: number }>(
      `SELECT to_char(business_date, 'YYYY-MM-DD') AS d, slot_start, taken FROM booking_slots
       WHERE site_id = $1 AND service_id = $2 AND business_date BETWEEN $3 AND $4`,
      [site.id, serviceId, slots[0]!.date, slots.at(-1)!.date],
    );
    const byKey = new Map(taken.rows.map((r) => [`${r.d} ${r.slot_start}`, r.taken]));
    return { site, catalogue, slots: slots.map((s) => ({ ...s, left: Math.max(0, s.capacity - (byKey.get(`${s.date} ${s.start}`) ?? 0)) })) };
  }

  /**
   * Books a place: ONE transaction takes the place (refused by PostgreSQL when the slot is full),
   * stores the booking under a fresh code and appends 'booking.made' to the site's feed.
   */
  async book(siteCode: string, body: unknown): Promise<MadeBooking> {
    const req = BookRequest.safeParse(body);
    if (!req.success) throw bookingError(400, 'BOOKING_BAD_REQUEST', { issues: req.error.issues.slice(0, 3).map((i) => i.path.join('.')) });
    const { serviceId, date, slot, phone, consent } = req.data;
    // A number without the box ticked is refused, not silently dropped: the citizen should know.
    if (phone !== '' && !consent) throw bookingError(400, 'BOOKING_CONSENT_REQUIRED');
    const { site, catalogue, today } = await this.catalogue(siteCode);
    const offered = slotsOf(catalogue, serviceId, today).find((s) => s.date === date && s.start === slot);
    if (!offered) throw bookingError(400, 'BOOKING_NO_SUCH_SLOT');
    const service = catalogue.services.find((s) => s.serviceId === serviceId)!;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // The capacity written is the catalogue's today; a place is taken only while taken < capacity.
      const took = await client
        .query(
          `INSERT INTO booking_slots AS s (site_id, service_id, business_date, slot_start, taken, capacity) VALUES ($1, $2, $3, $4, 1, $5)
           ON CONFLICT (site_id, service_id, business_date, slot_start)
           DO UPDATE SET taken = s.taken + 1, capacity = EXCLUDED.capacity WHERE s.taken < EXCLUDED.capacity
           RETURNING taken`,
          [site.id, serviceId, date, slot, offered.capacity],
        )
        // The table's CHECK (taken <= capacity) is the last word: should the WHERE above ever miss,
        // PostgreSQL refuses the place and the citizen hears "full", not an internal error.
        .catch((err: unknown) => {
          if ((err as { code?: string }).code === '23514') return { rowCount: 0 };
          throw err;
        });
      if (took.rowCount === 0) {
        await client.query('ROLLBACK');
        throw bookingError(409, 'BOOKING_SLOT_FULL');
      }
      let code = '';
      let madeAt = 0;
      for (let attempt = 0; ; attempt++) {
        code = newCode();
        await client.query('SAVEPOINT code');
        try {
          const r = await client.query<{ made: Date }>(
            `INSERT INTO bookings (site_id, code, service_id, business_date, slot_start, slot_end, phone) VALUES ($1, $2, $3, $4, $5, $6, $7)
             RETURNING made_at AS made`,
            [site.id, code, serviceId, date, slot, offered.end, phone === '' ? null : phone],
          );
          madeAt = r.rows[0]!.made.getTime();
          break;
        } catch (err) {
          // A code already given at this site: draw another (31^6 codes: rare, but never a duplicate).
          if ((err as { code?: string }).code !== '23505' || attempt >= 10) throw err;
          await client.query('ROLLBACK TO SAVEPOINT code');
        }
      }
      await this.append(client, site.id, 'booking.made', {
        booking: { code, serviceId, date, slotStart: slot, slotEnd: offered.end, madeAt, phone: phone === '' ? null : phone },
      });
      await client.query('COMMIT');
      return { code, serviceId, serviceName: service.name, agencyName: service.agencyName, date, slotStart: slot, slotEnd: offered.end };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * Cancels by code and the booking's date (both are on the citizen's confirmation; the code alone
   * could be guessed, a code with its date much less so): frees the place and appends
   * 'booking.cancelled'. Up to the day before: on the day the hub already holds it.
   */
  async cancel(siteCode: string, body: unknown): Promise<{ code: string; date: string }> {
    const req = CancelRequest.safeParse(body);
    if (!req.success) throw bookingError(400, 'BOOKING_BAD_REQUEST');
    const { code, date } = req.data;
    // A site that stopped taking bookings still lets its citizens cancel the ones they hold.
    const { site, today } = await this.catalogue(siteCode, false);
    if (date <= today) throw bookingError(400, 'BOOKING_TOO_LATE');
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const r = await client.query<{ service_id: number; slot_start: string; at: Date }>(
        `UPDATE bookings SET status = 'cancelled', cancelled_at = now()
         WHERE site_id = $1 AND code = $2 AND business_date = $3 AND status = 'booked'
         RETURNING service_id, slot_start, cancelled_at AS at`,
        [site.id, code, date],
      );
      const row = r.rows[0];
      if (!row) {
        await client.query('ROLLBACK');
        throw bookingError(404, 'BOOKING_NOT_FOUND');
      }
      await client.query(
        `UPDATE booking_slots SET taken = taken - 1 WHERE site_id = $1 AND service_id = $2 AND business_date = $3 AND slot_start = $4`,
        [site.id, row.service_id, date, row.slot_start],
      );
      await this.append(client, site.id, 'booking.cancelled', { code, cancelledAt: row.at.getTime() });
      await client.query('COMMIT');
      return { code, date };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** The site's name for a page's heading, or null when there is no such site. */
  async siteName(siteCode: string): Promise<string | null> {
    if (!SITE.test(siteCode)) return null;
    const r = await this.pool.query<{ name: string }>('SELECT name FROM sites WHERE code = $1 AND revoked_at IS NULL', [siteCode]);
    return r.rows[0]?.name ?? null;
  }

  /**
   * A booking's status by its code and its date (the same pair as cancelling: a code alone could be
   * guessed). An unknown code and a known code with another date get the same 404. Reads only.
   */
  async status(siteCode: string, body: unknown): Promise<BookingStatusView> {
    const req = CancelRequest.safeParse(body);
    if (!req.success) throw bookingError(400, 'BOOKING_STATUS_BAD_REQUEST');
    const { code, date } = req.data;
    // A site that stopped taking bookings still answers for the ones its citizens hold.
    const { site, catalogue, today } = await this.catalogue(siteCode, false);
    const b = (
      await this.pool.query<{ service_id: number; slot_start: string; slot_end: string; status: 'booked' | 'cancelled'; cancelled_at: Date | null }>(
        `SELECT service_id, slot_start, slot_end, status, cancelled_at FROM bookings WHERE site_id = $1 AND code = $2 AND business_date = $3`,
        [site.id, code, date],
      )
    ).rows[0];
    if (!b) throw bookingError(404, 'BOOKING_STATUS_NOT_FOUND');
    // What the hub reported about this code (codes are unique per site), oldest first.
    const hub = (
      await this.pool.query<{ type: string; d: string; at: Date; data: { display?: unknown; placement?: unknown; reason?: unknown } }>(
        `SELECT type, business_date::text AS d, at, data FROM events
         WHERE site_id = $1 AND type IN ('booking.checked_in', 'booking.no_show', 'booking.cancelled') AND data->>'code' = $2
         ORDER BY at, epoch, seq`,
        [site.id, code],
      )
    ).rows;
    // A check-in counts on the booking's own day (one on another day was an ordinary ticket then).
    const checkIn = hub.find((e) => e.type === 'booking.checked_in' && e.d === date);
    const closedByHub = hub.find((e) => e.type === 'booking.cancelled' && e.data.reason === 'day_closed');
    const noShow = hub.some((e) => e.type === 'booking.no_show');
    const closure = catalogue.closures.some((c) => c.date === date && (c.serviceId === null || c.serviceId === b.service_id));
    const service = catalogue.services.find((x) => x.serviceId === b.service_id);
    const state: BookingViewState = checkIn
      ? 'checked_in'
      : b.status === 'cancelled'
        ? 'cancelled'
        : closedByHub
          ? 'day_closed'
          : noShow
            ? 'no_show'
            : closure
              ? 'day_closed'
              : date < today
                ? 'past'
                : 'booked';
    return {
      code,
      date,
      slotStart: b.slot_start,
      slotEnd: b.slot_end,
      serviceId: b.service_id,
      serviceName: service?.name ?? null,
      agencyName: service?.agencyName ?? null,
      siteName: site.name,
      today,
      state,
      settled: state === 'day_closed' && closedByHub !== undefined,
      cancelledAt: state === 'cancelled' ? (b.cancelled_at?.getTime() ?? null) : state === 'day_closed' && closedByHub ? closedByHub.at.getTime() : null,
      ticketDisplay: checkIn && typeof checkIn.data.display === 'string' ? checkIn.data.display : null,
      placement: checkIn && typeof checkIn.data.placement === 'string' ? checkIn.data.placement : null,
    };
  }

  /** Appends to the site's feed; the head row's lock makes seq gapless and in commit order. */
  private async append(client: pg.PoolClient, siteId: number, kind: FeedEntry['kind'], payload: Record<string, unknown>): Promise<number> {
    const head = await client.query<{ last_seq: string }>(
      `INSERT INTO booking_feed_heads AS h (site_id, last_seq) VALUES ($1, 1)
       ON CONFLICT (site_id) DO UPDATE SET last_seq = h.last_seq + 1 RETURNING last_seq`,
      [siteId],
    );
    const seq = Number(head.rows[0]!.last_seq);
    await client.query('INSERT INTO booking_feed (site_id, seq, kind, payload) VALUES ($1, $2, $3, $4)', [siteId, seq, kind, JSON.stringify(payload)]);
    return seq;
  }

  /** The entries after `after`, oldest first, and the newest seq there is. */
  async feed(site: Site, after: number, limit: number): Promise<FeedPage> {
    const r = await this.pool.query<{ seq: string; kind: FeedEntry['kind']; payload: Record<string, unknown> }>(
      'SELECT seq, kind, payload FROM booking_feed WHERE site_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [site.id, after, limit],
    );
    const head = await this.pool.query<{ last_seq: string }>('SELECT last_seq FROM booking_feed_heads WHERE site_id = $1', [site.id]);
    return {
      entries: r.rows.map((row) => ({ seq: Number(row.seq), kind: row.kind, ...row.payload }) as FeedEntry),
      last: Number(head.rows[0]?.last_seq ?? 0),
    };
  }

  /**
   * Per site and date range (the bookings' dates): made, cancelled, checked in and no-shows (the
   * last two from the hub's pushed events), and the average wait (call − ticket issue, minutes) of
   * tickets a booking became (the hub's booking.checked_in event names the ticket) vs all others.
   */
  async report(siteCode: string, from: string, to: string) {
    const site = await this.siteOfCode(siteCode);
    const counts = await this.pool.query<{ made: number; cancelled: number }>(
      `SELECT COUNT(*)::int AS made, COUNT(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
       FROM bookings WHERE site_id = $1 AND business_date BETWEEN $2 AND $3`,
      [site.id, from, to],
    );
    const hub = await this.pool.query<{ checked_in: number; no_show: number }>(
      `SELECT COUNT(DISTINCT data->>'code') FILTER (WHERE type = 'booking.checked_in')::int AS checked_in,
              COUNT(DISTINCT data->>'code') FILTER (WHERE type = 'booking.no_show')::int AS no_show
       FROM events WHERE site_id = $1 AND business_date BETWEEN $2 AND $3 AND type IN ('booking.checked_in', 'booking.no_show')`,
      [site.id, from, to],
    );
    const waits = await this.pool.query<{ booked: boolean; avg_wait: number | null; tickets: number }>(
      `WITH booked AS (
         SELECT DISTINCT epoch, ticket_id FROM events
         WHERE site_id = $1 AND business_date BETWEEN $2 AND $3 AND type = 'booking.checked_in' AND ticket_id IS NOT NULL),
       t AS (
         SELECT e.epoch, e.ticket_id,
           MIN(e.at) FILTER (WHERE e.type = 'ticket.issued') AS issued_at,
           MIN(e.at) FILTER (WHERE e.type = 'ticket.called') AS called_at
         FROM events e WHERE e.site_id = $1 AND e.business_date BETWEEN $2 AND $3 AND e.ticket_id IS NOT NULL
         GROUP BY e.epoch, e.business_date, e.ticket_id)
       SELECT (b.ticket_id IS NOT NULL) AS booked, COUNT(*)::int AS tickets,
         ROUND(AVG(EXTRACT(EPOCH FROM t.called_at - t.issued_at) / 60)::numeric, 1)::float AS avg_wait
       FROM t LEFT JOIN booked b ON b.epoch = t.epoch AND b.ticket_id = t.ticket_id
       WHERE t.issued_at IS NOT NULL AND t.called_at IS NOT NULL
       GROUP BY 1`,
      [site.id, from, to],
    );
    const wait = (booked: boolean) => waits.rows.find((r) => r.booked === booked) ?? { avg_wait: null, tickets: 0 };
    return {
      site: site.code,
      from,
      to,
      made: counts.rows[0]!.made,
      cancelled: counts.rows[0]!.cancelled,
      checkedIn: hub.rows[0]!.checked_in,
      noShow: hub.rows[0]!.no_show,
      avgWaitMinutes: { booked: wait(true).avg_wait, walkIn: wait(false).avg_wait },
      calledTickets: { booked: wait(true).tickets, walkIn: wait(false).tickets },
    };
  }
}

export interface BookingRouteDeps {
  pool: pg.Pool;
  siteOf: (req: FastifyRequest) => Promise<Site>;
  requireAdmin: (req: FastifyRequest) => void;
  publicLimit: { rateLimit: { max: number; timeWindow: string } };
}

/** The hubs' feed and the central admin's report; the public pages are in central/bookingPage.ts. */
export function registerBookingApi(app: FastifyInstance, bookings: BookingStore, deps: BookingRouteDeps): void {
  app.get('/api/sync/feed', async (req, reply: FastifyReply) => {
    const site = await deps.siteOf(req);
    const q = req.query as { site?: string; after?: string; limit?: string };
    if (q.site !== undefined && q.site !== site.code) throw bookingError(403, 'WRONG_SITE');
    const after = Number(q.after ?? 0);
    const limit = Number(q.limit ?? 500);
    if (!Number.isSafeInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1 || limit > 1000) throw bookingError(400, 'BAD_FEED_REQUEST');
    const page = await bookings.feed(site, after, limit);
    const json = JSON.stringify(page);
    // Compressed when the hub says it can read it: a month of bookings on a slow link.
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      return reply.type('application/json; charset=utf-8').header('content-encoding', 'gzip').header('vary', 'accept-encoding').send(gzipSync(json));
    }
    return reply.type('application/json; charset=utf-8').send(json);
  });

  app.get<{ Params: { site: string } }>('/api/sites/:site/bookings/report', async (req) => {
    deps.requireAdmin(req);
    const q = req.query as { from?: string; to?: string };
    if (!q.from || !q.to || !DATE.test(q.from) || !DATE.test(q.to) || q.from > q.to) throw bookingError(400, 'BAD_DATE');
    return bookings.report(req.params.site, q.from, q.to);
  });
}
