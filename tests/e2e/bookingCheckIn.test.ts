/**
 * The booking check-in at the kiosk (issue 23), in headless Chromium at the kiosk's 1080×1920 on a
 * hub whose clock the test holds (Monday 23 November 2026, 08:50 WIB): a booking for 09:00 seeded in
 * the hub's database; the citizen taps "Punya booking? Check-in" and a USB scanner types the QR's
 * text fast and presses Enter: the ticket is shown, with what the booking means. A code the hub has
 * not received: said so, the citizen chooses the service, and gets an ordinary ticket.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { ManualClock } from '../fixtures/clock.js';
import { tempDir } from '../fixtures/tempDir.js';

/** 08:50 WIB (UTC+7) on Monday 23 November 2026. */
const AT_0850_WIB = Date.UTC(2026, 10, 23, 1, 50);

describe.skipIf(skipScreens)('booking check-in at the kiosk', () => {
  const tmp = tempDir('antre-booking-checkin-');
  const clock = new ManualClock(AT_0850_WIB);
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  let ktp: number;

  beforeAll(async () => {
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
    });
    ktp = hub.core.master.services().find((s) => s.name === 'KTP Elektronik')!.id;
    // The booking as the feed would have brought it (helper H's pull): today, 09:00–09:30.
    hub.core.db
      .prepare(
        `INSERT INTO bookings (code, service_id, business_date, slot_start, slot_end, made_at, phone, status, received_at)
         VALUES ('K7M3QX', ?, '2026-11-23', '09:00', '09:30', ?, NULL, 'booked', ?)`,
      )
      .run(ktp, AT_0850_WIB - 86_400_000, AT_0850_WIB - 86_400_000);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, locale: 'id-ID' });
    await page.goto(`${hub.url}/kiosk`);
    await page.getByTestId('checkin-open').waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    tmp.remove();
  });

  it('checks a booking in from the scanned QR code and shows the ticket', async () => {
    await page.getByTestId('checkin-open').click();
    await page.getByTestId('checkin-field').waitFor();
    // A USB scanner: the QR's text typed in a few milliseconds a key, then Enter.
    await page.keyboard.type('ANTRE-BOOKING:MPP-DEMO:K7M3QX', { delay: 3 });
    await page.keyboard.press('Enter');
    const number = page.getByTestId('ticket-number');
    await number.waitFor({ timeout: 10_000 });
    const booking = hub.core.db.prepare(`SELECT status, ticket_id FROM bookings WHERE code = 'K7M3QX'`).get() as { status: string; ticket_id: number };
    expect(booking.status).toBe('checked_in');
    expect(await number.textContent()).toBe(hub.core.engine.ticket(booking.ticket_id)!.display);
    expect(await page.getByTestId('checkin-message').textContent()).toBe('Booking 09:00: Anda dipanggil mulai pukul 09:00. Silakan menunggu.');
    await page.screenshot({ path: 'docs/screenshots/issue23-checkin.png' });
    await page.getByRole('button', { name: /Selesai/ }).click();
    await page.getByTestId('checkin-open').waitFor();
  });

  it('the same booking again: says it has checked in, with its number', async () => {
    await page.getByTestId('checkin-open').click();
    await page.getByTestId('checkin-field').waitFor();
    await page.keyboard.type('k7m3qx', { delay: 3 });
    await page.keyboard.press('Enter');
    const ticketId = (hub.core.db.prepare(`SELECT ticket_id FROM bookings WHERE code = 'K7M3QX'`).pluck().get() as number);
    await expect.poll(() => page.locator('main').textContent(), { timeout: 10_000 }).toContain(`Booking ini sudah check-in dan sudah mendapat nomor antrean. Nomor antrean Anda: ${hub.core.engine.ticket(ticketId)!.display}.`);
    await page.goto(`${hub.url}/kiosk`);
    await page.getByTestId('checkin-open').waitFor();
  });

  it('a code not received yet: says so, then the service choice gives an ordinary ticket', async () => {
    await page.getByTestId('checkin-open').click();
    // Typed on the on-screen keyboard this time.
    for (const k of 'w9x8y7') await page.locator(`.keyboard [data-key="${k}"]`).click();
    await page.getByTestId('checkin-submit').click();
    await expect.poll(() => page.getByTestId('booking-message').textContent(), { timeout: 10_000 }).toContain('Booking Anda belum diterima server gedung; Anda dilayani sebagai antrean biasa.');
    await page.locator('.tile.agency', { hasText: 'Dukcapil' }).click();
    await page.locator('.tile.service', { hasText: 'KTP Elektronik' }).click();
    await page.getByRole('button', { name: /Ambil tiket|Bukan, lanjutkan/ }).first().click();
    await page.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('checkin-message').textContent()).toBe('Booking Anda belum diterima server gedung; Anda dilayani sebagai antrean biasa.');
    const t = hub.core.db.prepare(`SELECT service_id, due_at FROM tickets ORDER BY id DESC LIMIT 1`).get() as { service_id: number; due_at: number | null };
    expect(t).toEqual({ service_id: ktp, due_at: null });
  });
});
