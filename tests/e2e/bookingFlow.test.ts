/**
 * A booking from end to end (issue 23): made by a citizen on the central server's public page (a
 * phone-sized Chromium, no script), pulled by the hub through the feed, checked in at the kiosk by
 * its QR code (a USB scanner typing the code's text), and called at its slot: before a walk-in who
 * came after the booked citizen, and not before a walk-in who had already waited past the site's
 * maximum wait. Real PostgreSQL and central server; the hub in-process on a clock the test holds,
 * so that the day of the booking (the central books from its own tomorrow) can be lived through.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingStore as CentralBookings } from '../../central/bookings.js';
import { createCentral, type Central } from '../../central/server.js';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { ManualClock } from '../fixtures/clock.js';
import { testPostgres } from '../fixtures/postgres.js';
import { tempDir } from '../fixtures/tempDir.js';

const SITE = 'mpp-contoh';
/** A local time on a date in WIB (UTC+7, the demo site's zone). */
const wib = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+07:00`);

describe.skipIf(skipScreens)('a booking from the central page to its call at the counter', () => {
  const tmp = tempDir('antre-booking-flow-');
  const clock = new ManualClock(Date.now());
  let pg: Awaited<ReturnType<typeof testPostgres>>;
  let central: Central;
  let centralUrl: string;
  let hub: RunningHub;
  let browser: Browser;
  let ktp: number;

  async function api(method: string, path: string, body?: unknown, session?: string) {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { ...(session ? { 'x-antre-session': session } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as any };
  }

  beforeAll(async () => {
    pg = await testPostgres();
    central = await createCentral({ databaseUrl: pg.url, adminToken: 'admin-token-flow', log: () => undefined });
    await central.app.listen({ port: 0, host: '127.0.0.1' });
    centralUrl = `http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`;
    const { token } = await central.store.addSite(SITE, 'MPP Kabupaten Contoh');
    hub = await startHub({
      dataDir: tmp.dir,
      port: 0,
      host: '127.0.0.1',
      demo: true,
      clock,
      setup: (core) => seedDemo(core, { officeHours: true }),
      rendererDir: join(process.cwd(), 'dist', 'renderer'),
      printerPollMs: 0,
      log: () => {},
      sync: { url: centralUrl, site: SITE, token, intervalMs: 200, baseDelayMs: 200 },
    });
    ktp = hub.core.master.services().find((s) => s.name === 'KTP Elektronik')!.id;
    // KTP takes bookings: 30-minute slots of 5; the site's maximum wait is 30 minutes.
    hub.core.bookings.setSettings(ktp, { enabled: true, slotMinutes: 30, capacityPerSlot: 5, daysAhead: 7 });
    hub.core.settings.set('priorityPolicy', { ...hub.core.settings.get('priorityPolicy'), maxWaitMinutes: 30 });
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await central?.close();
    await pg?.stop();
    tmp.remove();
  });

  it('is booked on the central page, pulled by the hub, checked in by its QR and called at its slot', async () => {
    // The hub's catalogue reaches the central server with the push; the page then offers KTP.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    const bookings = new CentralBookings(central.pool);
    const offered = async () => {
      try {
        return (await bookings.catalogue(SITE)).catalogue.services.some((s) => s.serviceId === ktp && s.settings.enabled);
      } catch {
        return false;
      }
    };
    await expect.poll(offered, { timeout: 20_000 }).toBe(true);
    await phone.goto(`${centralUrl}/public/${SITE}/booking`);
    await phone.getByRole('link', { name: /Dukcapil|Kependudukan/ }).first().click();
    await phone.getByRole('link', { name: 'KTP Elektronik' }).click();
    const firstDay = phone.locator('ul.choose li a[href*="date="]').first();
    const date = /date=(\d{4}-\d{2}-\d{2})/.exec((await firstDay.getAttribute('href'))!)![1]!;
    await firstDay.click();
    await phone.getByLabel('09:00–09:30 · sisa 5 tempat').check();
    await phone.getByRole('button', { name: 'Pesan' }).click();
    const code = (await phone.getByTestId('booking-code').textContent())!.trim();
    await phone.close();

    // The hub pulls it (at once here; every minute and after each push in the field).
    await expect.poll(async () => (await hub.core.bookingFeed!.pullOnce(), hub.core.db.prepare('SELECT status FROM bookings WHERE code = ?').pluck().get(code)), { timeout: 10_000 }).toBe('booked');

    // The day of the booking. 08:20: a walk-in who will have waited past 30 minutes by 09:00.
    clock.set(wib(date, '08:20'));
    const early = hub.core.engine.issue({ serviceId: ktp, requestId: 'flow-walkin-early' }).ticket.display;
    // 08:40: a walk-in who came before the booked citizen, but will not have waited 30 minutes by 09:00.
    clock.set(wib(date, '08:40'));
    const before = hub.core.engine.issue({ serviceId: ktp, requestId: 'flow-walkin-before' }).ticket.display;
    // 08:50: the booked citizen checks in at the kiosk, the QR's text typed by a USB scanner.
    clock.set(wib(date, '08:50'));
    const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 }, locale: 'id-ID' });
    await kiosk.goto(`${hub.url}/kiosk`);
    await kiosk.getByTestId('checkin-open').click();
    await kiosk.getByTestId('checkin-field').waitFor();
    await kiosk.keyboard.type(`ANTRE-BOOKING:${SITE}:${code}`, { delay: 3 });
    await kiosk.keyboard.press('Enter');
    const number = kiosk.getByTestId('ticket-number');
    await number.waitFor({ timeout: 10_000 });
    const booked = (await number.textContent())!.trim();
    expect(await kiosk.getByTestId('checkin-message').textContent()).toContain('09:00');
    await kiosk.close();
    // 08:55: a walk-in who comes after the booked citizen.
    clock.set(wib(date, '08:55'));
    const later = hub.core.engine.issue({ serviceId: ktp, requestId: 'flow-walkin-later' }).ticket.display;

    // 09:00, the slot: an officer at Gerai 1 (KTP) calls four times.
    clock.set(wib(date, '09:00'));
    const login = await api('POST', '/api/sessions', { username: 'petugas01', pin: '1234', counterId: 1 });
    expect(login.status, JSON.stringify(login.json)).toBe(201);
    const session = login.json.sessionToken as string;
    const calls: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await api('POST', '/api/counters/1/call-next', {}, session);
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      calls.push((r.json.ticket ?? r.json).display);
      expect((await api('POST', '/api/counters/1/no-show', {}, session)).status).toBe(200);
    }
    // The walk-in past the maximum wait first; then the booking at its slot, ahead of the walk-in
    // who came before it but has not waited that long (plain arrival order would put it second);
    // then the walk-ins in their order.
    expect(calls).toEqual([early, booked, before, later]);
    expect(hub.core.db.prepare('SELECT status FROM bookings WHERE code = ?').pluck().get(code)).toBe('checked_in');

    // The admin's Booking tab: the booking on its date, checked in as that ticket; the report counts it.
    const admin = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await admin.goto(`${hub.url}/admin`);
    await admin.fill('input[name=username]', 'admin');
    await admin.fill('input[name=pin]', '246810');
    await admin.getByRole('button', { name: 'Masuk' }).click();
    await admin.getByRole('button', { name: 'Booking', exact: true }).click();
    await admin.getByLabel('Tanggal').fill(date);
    await admin.getByRole('button', { name: 'Tampilkan' }).first().click();
    const row = admin.locator(`tr[data-booking="${code}"]`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Sudah check-in');
    expect(await row.textContent()).toContain(booked);
    expect(await row.textContent()).toContain('09:00–09:30');
    expect(await admin.getByTestId('booking-feed').textContent()).toContain('Terakhir berhasil');
    await admin.getByLabel('Dari', { exact: true }).fill(date);
    await admin.getByLabel('Sampai', { exact: true }).fill(date);
    await admin.getByRole('button', { name: 'Tampilkan' }).nth(1).click();
    const ktpRow = admin.getByTestId('booking-report').locator('tr', { hasText: 'KTP Elektronik' });
    await expect.poll(() => ktpRow.locator('td').allTextContents(), { timeout: 10_000 }).toEqual(['KTP Elektronik', '1', '0', '1', '1', '0', expect.any(String), expect.any(String)]);
    if (process.env.ANTRE_SCREENSHOTS) await admin.screenshot({ path: 'docs/screenshots/issue23-bookings-admin.png' });
    await admin.close();
  }, 90_000);
});
