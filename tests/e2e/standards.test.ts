/**
 * The standar pelayanan in headless Chromium against the hub as `npm run serve` starts it: the
 * admin writes KTP Elektronik's standard in Data master → Layanan (requirements added, moved and
 * removed, "Gratis" with one click), and the public page /standar shows it at once, on a phone.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipScreens, loginAdmin } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SHOTS = join(import.meta.dirname, '../../docs/screenshots');

describe.skipIf(skipScreens)('the standar pelayanan', () => {
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

  it('is written in the admin for KTP Elektronik and shown on /standar', async () => {
    await admin.getByRole('button', { name: 'Data master' }).click();
    await admin.getByRole('searchbox').fill('KTP Elektronik');
    await admin.getByRole('button', { name: 'Standar pelayanan KTP Elektronik' }).click();
    const form = admin.getByRole('form', { name: 'Standar pelayanan' });
    await form.getByText('Belum ada persyaratan.').waitFor();

    for (const text of ['Fotokopi KK', 'Kartu Keluarga asli', 'Surat nikah (bila sudah menikah)']) {
      await form.getByRole('button', { name: '+ Tambah persyaratan' }).click();
      await form.locator('.requirements li input').last().fill(text);
    }
    // "Kartu Keluarga asli" first, the photocopy removed: the kiosk reads them in this order.
    await form.getByRole('button', { name: 'Naikkan persyaratan 2' }).click();
    await form.getByRole('button', { name: 'Hapus persyaratan 2' }).click();
    await form.locator('textarea[name=procedure]').fill('Ambil nomor antrean di kios\nSerahkan berkas ke petugas\nPerekaman foto dan sidik jari');
    await form.locator('input[name=completionTime]').fill('Selesai di tempat');
    await form.locator('input[name=fee]').fill('Rp 5.000');
    await form.getByRole('button', { name: 'Gratis' }).click();
    expect(await form.locator('input[name=fee]').inputValue()).toBe('Gratis');
    await form.locator('input[name=product]').fill('KTP-el');
    await form.locator('textarea[name=legalBasis]').fill('UU 24/2013 tentang Administrasi Kependudukan');
    await form.locator('input[name=complaintContact]').fill('Meja pengaduan MPP, SP4N-LAPOR! (lapor.go.id)');
    await form.getByRole('button', { name: 'Simpan standar' }).click();
    await admin.getByRole('status').getByText('Standar pelayanan KTP Elektronik tersimpan dan diterbitkan.').waitFor();

    mkdirSync(SHOTS, { recursive: true });
    await admin.evaluate(() => window.scrollTo(0, 0));
    await admin.screenshot({ path: join(SHOTS, 'issue22-standard-admin.png') });

    // Saved as shown: opened again, it reads back the same.
    await form.getByRole('button', { name: 'Tutup' }).click();
    await admin.getByRole('button', { name: 'Standar pelayanan KTP Elektronik' }).click();
    await expect.poll(() => form.locator('.requirements li input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([
      'Kartu Keluarga asli',
      'Surat nikah (bila sudah menikah)',
    ]);

    // The public page, on a phone, without any script.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    const res = await phone.goto(`${hub.url}/standar`);
    expect(res?.status()).toBe(200);
    await phone.getByRole('heading', { name: 'Standar Pelayanan' }).waitFor();
    await phone.locator('summary', { hasText: 'KTP Elektronik' }).tap();
    const block = phone.locator('details', { hasText: 'KTP Elektronik' });
    expect(await block.locator('li').allInnerTexts()).toEqual([
      'Kartu Keluarga asli',
      'Surat nikah (bila sudah menikah)',
      'Ambil nomor antrean di kios',
      'Serahkan berkas ke petugas',
      'Perekaman foto dan sidik jari',
    ]);
    await block.getByText('Gratis').waitFor();
    await block.getByText('UU 24/2013 tentang Administrasi Kependudukan').waitFor();
    // Not wider than the phone: nothing to scroll sideways.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(SHOTS, 'issue22-standard-public.png'), fullPage: true });
    await phone.close();
  });
});
