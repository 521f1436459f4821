/**
 * A holiday declared over online bookings, in headless Chromium against the hub as `npm run serve`
 * starts it: the admin closes a day on which citizens have booked (a cuti bersama announced late);
 * the Calendar tab says at once how many to tell and where to find them, and the Booking tab marks
 * those bookings, with the phone number of the citizen who agreed to be reminded.
 *
 * The bookings are written into the hub's database file as the feed pull writes them (the pull
 * itself, against a real central server, is tests/e2e/bookingFlow.test.ts).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginAdmin, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SHOTS = join(import.meta.dirname, '../../docs/screenshots');
/** Far enough ahead to be a future day whatever today is. */
const DAY = '2099-12-24';

describe.skipIf(skipScreens)('a holiday declared over online bookings', () => {
  let hub: ServedHub;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    hub = await serveHub();
    const db = new Database(join(hub.dataDir, 'antre.sqlite3'), { fileMustExist: true });
    try {
      const ktp = db.prepare("SELECT id FROM services WHERE name = 'KTP Elektronik'").pluck().get() as number;
      const add = db.prepare(
        `INSERT INTO bookings (code, service_id, business_date, slot_start, slot_end, made_at, phone, status, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', ?)`,
      );
      add.run('Q2W3E4', ktp, DAY, '09:00', '09:30', Date.now(), '081298765432', Date.now());
      add.run('R5T6Y7', ktp, DAY, '10:00', '10:30', Date.now(), null, Date.now());
    } finally {
      db.close();
    }
    browser = await launchChromium();
    admin = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAdmin(admin, hub.url);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('says how many citizens booked the closed day, and the Booking tab shows whom to call', async () => {
    await admin.getByRole('button', { name: 'Jadwal & libur' }).click();
    const closures = admin.getByRole('form', { name: 'Libur dan penutupan' });
    await closures.getByLabel('Tanggal').fill(DAY);
    await closures.getByLabel('Alasan').fill('Cuti bersama');
    await closures.getByRole('button', { name: 'Simpan libur/penutupan' }).click();
    const item = closures.locator('li', { hasText: `${DAY} · Seluruh MPP — Cuti bersama` });
    await expect
      .poll(() => item.getByTestId('closure-bookings').textContent())
      .toBe(` 2 warga sudah booking daring untuk hari itu. Kabari mereka: tab Booking, tanggal ${DAY} (nomor HP tercantum bila mereka mengizinkan).`);
    if (process.env.ANTRE_SCREENSHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await closures.screenshot({ path: join(SHOTS, 'closure-bookings.png') });
    }

    await admin.getByRole('button', { name: 'Booking', exact: true }).click();
    await admin.getByLabel('Tanggal').fill(DAY);
    await admin.getByRole('button', { name: 'Tampilkan' }).first().click();
    const withPhone = admin.locator('tr[data-booking="Q2W3E4"]');
    await expect.poll(() => withPhone.getAttribute('class')).toBe('day-closed');
    expect(await withPhone.textContent()).toContain('081298765432');
    expect(await withPhone.textContent()).toContain('Hari itu ditutup setelah booking dibuat: kabari warga.');
    expect(await admin.locator('tr[data-booking="R5T6Y7"]').getAttribute('class')).toBe('day-closed');

    // Undone: nobody to call any more.
    await admin.getByRole('button', { name: 'Jadwal & libur' }).click();
    await item.getByRole('button', { name: 'Batalkan' }).click();
    await item.waitFor({ state: 'detached' });
    await admin.getByRole('button', { name: 'Booking', exact: true }).click();
    await admin.getByLabel('Tanggal').fill(DAY);
    await admin.getByRole('button', { name: 'Tampilkan' }).first().click();
    await withPhone.waitFor();
    await expect.poll(() => withPhone.getAttribute('class')).toBeNull();
    expect(await admin.locator('tr.day-closed').count()).toBe(0);
  });
});
