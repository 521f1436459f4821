/**
 * Online booking settings (issue 23) in headless Chromium against the hub as `npm run serve`
 * starts it: the admin turns booking on for KTP Elektronik in Data master → Layanan, next to the
 * standar pelayanan; the settings read back the same, and the catalogue the hub publishes to the
 * central server carries them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipScreens, loginAdmin } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SHOTS = join(import.meta.dirname, '../../docs/screenshots');

describe.skipIf(skipScreens)('online booking settings', () => {
  let hub: ServedHub;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium();
    admin = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAdmin(admin, hub.url);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('are set for KTP Elektronik in Data master → Layanan and read back', async () => {
    await admin.getByRole('button', { name: 'Data master' }).click();
    await admin.getByRole('searchbox').fill('KTP Elektronik');
    await admin.getByRole('button', { name: 'Booking daring KTP Elektronik' }).click();
    const form = admin.getByRole('form', { name: 'Booking daring' });
    const enabled = form.getByRole('checkbox', { name: 'Terima booking daring untuk layanan ini' });
    await enabled.waitFor();
    expect(await enabled.isChecked()).toBe(false);
    await enabled.check();
    await form.locator('select[name=slotMinutes]').selectOption('20');
    await form.locator('input[name=capacityPerSlot]').fill('6');
    await form.locator('input[name=daysAhead]').fill('10');
    await form.getByRole('button', { name: 'Simpan' }).click();
    await admin.getByRole('status').getByText('Pengaturan booking KTP Elektronik tersimpan; diterbitkan ke server pusat pada sinkronisasi berikutnya.').waitFor();
    mkdirSync(SHOTS, { recursive: true });
    await admin.evaluate(() => window.scrollTo(0, 0));
    await admin.screenshot({ path: join(SHOTS, 'issue23-booking-settings.png') });

    // A capacity out of range is refused by the form itself, nothing sent (read back as 6 below).
    await form.locator('input[name=capacityPerSlot]').fill('0');
    await form.getByRole('button', { name: 'Simpan' }).click();
    expect(await form.locator('input[name=capacityPerSlot]').evaluate((e) => (e as HTMLInputElement).validity.rangeUnderflow)).toBe(true);

    await form.getByRole('button', { name: 'Tutup' }).click();
    await admin.getByRole('button', { name: 'Booking daring KTP Elektronik' }).click();
    await expect.poll(() => form.locator('input[name=capacityPerSlot]').inputValue()).toBe('6');
    expect(await form.locator('select[name=slotMinutes]').inputValue()).toBe('20');
    expect(await form.locator('input[name=daysAhead]').inputValue()).toBe('10');
    expect(await form.getByRole('checkbox', { name: 'Terima booking daring untuk layanan ini' }).isChecked()).toBe(true);
  });
});
