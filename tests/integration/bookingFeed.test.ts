/**
 * The booking feed (issue 23), hub side, against a real PostgreSQL cluster and helper G's real
 * central server over HTTP, through the fault proxy: the catalogue goes up with the push, the
 * bookings come down exactly once whatever the connection does (drops, lost answers, 5xx, a page
 * applied twice, a gap, a crash between fetch and apply), stay at the hub when the internet is cut,
 * and a cancellation after check-in is reported, not applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingStore as CentralBookings } from '../../central/bookings.js';
import { createCentral, type Central } from '../../central/server.js';
import { BookingFeedPuller } from '../../electron/hub/bookings/feedPull.js';
import { openCore } from '../../electron/hub/core.js';
import { SyncOutbox } from '../../electron/hub/sync/outbox.js';
import type { FeedPage } from '../../shared/booking.js';
import { FaultProxy, type Fault } from '../fixtures/faultProxy.js';
import { testPostgres } from '../fixtures/postgres.js';
import { smallSite, type SmallSite } from '../fixtures/smallSite.js';
import { ERRORS } from '../../shared/errors.js';
import { addDays } from '../../shared/serviceCalendar.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let pg: { url: string; stop: () => Promise<void> };
let central: Central;
let centralUrl: string;
let centralBookings: CentralBookings;
let proxy: FaultProxy;
let siteNo = 0;
const ADMIN = 'admin-token-for-the-tests';
const SETTINGS = { enabled: true, slotMinutes: 30 as const, capacityPerSlot: 100, daysAhead: 3 };

beforeAll(async () => {
  pg = await testPostgres();
  central = await createCentral({ databaseUrl: pg.url, adminToken: ADMIN, bodyLimit: 256 * 1024 });
  await central.app.listen({ port: 0, host: '127.0.0.1' });
  centralUrl = `http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`;
  centralBookings = new CentralBookings(central.pool);
  proxy = await new FaultProxy(centralUrl).start();
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
  await central?.close();
  await pg?.stop();
});

interface Hub {
  s: SmallSite;
  site: { code: string; token: string };
  outbox: SyncOutbox;
  puller: BookingFeedPuller;
}

/**
 * A hub (on the real clock's day, as the central server books from its own today) whose service A
 * takes bookings, its catalogue pushed to the central server; a puller with small pages.
 */
async function hub(): Promise<Hub> {
  const code = `mpp-booking-${++siteNo}`;
  const { token } = await central.store.addSite(code, `MPP Booking ${siteNo}`);
  const s = await smallSite({ start: Date.now() });
  s.core.bookings.setSettings(s.services.a, SETTINGS);
  const cfg = { url: proxy.url, site: code, token, baseDelayMs: 1000, random: () => 0.5, requestTimeoutMs: 5000 };
  const outbox = new SyncOutbox(s.core, cfg);
  proxy.fault = 'none';
  await outbox.drain();
  expect(outbox.status().backlog).toBe(0);
  return { s, site: { code, token }, outbox, puller: new BookingFeedPuller({ store: s.core.bookings, clock: s.core.clock }, cfg, 7) };
}

/** Books `n` places at the central server (the real store, one transaction each): their codes and date. */
async function book(siteCode: string, serviceId: number, n: number): Promise<{ codes: string[]; date: string }> {
  const { slots } = await centralBookings.offered(siteCode, serviceId);
  const date = slots[0]!.date;
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const slot = slots[i % 4]!;
    codes.push((await centralBookings.book(siteCode, { serviceId, date: slot.date, slot: slot.start })).code);
  }
  return { codes, date };
}

/** Pulls until the hub's cursor reaches the central server's last seq (each failure retried at once). */
async function pullAll(h: Hub, last: number, maxAttempts = 200): Promise<number> {
  let failures = 0;
  for (let i = 0; i < maxAttempts; i++) {
    const r = await h.puller.pullOnce();
    if (r.kind === 'retry') failures++;
    if (h.s.core.bookings.feedCursor().cursor === last && r.kind === 'pulled' && !r.more) return failures;
  }
  throw new Error(`cursor ${h.s.core.bookings.feedCursor().cursor}, wanted ${last}`);
}

const count = (h: Hub, type: string) => h.s.core.db.prepare('SELECT COUNT(*) FROM events WHERE type = ?').pluck().get(type) as number;
const lastSeq = async (siteCode: string) => Number((await central.pool.query('SELECT h.last_seq FROM booking_feed_heads h JOIN sites s ON s.id = h.site_id WHERE s.code = $1', [siteCode])).rows[0]?.last_seq ?? 0);

describe('booking feed, hub side', () => {
  it('publishes the catalogue with the push, once per change', async () => {
    const h = await hub();
    try {
      expect(count(h, 'booking.catalogue')).toBe(1);
      // The same settings again, or an hourly check with nothing changed: no new event.
      h.s.core.bookings.setSettings(h.s.services.a, SETTINGS);
      expect(h.s.core.bookings.publishCatalogue()).toBe(false);
      expect(count(h, 'booking.catalogue')).toBe(1);
      // The central server offers what the hub published.
      const { catalogue } = await centralBookings.catalogue(h.site.code);
      expect(catalogue.services.find((s) => s.serviceId === h.s.services.a)?.settings).toEqual(SETTINGS);
      expect(catalogue.timeZone).toBe('Asia/Jakarta');
      // A master change (a service renamed) publishes again, once the hub watches (hub.ts starts it).
      h.s.core.master.updateService(h.s.services.b, { name: 'Kartu Keluarga Baru' });
      expect(count(h, 'booking.catalogue')).toBe(1);
      h.s.core.bookings.watch();
      h.s.core.master.updateService(h.s.services.b, { name: 'Kartu Keluarga Lagi' }, { officerId: h.s.officers[0]! });
      expect(count(h, 'booking.catalogue')).toBe(3);
      h.s.core.bookings.stopWatching();
    } finally {
      h.s.dispose();
    }
  });

  it('applies every booking and cancellation exactly once under drops, lost answers, 5xx, duplicates and gaps', async () => {
    const h = await hub();
    try {
      const { codes, date } = await book(h.site.code, h.s.services.a, 30);
      for (const code of codes.slice(0, 5)) await centralBookings.cancel(h.site.code, { code, date });
      const last = await lastSeq(h.site.code);
      expect(last).toBe(35);
      const faults: Fault[] = ['down', 'lose-response', '500', '503', 'none', 'lose-response', 'down', '429', 'none', '500'];
      proxy.retryAfterSeconds = 0;
      proxy.queue = [...faults, ...faults, ...faults];
      const failures = await pullAll(h, last);
      proxy.queue = [];
      expect(failures).toBeGreaterThan(5);
      const list = h.s.core.bookings.list(date);
      expect(list.map((b) => b.code).sort()).toEqual([...codes].sort());
      expect(list.filter((b) => b.status === 'cancelled').map((b) => b.code).sort()).toEqual(codes.slice(0, 5).sort());
      expect(count(h, 'booking.received')).toBe(30);
      expect(count(h, 'booking.cancelled')).toBe(5);

      // The same page delivered again (a duplicate): skipped entry by entry, nothing changes.
      const page = (await (await fetch(`${centralUrl}/api/sync/feed?site=${h.site.code}&after=0&limit=500`, { headers: { authorization: `Bearer ${h.site.token}` } })).json()) as FeedPage;
      expect(h.s.core.bookings.applyPage(page)).toMatchObject({ kind: 'applied', applied: 0, skipped: 35, cursor: 35 });
      // A page that skips an entry (a gap) is refused whole.
      const gap: FeedPage = { entries: [{ seq: 37, kind: 'booking.cancelled', code: codes[6]!, cancelledAt: 1 }], last: 37 };
      expect(h.s.core.bookings.applyPage(gap)).toEqual({ kind: 'gap', cursor: 35, firstSeq: 37 });
      expect(h.s.core.bookings.list(date).find((b) => b.code === codes[6])?.status).toBe('booked');
      // A page off the schema: refused, nothing applied.
      expect(() => h.s.core.bookings.applyPage({ entries: [{ seq: 36, kind: 'booking.made', booking: { code: 'nope' } }], last: 36 })).toThrow();
      expect(h.s.core.bookings.feedCursor().cursor).toBe(35);
      expect(count(h, 'booking.received')).toBe(30);
    } finally {
      h.s.dispose();
    }
  }, 60_000);

  it('a crash between fetch and apply re-pulls the page without duplicates', async () => {
    const h = await hub();
    const { codes, date } = await book(h.site.code, h.s.services.a, 10);
    // The first page arrives, then the hub dies before it applies it (its database closed under it).
    const crashing = new BookingFeedPuller(
      { store: h.s.core.bookings, clock: h.s.core.clock },
      {
        url: proxy.url,
        site: h.site.code,
        token: h.site.token,
        fetch: async (url, init) => {
          const res = await fetch(url, init);
          await res.clone().text();
          h.s.core.db.close();
          return res;
        },
      },
      7,
    );
    const r = await crashing.pullOnce();
    expect(r.kind).toBe('retry');
    // The hub starts again on the same file: nothing of the page was kept, and it is pulled again.
    const core = openCore({ dataDir: h.s.core.dataDir, clock: h.s.clock });
    try {
      expect(core.bookings.feedCursor().cursor).toBe(0);
      const again = new BookingFeedPuller({ store: core.bookings, clock: core.clock }, { url: proxy.url, site: h.site.code, token: h.site.token, random: () => 0.5 }, 7);
      await again.drain();
      expect(core.bookings.feedCursor().cursor).toBe(10);
      expect(core.bookings.list(date).map((b) => b.code).sort()).toEqual([...codes].sort());
      expect(core.db.prepare("SELECT COUNT(*) FROM events WHERE type = 'booking.received'").pluck().get()).toBe(10);
    } finally {
      core.close();
    }
  }, 60_000);

  it('keeps the bookings when the internet is cut before their day', async () => {
    const h = await hub();
    try {
      const { codes, date } = await book(h.site.code, h.s.services.a, 6);
      await pullAll(h, await lastSeq(h.site.code));
      proxy.fault = 'down';
      // Their day has begun, no internet: the puller fails and says so; every booking is at the hub.
      h.s.clock.set(Date.parse(`${date}T00:00:30+07:00`));
      expect(h.s.core.engine.today()).toBe(date);
      const r = await h.puller.pullOnce();
      expect(r.kind).toBe('retry');
      expect(h.puller.status()).toMatchObject({ cursor: 6, failures: 1 });
      expect(h.puller.status().lastError).toMatch(/no answer/);
      const list = h.s.core.bookings.list(date);
      expect(list.map((b) => b.code).sort()).toEqual([...codes].sort());
      expect(list.every((b) => b.status === 'booked' && b.serviceName === 'KTP-el' && b.conflict === null)).toBe(true);
      // Each citizen checks in at the kiosk shortly before their slot, still with no internet: a
      // ticket due at the slot for every one of them.
      for (const b of [...list].sort((x, y) => x.slotStart.localeCompare(y.slotStart))) {
        const slot = Date.parse(`${date}T${b.slotStart}:00+07:00`);
        if (h.s.clock.now() < slot - 5 * 60_000) h.s.clock.set(slot - 5 * 60_000);
        const r = h.s.core.checkIn.checkIn({ code: b.code, requestId: `offline-${b.code}` });
        expect(r.placement).toBe('on_time');
        expect(r.booking).toMatchObject({ code: b.code, slotStart: b.slotStart });
      }
      expect(h.s.core.bookings.list(date).every((b) => b.status === 'checked_in' && b.ticketDisplay !== null)).toBe(true);
    } finally {
      proxy.fault = 'none';
      h.s.dispose();
    }
  }, 60_000);

  it('reports a cancellation after check-in and does not apply it; unknown codes and closed services are conflicts', async () => {
    const h = await hub();
    try {
      const { codes, date } = await book(h.site.code, h.s.services.a, 2);
      await pullAll(h, await lastSeq(h.site.code));
      // The first citizen checks in at the kiosk on the day, at their slot; the cancellations come after.
      const first = h.s.core.bookings.list(date).find((b) => b.code === codes[0])!;
      h.s.clock.set(Date.parse(`${date}T${first.slotStart}:00+07:00`));
      expect(h.s.core.checkIn.checkIn({ code: codes[0]!, requestId: 'checkin-then-cancel' }).placement).toBe('on_time');
      await centralBookings.cancel(h.site.code, { code: codes[0]!, date });
      await centralBookings.cancel(h.site.code, { code: codes[1]!, date });
      // The service stops taking bookings at the hub; one more was made before the central server heard.
      const late = await book(h.site.code, h.s.services.a, 1);
      h.s.core.bookings.setSettings(h.s.services.a, { ...SETTINGS, enabled: false });
      await pullAll(h, await lastSeq(h.site.code));
      const byCode = new Map(h.s.core.bookings.list(date).map((b) => [b.code, b]));
      expect(byCode.get(codes[0]!)).toMatchObject({ status: 'checked_in', conflict: 'cancelled_after_check_in' });
      expect(byCode.get(codes[1]!)).toMatchObject({ status: 'cancelled', conflict: null });
      expect(byCode.get(late.codes[0]!)).toMatchObject({ status: 'booked', conflict: 'service_unavailable' });
      const conflicts = h.s.core.db.prepare("SELECT data FROM events WHERE type = 'booking.conflict' ORDER BY seq").pluck().all() as string[];
      expect(conflicts.map((d) => JSON.parse(d) as unknown)).toEqual([
        { code: codes[0], conflict: 'cancelled_after_check_in' },
        { code: late.codes[0], conflict: 'service_unavailable' },
      ]);
      // A cancellation of a code this hub never received.
      const cursor = h.s.core.bookings.feedCursor().cursor;
      h.s.core.bookings.applyPage({ entries: [{ seq: cursor + 1, kind: 'booking.cancelled', code: 'ZZZZZZ', cancelledAt: 1 }], last: cursor + 1 });
      expect(JSON.parse(h.s.core.db.prepare("SELECT data FROM events WHERE type = 'booking.conflict' ORDER BY seq DESC LIMIT 1").pluck().get() as string)).toEqual({ code: 'ZZZZZZ', conflict: 'unknown_code' });
    } finally {
      h.s.dispose();
    }
  }, 60_000);
});

/*
 * Booking settings and the admin's booking list on a real hub (real SQLite file, real HTTP): set like
 * any other service edit, one audit entry and one 'booking.catalogue' event; bad input refused with
 * its code, nothing changed; a supervisor of another agency refused.
 */
let t: TestHub;
const admin = () => ({ token: t.admin.token, session: t.admin.session });
function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}
const HTTP_SETTINGS = { enabled: true, slotMinutes: 20, capacityPerSlot: 3, daysAhead: 7 };


const idOf = (code: string) => t.hub.core.db.prepare('SELECT id FROM services WHERE code = ?').pluck().get(code) as number;
const catalogues = () => t.hub.core.db.prepare("SELECT data FROM events WHERE type = 'booking.catalogue' ORDER BY seq").pluck().all() as string[];

describe('booking settings and the admin’s list, over HTTP', () => {
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => t.dispose());

  it('are off until set, then written with their audit entry and published in the catalogue', async () => {
    const id = idOf('KTP');
    expect((await t.client.call('GET', `/api/admin/services/${id}/booking`, admin())).json).toEqual({ enabled: false, slotMinutes: 30, capacityPerSlot: 4, daysAhead: 14 });
    const before = catalogues().length;
    const put = await t.client.call('PUT', `/api/admin/services/${id}/booking`, { ...admin(), body: HTTP_SETTINGS });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json).toEqual(HTTP_SETTINGS);
    expect((await t.client.call('GET', `/api/admin/services/${id}/booking`, admin())).json).toEqual(HTTP_SETTINGS);
    const all = catalogues();
    expect(all).toHaveLength(before + 1);
    const cat = JSON.parse(all.at(-1)!) as { services: { serviceId: number; settings: unknown }[] };
    expect(cat.services.find((s) => s.serviceId === id)?.settings).toEqual(HTTP_SETTINGS);
    expect(t.hub.core.audit.list({ subject: 'service' }).find((a) => a.action === 'booking_settings.update')).toMatchObject({ subjectId: id, after: HTTP_SETTINGS });
    // The same again: nothing new to publish.
    await t.client.call('PUT', `/api/admin/services/${id}/booking`, { ...admin(), body: HTTP_SETTINGS });
    expect(catalogues()).toHaveLength(before + 1);
  });

  it('republishes the catalogue at once when the admin closes a day, and again when the closure is undone', async () => {
    // A cuti bersama added for next week: the central server must stop offering that day now, not at the hourly check.
    const date = addDays(t.hub.core.engine.today(), 7);
    const latest = () => JSON.parse(catalogues().at(-1)!) as { closures: { date: string; serviceId: number | null }[] };
    const before = catalogues().length;
    const added = await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date, serviceId: null, reason: 'Cuti bersama' } });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    expect(catalogues()).toHaveLength(before + 1);
    expect(latest().closures).toContainEqual({ date, serviceId: null });
    expect((await t.client.call('DELETE', `/api/admin/closures/${added.json.id}`, admin())).status).toBeLessThan(300);
    expect(catalogues()).toHaveLength(before + 2);
    expect(latest().closures).not.toContainEqual({ date, serviceId: null });
  });

  it('refuses bad input, unknown services and other agencies, changing nothing', async () => {
    const id = idOf('KTP');
    const snap = t.snapshot();
    for (const body of [{ ...HTTP_SETTINGS, slotMinutes: 25 }, { ...HTTP_SETTINGS, capacityPerSlot: 0 }, { ...HTTP_SETTINGS, daysAhead: 61 }, { ...HTTP_SETTINGS, extra: 1 }, { enabled: true }]) {
      expectError(await t.client.call('PUT', `/api/admin/services/${id}/booking`, { ...admin(), body }), 'VALIDATION_FAILED');
    }
    expectError(await t.client.call('PUT', '/api/admin/services/9999/booking', { ...admin(), body: HTTP_SETTINGS }), 'SERVICE_NOT_FOUND');
    expectError(await t.client.call('GET', `/api/admin/services/${id}/booking`), 'UNAUTHENTICATED');
    expect(t.snapshot()).toBe(snap);
    const polres = t.hub.core.db.prepare("SELECT id FROM agencies WHERE code = 'POLRES'").pluck().get() as number;
    expect((await t.client.call('POST', '/api/admin/officers', { ...admin(), body: { name: 'Kepala Gerai Polres', username: 'kagerai.polres2', pin: '9753', role: 'supervisor', agencyId: polres } })).status).toBe(201);
    const session = await t.login(t.admin.token, 'kagerai.polres2', '9753');
    const snap2 = t.snapshot();
    expectError(await t.client.call('PUT', `/api/admin/services/${id}/booking`, { token: t.admin.token, session, body: { ...HTTP_SETTINGS, enabled: false } }), 'AGENCY_SCOPE');
    expect(t.snapshot()).toBe(snap2);
    expect((await t.client.call('PUT', `/api/admin/services/${idOf('SKCK-BARU')}/booking`, { token: t.admin.token, session, body: HTTP_SETTINGS })).status).toBe(200);
  });

  it('lists the bookings of a date and the feed state', async () => {
    const id = idOf('KTP');
    const date = t.hub.core.engine.today();
    t.hub.core.bookings.applyPage({
      entries: [{ seq: 1, kind: 'booking.made', booking: { code: 'ABCDEF', serviceId: id, date, slotStart: '10:00', slotEnd: '10:20', madeAt: 1, phone: null } }],
      last: 1,
    });
    const list = await t.client.call('GET', `/api/admin/bookings?date=${date}`, admin());
    expect(list.status, JSON.stringify(list.json)).toBe(200);
    expect(list.json).toEqual([expect.objectContaining({ code: 'ABCDEF', serviceId: id, slotStart: '10:00', status: 'booked', ticketDisplay: null, conflict: null })]);
    expect((await t.client.call('GET', '/api/admin/bookings', admin())).json).toHaveLength(1);
    expectError(await t.client.call('GET', '/api/admin/bookings?date=kemarin', admin()), 'VALIDATION_FAILED');
    expect((await t.client.call('GET', '/api/admin/bookings/feed', admin())).json).toEqual({ configured: false, cursor: 1 });
  });
});
