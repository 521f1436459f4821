/**
 * Online booking on the central server (issue 23) against a real PostgreSQL over real HTTP: the
 * slots a hub's catalogue offers, capacity that is never oversold under 200 simultaneous bookings,
 * cancellation freeing a place, the hubs' feed (gapless, paged, gzip, the site's token only), bad
 * input changing nothing, and the bookings report from the hub's pushed events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentral, type Central } from '../../central/server.js';
import { addDays } from '../../central/bookings.js';
import { type BookingCatalogue, FeedPage, readBookingCode } from '../../shared/booking.js';
import { businessDate } from '../../shared/businessDate.js';
import { testPostgres } from '../fixtures/postgres.js';

const ADMIN = 'bookings-admin-token';
const SITE = 'mpp-booking';
const ZONE = 'Asia/Jakarta';
const everyDay = Array.from({ length: 7 }, () => [{ open: '08:00', close: '12:00' }]);
const today = () => businessDate(Date.now(), ZONE);

function catalogue(closed: string): BookingCatalogue {
  return {
    siteName: 'MPP Kabupaten Uji',
    timeZone: ZONE,
    services: [
      { serviceId: 1, code: 'KTP', name: 'KTP-el', agencyId: 1, agencyName: 'Disdukcapil', settings: { enabled: true, slotMinutes: 30, capacityPerSlot: 50, daysAhead: 7 }, hours: everyDay },
      { serviceId: 2, code: 'SIM', name: 'Perpanjangan SIM', agencyId: 2, agencyName: 'Satpas', settings: { enabled: false, slotMinutes: 30, capacityPerSlot: 5, daysAhead: 7 }, hours: everyDay },
    ],
    closures: [{ date: closed, serviceId: null }],
  };
}

describe('central bookings', () => {
  let pg: Awaited<ReturnType<typeof testPostgres>>;
  let central: Central;
  /** the same database behind a server that lets an address load a public page 3 times a minute */
  let strict: Central;
  let url: string;
  let token: string;
  let seq = 0;

  const ev = (type: string, data: Record<string, unknown>, extra: { ticketId?: number; at?: number; businessDate?: string } = {}) => ({
    seq: ++seq,
    at: extra.at ?? Date.now(),
    businessDate: extra.businessDate ?? today(),
    ticketId: extra.ticketId ?? null,
    serviceId: 1,
    counterId: null,
    officerId: null,
    deviceId: null,
    type,
    data,
  });
  async function push(events: ReturnType<typeof ev>[]) {
    const fromSeq = events[0]!.seq;
    const toSeq = events.at(-1)!.seq;
    const res = await fetch(`${url}/api/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ site: SITE, fromSeq, toSeq, idempotencyKey: `${SITE}:1:${fromSeq}-${toSeq}`, events, services: [] }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()).quarantined).toEqual([]);
  }
  const book = (body: Record<string, unknown>) =>
    fetch(`${url}/public/${SITE}/api/booking`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const cancel = (body: Record<string, unknown>) =>
    fetch(`${url}/public/${SITE}/api/booking/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const feed = async (after: number, limit = 500) => {
    const res = await fetch(`${url}/api/sync/feed?site=${SITE}&after=${after}&limit=${limit}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    return FeedPage.parse(await res.json());
  };
  const slots = async (service = 1) => ((await (await fetch(`${url}/public/${SITE}/api/booking/slots?service=${service}`)).json()) as { slots: { date: string; start: string; end: string; left: number; capacity: number }[] }).slots;

  beforeAll(async () => {
    pg = await testPostgres();
    central = await createCentral({ databaseUrl: pg.url, adminToken: ADMIN, publicPerMinute: 10_000, log: () => undefined });
    await central.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`;
    token = (await central.store.addSite(SITE, 'MPP Kabupaten Uji')).token;
    strict = await createCentral({ databaseUrl: pg.url, adminToken: ADMIN, publicPerMinute: 3, log: () => undefined });
  }, 60_000);
  afterAll(async () => {
    await strict?.close();
    await central?.close();
    await pg?.stop();
  });

  it('offers nothing before the hub publishes a catalogue, then tomorrow on, within daysAhead, closures left out', async () => {
    const before = await fetch(`${url}/public/${SITE}/api/booking/slots?service=1`);
    expect(before.status).toBe(404);
    expect((await before.json()).error).toBe('BOOKING_UNAVAILABLE');
    // An older catalogue, then the latest: the latest counts.
    await push([ev('booking.catalogue', { ...catalogue(addDays(today(), 3)), services: [] }, { at: Date.now() - 60_000 }), ev('booking.catalogue', catalogue(addDays(today(), 2)))]);
    const offered = await slots();
    const dates = [...new Set(offered.map((s) => s.date))];
    expect(dates).toEqual([1, 3, 4, 5, 6, 7].map((n) => addDays(today(), n)));
    expect(offered.filter((s) => s.date === dates[0]).map((s) => `${s.start}-${s.end}`)).toEqual(['08:00-08:30', '08:30-09:00', '09:00-09:30', '09:30-10:00', '10:00-10:30', '10:30-11:00', '11:00-11:30', '11:30-12:00']);
    expect(offered.every((s) => s.left === 50 && s.capacity === 50)).toBe(true);
    expect(await slots(2)).toEqual([]);
  });

  it('200 citizens booking one 50-place slot at once: exactly 50 made, 150 refused BOOKING_SLOT_FULL, 50 gapless feed entries', async () => {
    const date = addDays(today(), 1);
    const answers = await Promise.all(Array.from({ length: 200 }, () => book({ serviceId: 1, date, slot: '09:00' })));
    const made = answers.filter((r) => r.status === 200);
    const full = answers.filter((r) => r.status === 409);
    expect(made).toHaveLength(50);
    expect(full).toHaveLength(150);
    for (const r of full) expect(await r.json()).toMatchObject({ error: 'BOOKING_SLOT_FULL', message: { id: expect.stringContaining('penuh'), en: expect.stringContaining('full') } });
    const codes = await Promise.all(made.map(async (r) => ((await r.json()) as { code: string }).code));
    expect(new Set(codes).size).toBe(50);
    for (const c of codes) expect(readBookingCode(c)).toBe(c);

    const db = await central.pool.query('SELECT taken, capacity FROM booking_slots');
    expect(db.rows).toEqual([{ taken: 50, capacity: 50 }]);
    expect((await slots()).find((s) => s.date === date && s.start === '09:00')!.left).toBe(0);

    // Paged 20 at a time: 1…50 in order, no gap, no repeat, the same codes.
    const seen: number[] = [];
    const fed: string[] = [];
    let after = 0;
    for (;;) {
      const page = await feed(after, 20);
      expect(page.last).toBe(50);
      if (page.entries.length === 0) break;
      expect(page.entries.length).toBeLessThanOrEqual(20);
      for (const e of page.entries) {
        seen.push(e.seq);
        expect(e.kind).toBe('booking.made');
        if (e.kind === 'booking.made') {
          expect(e.booking).toMatchObject({ serviceId: 1, date, slotStart: '09:00', slotEnd: '09:30', phone: null });
          fed.push(e.booking.code);
        }
      }
      after = page.entries.at(-1)!.seq;
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(fed.sort()).toEqual([...codes].sort());
  }, 60_000);

  it('cancelling frees the place and appends booking.cancelled; a wrong date or a second cancel changes nothing', async () => {
    const date = addDays(today(), 1);
    const code = (await feed(0, 1)).entries[0]!;
    if (code.kind !== 'booking.made') throw new Error('expected a booking');
    const wrong = await cancel({ code: code.booking.code, date: addDays(date, 1) });
    expect(wrong.status).toBe(404);
    expect((await wrong.json()).error).toBe('BOOKING_NOT_FOUND');
    expect((await feed(0)).last).toBe(50);

    const ok = await cancel({ code: code.booking.code.toLowerCase(), date });
    expect(ok.status).toBe(200);
    expect((await slots()).find((s) => s.date === date && s.start === '09:00')!.left).toBe(1);
    const after = await feed(50);
    expect(after.entries).toEqual([{ seq: 51, kind: 'booking.cancelled', code: code.booking.code, cancelledAt: expect.any(Number) }]);
    expect((await cancel({ code: code.booking.code, date })).status).toBe(404);

    // The freed place is bookable once more, and only once.
    const again = await Promise.all([book({ serviceId: 1, date, slot: '09:00' }), book({ serviceId: 1, date, slot: '09:00' })]);
    expect(again.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await feed(51)).entries.map((e) => [e.seq, e.kind])).toEqual([[52, 'booking.made']]);
  });

  it('refuses bad input with a clear code and changes nothing', async () => {
    const date = addDays(today(), 4);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ serviceId: 1, date, slot: '10:00', phone: '081234567890' }, 400, 'BOOKING_CONSENT_REQUIRED'],
      [{ serviceId: 1, date, slot: '10:00', phone: 'tidak ada', consent: 'on' }, 400, 'BOOKING_BAD_REQUEST'],
      [{ serviceId: 1, date: today(), slot: '10:00' }, 400, 'BOOKING_NO_SUCH_SLOT'],
      [{ serviceId: 1, date: addDays(today(), 2), slot: '10:00' }, 400, 'BOOKING_NO_SUCH_SLOT'],
      [{ serviceId: 1, date: addDays(today(), 8), slot: '10:00' }, 400, 'BOOKING_NO_SUCH_SLOT'],
      [{ serviceId: 1, date, slot: '12:00' }, 400, 'BOOKING_NO_SUCH_SLOT'],
      [{ serviceId: 1, date, slot: '10:15' }, 400, 'BOOKING_NO_SUCH_SLOT'],
      [{ serviceId: 2, date, slot: '10:00' }, 400, 'BOOKING_NO_SUCH_SLOT'],
      [{ serviceId: 'x', date, slot: '10:00' }, 400, 'BOOKING_BAD_REQUEST'],
    ];
    for (const [body, status, error] of cases) {
      const r = await book(body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      const json = await r.json();
      expect(json.error, JSON.stringify(body)).toBe(error);
      expect(json.message.id.length).toBeGreaterThan(5);
    }
    const other = await fetch(`${url}/public/mpp-tidak-ada/api/booking`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1, date, slot: '10:00' }) });
    expect(other.status).toBe(404);
    expect((await cancel({ code: 'ABCDEF', date: today() })).status).toBe(400);
    expect((await feed(0)).last).toBe(52);
    expect((await central.pool.query('SELECT count(*)::int AS n FROM bookings')).rows[0].n).toBe(51);

    // With consent the phone is kept and fed to the hub.
    const ok = await book({ serviceId: 1, date, slot: '10:00', phone: '0812-3456-7890', consent: 'on' });
    expect(ok.status).toBe(200);
    const last = (await feed(52)).entries[0]!;
    expect(last.kind === 'booking.made' && last.booking.phone).toBe('081234567890');
  });

  it('the feed answers only the site its token belongs to, and only sane cursors', async () => {
    const other = await central.store.addSite('mpp-lain', 'MPP Lain');
    expect((await fetch(`${url}/api/sync/feed?site=${SITE}&after=0`)).status).toBe(401);
    const wrong = await fetch(`${url}/api/sync/feed?site=${SITE}&after=0`, { headers: { authorization: `Bearer ${other.token}` } });
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error).toBe('WRONG_SITE');
    const own = await fetch(`${url}/api/sync/feed?site=mpp-lain&after=0`, { headers: { authorization: `Bearer ${other.token}` } });
    expect(await own.json()).toEqual({ entries: [], last: 0 });
    for (const q of ['after=-1', 'after=x', 'limit=0', 'limit=5000']) {
      const r = await fetch(`${url}/api/sync/feed?site=${SITE}&${q}`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status, q).toBe(400);
      expect((await r.json()).error).toBe('BAD_FEED_REQUEST');
    }
  });

  it('the public pages are rate-limited', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await strict.app.inject({ method: 'GET', url: `/public/${SITE}/booking` })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
  });

  it('reports bookings made, cancelled, checked in, no-shows and the average wait booked vs walk-in', async () => {
    const day = today();
    const t0 = Date.now() - 3 * 3600_000;
    const made = (await central.pool.query<{ code: string }>(`SELECT code FROM bookings WHERE status = 'booked' ORDER BY id LIMIT 2`)).rows.map((r) => r.code);
    await push([
      // ticket 1: a booking, issued then called 5 minutes later
      ev('ticket.issued', {}, { ticketId: 1, at: t0 }),
      ev('booking.checked_in', { code: made[0], display: 'A001', placement: 'on_time' }, { ticketId: 1, at: t0 }),
      ev('ticket.called', {}, { ticketId: 1, at: t0 + 5 * 60_000 }),
      // tickets 2 and 3: walk-ins waiting 20 and 40 minutes
      ev('ticket.issued', {}, { ticketId: 2, at: t0 }),
      ev('ticket.called', {}, { ticketId: 2, at: t0 + 20 * 60_000 }),
      ev('ticket.issued', {}, { ticketId: 3, at: t0 }),
      ev('ticket.called', {}, { ticketId: 3, at: t0 + 40 * 60_000 }),
      ev('booking.no_show', { code: made[1] }),
    ]);
    const range = `from=${day}&to=${addDays(day, 7)}`;
    expect((await fetch(`${url}/api/sites/${SITE}/bookings/report?${range}`)).status).toBe(401);
    const bad = await fetch(`${url}/api/sites/${SITE}/bookings/report?from=${day}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(bad.status).toBe(400);
    const r = await fetch(`${url}/api/sites/${SITE}/bookings/report?${range}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      site: SITE,
      from: day,
      to: addDays(day, 7),
      made: 52,
      cancelled: 1,
      checkedIn: 1,
      noShow: 1,
      avgWaitMinutes: { booked: 5, walkIn: 30 },
      calledTickets: { booked: 1, walkIn: 2 },
    });
  });
});
