/**
 * The public booking page (issue 23) on a phone with JavaScript off, against the real central
 * server and PostgreSQL: agency → service → date → slot → the code and its QR, then the place is
 * gone from the count and the hub's feed holds the booking; "Cek booking" shows it booked, then
 * cancelled.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../central/bookings.js';
import { createCentral, type Central } from '../../central/server.js';
import { type BookingCatalogue, FeedPage } from '../../shared/booking.js';
import { businessDate } from '../../shared/businessDate.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { testPostgres } from '../fixtures/postgres.js';

const SHOTS = join(import.meta.dirname, '../../docs/screenshots');
const SITE = 'mpp-sukoharjo';
const ZONE = 'Asia/Jakarta';
const weekdays = [[], ...Array.from({ length: 5 }, () => [{ open: '08:00', close: '12:00' }]), []];

describe.skipIf(skipScreens)('the public booking page', () => {
  let pg: Awaited<ReturnType<typeof testPostgres>>;
  let central: Central;
  let browser: Browser;
  let url: string;
  let token: string;

  beforeAll(async () => {
    pg = await testPostgres();
    central = await createCentral({ databaseUrl: pg.url, adminToken: 'admin-token-booking', log: () => undefined });
    await central.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(central.app.server.address() as { port: number }).port}`;
    token = (await central.store.addSite(SITE, 'MPP Kabupaten Sukoharjo')).token;
    const catalogue: BookingCatalogue = {
      siteName: 'MPP Kabupaten Sukoharjo',
      timeZone: ZONE,
      services: [
        { serviceId: 1, code: 'KTP', name: 'Perekaman KTP-el', agencyId: 1, agencyName: 'Disdukcapil', settings: { enabled: true, slotMinutes: 30, capacityPerSlot: 4, daysAhead: 14 }, hours: weekdays },
        { serviceId: 2, code: 'KK', name: 'Kartu Keluarga', agencyId: 1, agencyName: 'Disdukcapil', settings: { enabled: true, slotMinutes: 60, capacityPerSlot: 2, daysAhead: 14 }, hours: weekdays },
        { serviceId: 3, code: 'NPWP', name: 'NPWP', agencyId: 2, agencyName: 'KPP Pratama', settings: { enabled: true, slotMinutes: 30, capacityPerSlot: 3, daysAhead: 14 }, hours: weekdays },
      ],
      closures: [],
    };
    const event = { seq: 1, at: Date.now(), businessDate: businessDate(Date.now(), ZONE), ticketId: null, serviceId: null, counterId: null, officerId: null, deviceId: null, type: 'booking.catalogue', data: catalogue };
    const res = await fetch(`${url}/api/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ site: SITE, fromSeq: 1, toSeq: 1, idempotencyKey: `${SITE}:1:1-1`, events: [event], services: [] }),
    });
    expect(res.status).toBe(200);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await central?.close();
    await pg?.stop();
  });

  it('books a slot on a phone without JavaScript and shows the code and its QR', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    await phone.goto(`${url}/public/${SITE}/booking`);
    await phone.getByRole('link', { name: 'Disdukcapil' }).click();
    await phone.getByRole('link', { name: 'Perekaman KTP-el' }).click();
    // The first date offered: tomorrow or later, a weekday (the service is closed at weekends).
    const firstDay = phone.locator('ul.choose li a[href*="date="]').first();
    const href = (await firstDay.getAttribute('href'))!;
    const date = /date=(\d{4}-\d{2}-\d{2})/.exec(href)![1]!;
    expect(date > businessDate(Date.now(), ZONE)).toBe(true);
    expect(date <= addDays(businessDate(Date.now(), ZONE), 14)).toBe(true);
    await expect(firstDay.textContent()).resolves.toContain('sisa 32 tempat');
    await firstDay.click();
    await phone.getByLabel('09:00–09:30 · sisa 4 tempat').check();
    await phone.screenshot({ path: join(SHOTS, 'issue23-booking-page.png'), fullPage: true });

    // A phone number without the consent box: refused, said why, nothing booked.
    await phone.getByLabel('Untuk pengingat, bila Anda mau:').fill('081234567890');
    await phone.getByRole('button', { name: 'Pesan' }).click();
    await expect(phone.getByRole('alert').textContent()).resolves.toContain('persetujuan');
    expect((await central.pool.query('SELECT count(*)::int AS n FROM bookings')).rows[0].n).toBe(0);
    await phone.goBack();
    await phone.getByLabel('09:00–09:30 · sisa 4 tempat').check();
    await phone.getByLabel('Saya setuju nomor HP saya disimpan').check();
    await phone.getByRole('button', { name: 'Pesan' }).click();

    const code = (await phone.getByTestId('booking-code').textContent())!.trim();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    const body = (await phone.locator('body').textContent())!;
    expect(body).toContain('paling lambat 15 menit setelah jam booking');
    expect(body).toContain('09:00–09:30');
    // The QR on the page is exactly the one for `ANTRE-BOOKING:<site>:<code>` (what the kiosk reads).
    const svg = await phone.locator('.qr svg').evaluate((el) => el.outerHTML);
    const expected = await QRCode.toString(`ANTRE-BOOKING:${SITE}:${code}`, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    const paths = (s: string) => [...s.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]);
    expect(paths(svg)).toEqual(paths(expected));
    expect(paths(svg).length).toBeGreaterThan(0);
    await phone.screenshot({ path: join(SHOTS, 'issue23-booking-done.png'), fullPage: true });

    // The place is taken, and the hub's feed holds the booking with the phone it was allowed to keep.
    await phone.goto(`${url}/public/${SITE}/booking?service=1&date=${date}`);
    await expect(phone.getByText('09:00–09:30 · sisa 3 tempat').count()).resolves.toBe(1);
    const feed = FeedPage.parse(await (await fetch(`${url}/api/sync/feed?site=${SITE}&after=0`, { headers: { authorization: `Bearer ${token}` } })).json());
    expect(feed.entries).toEqual([{ seq: 1, kind: 'booking.made', booking: { code, serviceId: 1, date, slotStart: '09:00', slotEnd: '09:30', madeAt: expect.any(Number), phone: '081234567890' } }]);

    // "Cek booking", linked from the confirmation and the page's start: the code and its date show
    // the booking as it stands (the slot, the service, the MPP).
    await phone.goto(`${url}/public/${SITE}/booking`);
    await phone.getByRole('link', { name: 'Cek booking' }).first().click();
    await phone.getByLabel('Kode booking').fill(code);
    await phone.getByLabel('Tanggal booking').fill(date);
    await phone.getByRole('button', { name: 'Cek booking' }).click();
    const status = (await phone.getByRole('status').textContent())!;
    expect(status).toContain('Terjadwal');
    const statusBody = (await phone.locator('body').textContent())!;
    expect(statusBody).toContain('Disdukcapil — Perekaman KTP-el');
    expect(statusBody).toContain('09:00–09:30');
    expect(statusBody).toContain('MPP Kabupaten Sukoharjo');
    await phone.screenshot({ path: join(SHOTS, 'issue23-booking-status.png'), fullPage: true });

    // Cancelled on the cancel page (code typed in lower case, and its date): the place comes back.
    await phone.goto(`${url}/public/${SITE}/booking/cancel`);
    await phone.getByLabel('Kode booking').fill(code.toLowerCase());
    await phone.getByLabel('Tanggal booking').fill(date);
    await phone.getByRole('button', { name: 'Batalkan booking' }).click();
    await expect(phone.getByRole('status').textContent()).resolves.toContain(`Booking ${code}`);
    await phone.goto(`${url}/public/${SITE}/booking?service=1&date=${date}`);
    await expect(phone.getByText('09:00–09:30 · sisa 4 tempat').count()).resolves.toBe(1);
    // And "Cek booking" now says so.
    await phone.goto(`${url}/public/${SITE}/booking/status`);
    await phone.getByLabel('Kode booking').fill(code);
    await phone.getByLabel('Tanggal booking').fill(date);
    await phone.getByRole('button', { name: 'Cek booking' }).click();
    await expect(phone.getByRole('status').textContent()).resolves.toContain('Dibatalkan');
  }, 60_000);
});
