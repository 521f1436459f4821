/**
 * The kiosk reads a booking's QR code with its camera (issue 23: "camera or USB scanner"), in
 * headless Chromium whose fake camera plays a video of the QR code on the citizen's phone: the
 * citizen opens "Punya booking?", holds the phone up, and gets the ticket without typing or
 * pressing anything. A QR code that is not a booking (the ticket's own link) is said to be the
 * wrong one and checks nothing in. A kiosk without a camera shows no camera box, and the camera
 * is released when the citizen leaves the screen.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { ManualClock } from '../fixtures/clock.js';
import { fakeCameraArgs, writeQrVideo } from '../fixtures/fakeCamera.js';
import { layoutProblems } from '../fixtures/layout.js';
import { tempDir } from '../fixtures/tempDir.js';

/** 08:50 WIB (UTC+7) on Monday 23 November 2026: ten minutes before the booking's slot. */
const AT_0850_WIB = Date.UTC(2026, 10, 23, 1, 50);

describe.skipIf(skipScreens)('the kiosk camera reads booking QR codes', () => {
  const tmp = tempDir('antre-kiosk-camera-');
  const clock = new ManualClock(AT_0850_WIB);
  let hub: RunningHub;
  const browsers: Browser[] = [];

  async function kioskWith(cameraArgs: string[]): Promise<Page> {
    const browser = await launchChromium(cameraArgs);
    browsers.push(browser);
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, locale: 'id-ID' });
    await page.goto(`${hub.url}/kiosk`);
    await page.getByTestId('checkin-open').click();
    await page.getByTestId('checkin-field').waitFor();
    return page;
  }
  const cameraLive = (page: Page) =>
    page.evaluate(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="camera-scan"] video');
      return (v?.srcObject as MediaStream | null)?.getVideoTracks().some((t) => t.readyState === 'live') ?? false;
    });

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
    const ktp = hub.core.master.services().find((s) => s.name === 'KTP Elektronik')!.id;
    // The booking as the hub's pull from the central server would have brought it: today, 09:00–09:30.
    hub.core.db
      .prepare(
        `INSERT INTO bookings (code, service_id, business_date, slot_start, slot_end, made_at, phone, status, received_at)
         VALUES ('P4N7RT', ?, '2026-11-23', '09:00', '09:30', ?, NULL, 'booked', ?)`,
      )
      .run(ktp, AT_0850_WIB - 86_400_000, AT_0850_WIB - 86_400_000);
  }, 60_000);
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await hub?.close();
    tmp.remove();
  });

  it('checks the booking in from the phone held up to the camera, with no typing', async () => {
    const page = await kioskWith(fakeCameraArgs(writeQrVideo(join(tmp.dir, 'booking.y4m'), 'ANTRE-BOOKING:MPP-DEMO:P4N7RT')));
    // The camera box, as the citizen sees it before the code is read (or the ticket, if read at once).
    await page.locator('[data-camera="on"], [data-testid="ticket-number"]').first().waitFor({ timeout: 15_000 });
    const number = page.getByTestId('ticket-number');
    await number.waitFor({ timeout: 15_000 });
    const booking = hub.core.db.prepare(`SELECT status, ticket_id FROM bookings WHERE code = 'P4N7RT'`).get() as { status: string; ticket_id: number };
    expect(booking.status).toBe('checked_in');
    expect(await number.textContent()).toBe(hub.core.engine.ticket(booking.ticket_id)!.display);
    expect(await page.getByTestId('checkin-message').textContent()).toBe('Booking 09:00: Anda dipanggil mulai pukul 09:00. Silakan menunggu.');
    // Checked in once: the camera kept seeing the code while the ticket was issued.
    expect(hub.core.db.prepare(`SELECT COUNT(*) FROM tickets`).pluck().get()).toBe(1);
    // Off the check-in screen, the camera is released.
    await expect.poll(() => page.locator('[data-testid="camera-scan"] video').count()).toBe(0);
  });

  it('says a QR code that is not a booking is the wrong one, and checks nothing in', async () => {
    const tickets = hub.core.db.prepare(`SELECT COUNT(*) FROM tickets`).pluck().get();
    const page = await kioskWith(fakeCameraArgs(writeQrVideo(join(tmp.dir, 'link.y4m'), 'http://192.168.1.10:7800/t/12.20261123.abcdef')));
    await expect.poll(() => page.getByTestId('camera-scan-caption').textContent()).toBe('Kode QR ini bukan kode booking. Tunjukkan kode QR dari halaman booking.');
    expect(await page.getByTestId('checkin-field').inputValue()).toBe('');
    expect(hub.core.db.prepare(`SELECT COUNT(*) FROM tickets`).pluck().get()).toBe(tickets);
    expect(await cameraLive(page)).toBe(true);
    await page.screenshot({ path: 'docs/screenshots/issue23-checkin-camera.png' });
    // The camera's box leaves the keyboard and the buttons whole, upright and on a 1024×768 kiosk.
    expect(await layoutProblems(page, { minTarget: 64 })).toEqual([]);
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect.poll(() => layoutProblems(page, { minTarget: 48 })).toEqual([]);
    await page.screenshot({ path: 'docs/screenshots/issue23-checkin-camera-1024x768.png' });
    await page.setViewportSize({ width: 1080, height: 1920 });
    // "Kembali": the camera goes off with the screen (its light with it).
    const stream = await page.evaluateHandle(() => document.querySelector<HTMLVideoElement>('[data-testid="camera-scan"] video')!.srcObject as MediaStream);
    await page.getByRole('button', { name: /Kembali/ }).click();
    await page.getByTestId('checkin-open').waitFor();
    expect(await stream.evaluate((s) => s.getTracks().map((t) => t.readyState))).toEqual(['ended']);
  });

  it('the kiosk survey reads the ticket held up to the camera (no BarcodeDetector here: jsQR)', async () => {
    const pph = hub.core.master.services().find((s) => s.name === 'Pendaftaran NPWP')!.id;
    const issued = hub.core.engine.issue({ serviceId: pph, requestId: 'camera-survey' });
    // The officer at Gerai 7 calls and finishes it, as at any counter.
    const post = async (path: string, body: unknown, session?: string) => {
      const res = await fetch(`${hub.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(session ? { 'x-antre-session': session } : {}) },
        body: JSON.stringify(body),
      });
      expect(res.status, path).toBeLessThan(300);
      return (await res.json()) as any;
    };
    const { sessionToken } = await post('/api/sessions', { username: 'petugas07', pin: '1234', counterId: 7 });
    expect((await post('/api/counters/7/call', { ticketId: issued.ticket.id }, sessionToken)).ticket.id).toBe(issued.ticket.id);
    await post('/api/counters/7/finish', {}, sessionToken);
    const link = hub.core.phoneLinks.link(hub.core.engine.ticket(issued.ticket.id)!);
    const browser = await launchChromium(fakeCameraArgs(writeQrVideo(join(tmp.dir, 'ticket.y4m'), link)));
    browsers.push(browser);
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, locale: 'id-ID' });
    await page.goto(`${hub.url}/survey?kiosk=1`);
    expect(await page.evaluate(() => 'BarcodeDetector' in globalThis)).toBe(false);
    await page.getByRole('button', { name: 'Pindai dengan kamera' }).click();
    await expect.poll(() => page.getByTestId('survey-ticket').textContent()).toContain(issued.ticket.display);
    // Read, the camera closes.
    expect(await page.locator('.camera video').count()).toBe(0);
  });

  it('shows no camera box on a kiosk without a camera; the scanner and keyboard remain', async () => {
    const page = await kioskWith([]);
    await expect.poll(() => page.getByTestId('camera-scan').getAttribute('data-camera')).toBe('none');
    expect(await page.getByTestId('camera-scan').isVisible()).toBe(false);
    expect(await page.locator('.keyboard [data-key="a"]').count()).toBe(1);
  });
});
