/**
 * What the kiosk shows of the calendar, in headless Chromium against a hub on a clock the test
 * holds (Monday 23 November 2026, 09:00 WIB; the demo MPP with office hours): the issuing window
 * ("Layanan 08.00–15.00 · tiket terakhir 14.30"), a closure's reason with the next opening instead
 * of a bare "Tutup", and a paused service's reason with the time it opens again; where a service
 * is ("Silakan menuju Lantai 2 · Zona B"); and, when the hub refuses a tap because the service
 * closed after the kiosk read it, when it opens again. Each change is made through the admin API
 * (or the hub's clock) while the kiosk is open, and the kiosk shows it without a reload.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub.js';
import { seedDemo } from '../../electron/hub/seed/demo.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { ManualClock } from '../fixtures/clock.js';
import { MONDAY_9AM_WIB } from '../fixtures/smallSite.js';
import { tempDir } from '../fixtures/tempDir.js';

describe.skipIf(skipScreens)('the kiosk shows the calendar', () => {
  const tmp = tempDir('antre-calendar-kiosk-');
  const clock = new ManualClock(MONDAY_9AM_WIB);
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  let session: string;

  async function admin(method: string, path: string, body?: unknown) {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { 'x-antre-session': session, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as any;
    expect(res.status, JSON.stringify(json)).toBeLessThan(300);
    return json;
  }
  const serviceId = (prefix: string) => hub.core.master.services().find((s) => s.prefix === prefix)!.id;
  const tile = (name: string) => page.locator('.tile.service', { hasText: name });

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
    const login = await fetch(`${hub.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', pin: '246810' }) });
    session = ((await login.json()) as { sessionToken: string }).sessionToken;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, locale: 'id-ID' });
    await page.goto(`${hub.url}/kiosk`);
    await page.locator('.tile.agency', { hasText: 'Dukcapil' }).click();
    await tile('KTP Elektronik').waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    tmp.remove();
  });

  it('shows the service hours with the last ticket', async () => {
    expect(await tile('KTP Elektronik').textContent()).toContain('Layanan 08.00–15.00');
    await admin('PUT', '/api/admin/services/hours', { agencyId: 1, lastTicketBeforeMinutes: 30 });
    await expect.poll(() => tile('KTP Elektronik').textContent()).toContain('Layanan 08.00–15.00 · tiket terakhir 14.30');
    expect(await tile('KTP Elektronik').isEnabled()).toBe(true);
  });

  it('shows a closure’s reason and the next opening instead of a bare "Tutup"', async () => {
    await admin('POST', '/api/admin/closures', { date: '2026-11-23', serviceId: serviceId('B'), reason: 'Gangguan jaringan SIAK' });
    const kk = tile('Kartu Keluarga');
    await expect.poll(() => kk.textContent()).toContain('Gangguan jaringan SIAK');
    expect(await kk.locator('.state').textContent()).toBe('Gangguan jaringan SIAK');
    expect(await kk.locator('.next-opening').textContent()).toBe('Buka besok, Selasa, 24 November 08.00');
    expect(await kk.isDisabled()).toBe(true);
  });

  it('shows a paused service’s reason and when it opens again, in both languages', async () => {
    await admin('POST', `/api/admin/services/${serviceId('C')}/pause`, { until: '10:30', reason: 'SIAK pusat gangguan' });
    const akta = tile('Akta Kelahiran');
    await expect.poll(() => akta.locator('.state').textContent()).toBe('Dijeda sementara');
    expect(await akta.locator('.reason').textContent()).toBe('SIAK pusat gangguan');
    expect(await akta.locator('.next-opening').textContent()).toBe('Buka pukul 10.30');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => akta.locator('.next-opening').textContent()).toBe('Opens at 10:30');
    expect(await akta.locator('.state').textContent()).toBe('Paused for now');
    expect(await tile('KTP Elektronik').locator('.window').textContent()).toBe('Service 08:00–15:00 · last ticket 14:30');
  });

  it('sets Friday hours with a second range from the admin’s Calendar tab, at 1366x768', async () => {
    const adminPage = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'id-ID' });
    await adminPage.goto(`${hub.url}/admin`);
    await adminPage.fill('input[name=username]', 'admin');
    await adminPage.fill('input[name=pin]', '246810');
    await adminPage.getByRole('button', { name: 'Masuk' }).click();
    await adminPage.getByRole('button', { name: 'Jadwal & libur' }).click();
    await adminPage.getByLabel('Cari layanan').fill('kartu identitas');
    await adminPage.getByRole('button', { name: 'E Kartu Identitas Anak' }).click();
    const form = adminPage.getByRole('form', { name: 'Jam layanan' });
    await form.getByLabel('Jumat tutup 1').fill('11:30');
    await form.getByRole('button', { name: 'Tambah jam Jumat' }).click();
    await form.getByLabel('Jumat buka 2').fill('13:00');
    await form.getByLabel('Jumat tutup 2').fill('15:00');
    await form.getByRole('button', { name: 'Simpan untuk 1 layanan' }).click();
    await adminPage.getByRole('status').getByText('Jam 1 layanan tersimpan.').waitFor();
    expect(hub.core.master.service(serviceId('E'))!.hours[5]).toEqual([
      { open: '08:00', close: '11:30' },
      { open: '13:00', close: '15:00' },
    ]);
    // The rest of the week as it was
    expect(hub.core.master.service(serviceId('E'))!.hours[4]).toEqual([{ open: '08:00', close: '15:00' }]);
    await adminPage.close();
  });

  it('says where the service is: on its tile, before the tap and on the ticket screen, in both languages', async () => {
    const zone = await admin('POST', '/api/admin/zones', { name: 'Zona B', floor: 'Lantai 2' });
    await admin('PUT', `/api/admin/services/${serviceId('A')}`, { zoneId: zone.id });
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    const ktp = tile('KTP Elektronik');
    await expect.poll(() => ktp.locator('.place').textContent()).toBe('Lokasi: Lantai 2 · Zona B');
    await ktp.click();
    await expect.poll(() => page.getByTestId('confirm-place').textContent()).toBe('Lokasi: Lantai 2 · Zona B');
    await page.getByRole('button', { name: 'Ambil tiket' }).click();
    await page.getByTestId('ticket-number').waitFor();
    expect(await page.getByTestId('done-place').textContent()).toBe('Silakan menuju Lantai 2 · Zona B');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('done-place').textContent()).toBe('Please go to Lantai 2 · Zona B');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByRole('button', { name: 'Selesai' }).click();
  });

  it('says when tickets can be taken again when the hub refuses a service that closed after the kiosk read it', async () => {
    await page.locator('.tile.agency', { hasText: 'Dukcapil' }).click();
    await tile('KTP Elektronik').click();
    const take = page.getByRole('button', { name: 'Ambil tiket' });
    expect(await take.isEnabled()).toBe(true);
    // Past KTP's last ticket (14.30) by the hub's clock: nothing is logged, so the kiosk still
    // shows it open, and the hub refuses the tap.
    clock.set(Date.parse('2026-11-23T14:45:00+07:00'));
    await take.click();
    const failed = page.locator('section.failed');
    await failed.waitFor();
    expect(await failed.locator('.reason').first().textContent()).toBe('Layanan ini sedang tutup.');
    expect(await page.getByTestId('failed-next-opening').textContent()).toBe('Buka besok, Selasa, 24 November 08.00');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('failed-next-opening').textContent()).toBe('Opens tomorrow, Tuesday 24 November 08:00');
  });
});
