/**
 * The citizen's "Cek booking" page on the central server (docs/BOOKING.md), against a real
 * PostgreSQL over real HTTP: with the code and the date, a booking shows as booked (service, date,
 * slot, the MPP's name), cancelled by the citizen, closed by the MPP (a closure in the catalogue the
 * hub pushes, then the hub's booking.cancelled 'day_closed' once synced), checked in, a no-show, or
 * past with nothing reported yet. An unknown code and a wrong date get the very same page; bad input
 * a clear error in Indonesian and English that changes nothing; no page has a script; error pages
 * are headed with the MPP's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../central/bookings.js';
import { createCentral, type Central } from '../../central/server.js';
import { type BookingCatalogue } from '../../shared/booking.js';
import { businessDate } from '../../shared/businessDate.js';
import { testPostgres } from '../fixtures/postgres.js';

const SITE = 'mpp-cek';
const NAME = 'MPP Kabupaten Cek';
const ZONE = 'Asia/Jakarta';
const everyDay = Array.from({ length: 7 }, () => [{ open: '08:00', close: '12:00' }]);
const today = () => businessDate(Date.now(), ZONE);

function catalogue(closures: BookingCatalogue['closures']): BookingCatalogue {
  return {
    siteName: NAME,
    timeZone: ZONE,
    services: [
      { serviceId: 1, code: 'KTP', name: 'KTP-el', agencyId: 1, agencyName: 'Disdukcapil', settings: { enabled: true, slotMinutes: 30, capacityPerSlot: 5, daysAhead: 7 }, hours: everyDay },
      { serviceId: 2, code: 'NPWP', name: 'NPWP', agencyId: 2, agencyName: 'KPP Pratama', settings: { enabled: true, slotMinutes: 30, capacityPerSlot: 5, daysAhead: 7 }, hours: everyDay },
    ],
    closures,
  };
}

describe('central booking status ("Cek booking")', () => {
  let pg: Awaited<ReturnType<typeof testPostgres>>;
  let central: Central;
  let strict: Central;
  let url: string;
  let token: string;
  let siteId: number;
  let seq = 0;

  const ev = (type: string, data: Record<string, unknown>, businessDate = today(), ticketId: number | null = null) => ({
    seq: ++seq,
    at: Date.now(),
    businessDate,
    ticketId,
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
  const book = async (serviceId: number, date: string, slot: string) => {
    const r = await fetch(`${url}/public/${SITE}/api/booking`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId, date, slot }) });
    expect(r.status, await r.clone().text()).toBe(200);
    return ((await r.json()) as { code: string }).code;
  };
  /** A booking made days ago for a day that is today or over (the page books tomorrow on only). */
  const bookedEarlier = async (code: string, date: string, serviceId = 1) => {
    await central.pool.query(`INSERT INTO bookings (site_id, code, service_id, business_date, slot_start, slot_end, made_at) VALUES ($1, $2, $3, $4, '09:00', '09:30', now() - interval '5 days')`, [siteId, code, serviceId, date]);
    return code;
  };
  /** The status page as the phone's form posts it. */
  const statusPage = async (code: string, date: string, site = SITE) => {
    const r = await fetch(`${url}/public/${site}/booking/status`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code, date }).toString() });
    const html = await r.text();
    expect(html).not.toMatch(/<script/i);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
    return { status: r.status, html, state: /data-state="([a-z_]+)"/.exec(html)?.[1] ?? null };
  };
  const statusJson = (body: Record<string, unknown>) =>
    fetch(`${url}/public/${SITE}/api/booking/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  beforeAll(async () => {
    pg = await testPostgres();
    central = await createCentral({ databaseUrl: pg.url, adminToken: 'status-admin', publicPerMinute: 10_000, log: () => undefined });
    await central.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`;
    token = (await central.store.addSite(SITE, NAME)).token;
    siteId = (await central.pool.query<{ id: number }>('SELECT id FROM sites WHERE code = $1', [SITE])).rows[0]!.id;
    strict = await createCentral({ databaseUrl: pg.url, adminToken: 'status-admin', publicPerMinute: 2, log: () => undefined });
    await push([ev('booking.catalogue', catalogue([]))]);
  }, 60_000);
  afterAll(async () => {
    await strict?.close();
    await central?.close();
    await pg?.stop();
  });

  it('a booking still booked shows its service, date, slot and the MPP, with the way to check in', async () => {
    const date = addDays(today(), 1);
    const code = await book(1, date, '09:00');
    const page = await statusPage(code.toLowerCase(), date);
    expect(page.status).toBe(200);
    expect(page.state).toBe('booked');
    const t = text(page.html);
    expect(t).toContain('Status booking');
    expect(t).toContain(code);
    expect(t).toContain('Terjadwal');
    expect(t).toContain('Disdukcapil — KTP-el');
    expect(t).toContain('pukul 09:00–09:30');
    expect(t).toContain(NAME);
    expect(t).toContain('paling lambat pukul 09:15');
    expect(page.html).toContain(`href="/public/${SITE}/booking/cancel"`);
    expect(page.html).toContain(`<title>Status booking · ${NAME}</title>`);

    const json = await statusJson({ code, date });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ code, date, state: 'booked', serviceName: 'KTP-el', agencyName: 'Disdukcapil', slotStart: '09:00', slotEnd: '09:30', siteName: NAME });
  });

  it('a booking the citizen cancelled shows as cancelled', async () => {
    const date = addDays(today(), 2);
    const code = await book(1, date, '10:00');
    const c = await fetch(`${url}/public/${SITE}/api/booking/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, date }) });
    expect(c.status).toBe(200);
    const page = await statusPage(code, date);
    expect(page.status).toBe(200);
    expect(page.state).toBe('cancelled');
    expect(text(page.html)).toContain('Booking ini sudah Anda batalkan');
    expect(text(page.html)).toContain('pukul 10:00–10:30');
  });

  it('a day the MPP closed after it was booked: announced by the pushed catalogue, then cancelled by the hub once synced; the citizen is told to book another day', async () => {
    const closedDay = addDays(today(), 3);
    const code = await book(1, closedDay, '08:30');
    const other = await book(2, closedDay, '08:30');
    // The hub declares the day closed for service 1 only (a per-service closure) and pushes the catalogue.
    await push([ev('booking.catalogue', catalogue([{ date: closedDay, serviceId: 1 }]))]);
    const announced = await statusPage(code, closedDay);
    expect(announced.state).toBe('day_closed');
    const t = text(announced.html);
    expect(t).toContain(`${NAME} tutup pada tanggal ini`);
    expect(t).toContain('booking Anda tidak dapat dilayani pada hari itu');
    expect(t).toContain('Booking ini akan dibatalkan oleh MPP');
    expect(t).toContain('Silakan buat booking baru untuk tanggal lain');
    expect(announced.html).toContain(`href="/public/${SITE}/booking"`);
    // The other service is open that day: its booking stands.
    expect((await statusPage(other, closedDay)).state).toBe('booked');
    // An MPP-wide closure closes it too.
    await push([ev('booking.catalogue', catalogue([{ date: closedDay, serviceId: null }]))]);
    expect((await statusPage(other, closedDay)).state).toBe('day_closed');

    // A day already settled at the hub: the closure has left the catalogue (it lists today on),
    // and the hub's booking.cancelled 'day_closed' is what the central holds.
    const past = addDays(today(), -1);
    const settled = await bookedEarlier('CXSD23', past);
    expect((await statusPage(settled, past)).state).toBe('past');
    await push([ev('booking.cancelled', { code: settled, reason: 'day_closed' }, past)]);
    const after = await statusPage(settled, past);
    expect(after.state).toBe('day_closed');
    expect(text(after.html)).toContain('Booking ini sudah dibatalkan oleh MPP');
    expect(text(after.html)).toContain('Anda tidak dicatat sebagai tidak hadir');
    const json = await (await statusJson({ code: settled, date: past })).json();
    expect(json).toMatchObject({ state: 'day_closed', settled: true, cancelledAt: expect.any(Number) });
  });

  it("check-ins and no-shows show once the hub's events are synced; a check-in on another day does not count", async () => {
    const day = today();
    const code = await bookedEarlier('CHK234', day);
    expect((await statusPage(code, day)).state).toBe('booked');
    expect(text((await statusPage(code, day)).html)).toContain('Terjadwal hari ini');
    await push([ev('booking.checked_in', { code, display: 'A007', placement: 'on_time' }, day, 7)]);
    const checked = await statusPage(code, day);
    expect(checked.state).toBe('checked_in');
    expect(text(checked.html)).toContain('Anda sudah check-in di kios antrean dengan nomor antrean A007');

    // Came a day early with tomorrow's code: an ordinary ticket today, the booking still stands.
    const tomorrow = addDays(day, 1);
    const early = await book(1, tomorrow, '11:00');
    await push([ev('booking.checked_in', { code: early, display: 'A008', placement: 'other_day' }, day, 8)]);
    expect((await statusPage(early, tomorrow)).state).toBe('booked');

    const yesterday = addDays(day, -1);
    const missed = await bookedEarlier('NSH234', yesterday);
    await push([ev('booking.no_show', { code: missed, date: yesterday }, yesterday)]);
    const noShow = await statusPage(missed, yesterday);
    expect(noShow.state).toBe('no_show');
    expect(text(noShow.html)).toContain('Tidak hadir');
  });

  it('an unknown code and a wrong date get the very same not-found page; bad input a clear error in both languages that changes nothing', async () => {
    const date = addDays(today(), 1);
    const code = await book(1, date, '11:30');
    const before = {
      bookings: (await central.pool.query('SELECT count(*)::int AS n, count(*) FILTER (WHERE status = $1)::int AS c FROM bookings', ['cancelled'])).rows[0],
      slots: (await central.pool.query('SELECT sum(taken)::int AS n FROM booking_slots')).rows[0],
      feed: (await central.pool.query('SELECT max(seq)::int AS n FROM booking_feed')).rows[0],
    };
    const unknown = code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
    const answers = [await statusPage(unknown, date), await statusPage(code, addDays(date, 1)), await statusPage(code, today())];
    for (const a of answers) {
      expect(a.status).toBe(404);
      expect(a.state).toBe(null);
      expect(a.html).toBe(answers[0]!.html);
    }
    const t = text(answers[0]!.html);
    expect(t).toContain('tidak ditemukan');
    expect(t).toContain('No booking with that code and date');
    expect(answers[0]!.html).not.toContain(code);
    const j = [await statusJson({ code: unknown, date }), await statusJson({ code, date: addDays(date, 1) })];
    const bodies = await Promise.all(j.map(async (r) => [r.status, await r.text()]));
    expect(bodies[0]).toEqual(bodies[1]);
    expect(bodies[0]![0]).toBe(404);
    expect(JSON.parse(bodies[0]![1] as string).error).toBe('BOOKING_STATUS_NOT_FOUND');

    for (const [c, d] of [['ABC', date], ['', date], [code, 'besok'], [code, ''], ['ABCDE0', date]] as const) {
      const bad = await statusPage(c, d);
      expect(bad.status, `${c} ${d}`).toBe(400);
      expect(text(bad.html)).toContain('Isi kode booking (6 huruf dan angka) dan tanggal booking');
      expect(text(bad.html)).toContain('Enter the booking code (6 letters and digits) and the booking date');
      const r = await statusJson({ code: c, date: d });
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ error: 'BOOKING_STATUS_BAD_REQUEST', message: { id: expect.any(String), en: expect.any(String) } });
    }
    expect((await statusJson({})).status).toBe(400);
    expect({
      bookings: (await central.pool.query('SELECT count(*)::int AS n, count(*) FILTER (WHERE status = $1)::int AS c FROM bookings', ['cancelled'])).rows[0],
      slots: (await central.pool.query('SELECT sum(taken)::int AS n FROM booking_slots')).rows[0],
      feed: (await central.pool.query('SELECT max(seq)::int AS n FROM booking_feed')).rows[0],
    }).toEqual(before);
  });

  it('the form, the links to it, the MPP name on error pages, no script, and the public rate limit', async () => {
    const form = await fetch(`${url}/public/${SITE}/booking/status`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`<form method="post" action="/public/${SITE}/booking/status">`);
    expect(html).toContain('name="code"');
    expect(html).toContain('name="date"');
    expect(html).toContain(`<title>Cek booking · ${NAME}</title>`);

    // Linked from the booking page's start and from the confirmation.
    const start = await (await fetch(`${url}/public/${SITE}/booking`)).text();
    expect(start).toContain(`href="/public/${SITE}/booking/status"`);
    const date = addDays(today(), 1);
    const done = await fetch(`${url}/public/${SITE}/booking`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `serviceId=2&date=${date}&slot=09:30` });
    expect(done.status).toBe(200);
    const confirmation = await done.text();
    expect(confirmation).toContain('Booking berhasil');
    expect(confirmation).toContain(`href="/public/${SITE}/booking/status"`);

    // Error pages carry the MPP's name when the site is known; "Antre" only for an unknown one.
    const full = await fetch(`${url}/public/${SITE}/booking`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `serviceId=1&date=${today()}&slot=09:00` });
    expect(full.status).toBe(400);
    const err = await full.text();
    expect(err).toContain(`<title>Booking · ${NAME}</title><style>`);
    expect(err).toContain(`<p>${NAME}</p><h1>Booking</h1>`);
    expect(err).toContain('lang="en"');
    const unknown = await fetch(`${url}/public/mpp-tidak-ada/booking/status`);
    expect(unknown.status).toBe(404);
    const unknownHtml = await unknown.text();
    expect(unknownHtml).toContain('<p>Antre</p>');
    expect(unknownHtml).toContain('MPP tidak dikenal.');

    // The same public limit as the other public pages.
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await strict.app.inject({ method: 'GET', url: `/public/${SITE}/booking/status` })).statusCode);
    const posted: number[] = [];
    for (let i = 0; i < 3; i++) {
      posted.push((await strict.app.inject({ method: 'POST', url: `/public/${SITE}/booking/status`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'code=ZZZZZZ&date=2030-01-01' })).statusCode);
    }
    expect(codes).toEqual([200, 200, 429]);
    expect(posted).toEqual([404, 404, 429]);
  });
});
