/**
 * Complaints (pengaduan) in headless Chromium with touch against the hub as `npm run serve` starts
 * it: a citizen files one at the kiosk (portrait 1080x1920) on the on-screen keyboard, a contact
 * without consent is refused on the screen and nothing reaches the hub, with consent it is
 * recorded with its number; the idle reset leaves nothing for the next citizen; the admin's
 * "Pengaduan" tab shows it with a badge, and answering it there marks it answered.
 * ANTRE_SCREENSHOTS=1 saves docs/screenshots/issue22-complaint-kiosk.png and issue22-complaints-admin.png.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { layoutProblems } from '../fixtures/layout.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SCREENSHOTS = process.env.ANTRE_SCREENSHOTS ? join(process.cwd(), 'docs', 'screenshots') : null;
const shot = async (p: Page, name: string) => {
  if (SCREENSHOTS) await p.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
};
const KIOSK = { width: 1080, height: 1920 };
const SOON = { timeout: 10_000 };

describe.skipIf(skipScreens)('complaints', () => {
  let hub: ServedHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let reference = '';

  const database = () => new Database(join(hub.dataDir, 'antre.sqlite3'), { readonly: true, fileMustExist: true });
  const complaintRows = () => {
    const db = database();
    try {
      return db.prepare('SELECT uid, agency_id, category, text, contact, answer FROM complaints ORDER BY id').all() as { uid: string; agency_id: number | null; category: string; text: string; contact: string | null; answer: string | null }[];
    } finally {
      db.close();
    }
  };
  /** The demo trusts the hub machine's own browser: an admin session is all an admin call needs here. */
  const kioskIdle = async (idleSeconds: number) => {
    const login = await fetch(`${hub.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', pin: '246810' }) });
    const headers = { 'content-type': 'application/json', 'x-antre-session': ((await login.json()) as { sessionToken: string }).sessionToken };
    const { kiosk } = (await (await fetch(`${hub.url}/api/admin/settings`, { headers })).json()) as { kiosk: Record<string, unknown> };
    const res = await fetch(`${hub.url}/api/admin/settings`, { method: 'PUT', headers, body: JSON.stringify({ kiosk: { ...kiosk, idleSeconds } }) });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const page = async (viewport: { width: number; height: number }, path: string, opts: { clock?: boolean } = {}) => {
    const context = await browser.newContext({ viewport, hasTouch: true, locale: 'id-ID' });
    contexts.push(context);
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    if (opts.clock) await p.clock.install();
    await p.goto(`${hub.url}${path}`);
    return { p, errors };
  };
  /** Types on the kiosk's on-screen keyboard (and the form's extra keys), key by key. */
  const typeKeys = async (p: Page, text: string) => {
    for (const ch of text) await p.locator(`.complaint-keys [data-key="${ch === ' ' ? 'space' : ch}"]`).tap();
  };

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('at the kiosk: agency, category, text on the on-screen keyboard, a contact only with consent, then its number', async () => {
    const { p, errors } = await page(KIOSK, '/kiosk');
    await p.getByTestId('complaint-open').tap();
    const form = p.getByTestId('complaint-form');
    await form.waitFor();
    // "Lanjut" waits for a category.
    expect(await form.getByRole('button', { name: 'Lanjut' }).isDisabled()).toBe(true);
    await form.getByRole('radio', { name: 'Dukcapil' }).tap();
    await form.getByRole('radio', { name: 'Waktu tunggu / antrean' }).tap();
    await form.getByRole('button', { name: 'Lanjut' }).tap();

    const text = 'antrean ktp lama sekali, 2 jam.';
    await typeKeys(p, text);
    expect(await form.getByLabel('Tulis pengaduan Anda').inputValue()).toBe(text);
    await form.getByRole('button', { name: 'Lanjut' }).tap();

    await form.getByRole('textbox', { name: 'Nama', exact: true }).tap();
    await typeKeys(p, 'budi');
    await form.getByRole('textbox', { name: 'Nomor HP' }).tap();
    await typeKeys(p, '081234567890');
    expect(await layoutProblems(p, { minTarget: 64 })).toEqual([]);
    await shot(p, 'issue22-complaint-kiosk');
    // A contact without the consent ticked: said on the screen, nothing sent.
    await p.getByTestId('complaint-send').tap();
    await form.getByRole('alert').getByText('Centang persetujuan untuk menyimpan kontak, atau kosongkan kontak.').waitFor();
    expect(complaintRows()).toEqual([]);

    await form.getByRole('checkbox').check();
    await p.getByTestId('complaint-send').tap();
    const done = p.getByTestId('complaint-done');
    await done.waitFor(SOON);
    reference = (await p.getByTestId('complaint-reference').textContent())!.trim();
    expect(reference).toMatch(/^[0-9A-F]{8}$/);
    expect(await done.textContent()).toContain(`Terima kasih, pengaduan Anda tercatat dengan nomor ${reference}.`);
    const rows = complaintRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ category: 'waktu_tunggu', text, agency_id: 1 });
    expect(rows[0]!.uid.replace(/-/g, '').slice(0, 8).toUpperCase()).toBe(reference);
    expect(JSON.parse(rows[0]!.contact!)).toEqual({ name: 'budi', phone: '081234567890', email: '' });
    await done.getByRole('button', { name: 'Selesai' }).tap();
    await p.getByTestId('complaint-open').waitFor();
    expect(errors).toEqual([]);
  });

  it('leaves nothing for the next citizen after the idle time', async () => {
    await kioskIdle(5);
    const { p } = await page(KIOSK, '/kiosk');
    await p.getByTestId('complaint-open').tap();
    const form = p.getByTestId('complaint-form');
    await form.getByRole('radio', { name: 'Sikap atau perilaku petugas' }).tap();
    await form.getByRole('button', { name: 'Lanjut' }).tap();
    await typeKeys(p, 'rahasia saya');
    await expect.poll(() => p.locator('.kiosk').getAttribute('data-step'), SOON).toBe('home');
    await p.getByTestId('complaint-open').tap();
    await p.getByTestId('complaint-form').waitFor();
    expect(await p.getByTestId('complaint-form').getByRole('radio', { checked: true }).allTextContents()).toEqual(['MPP secara umum']);
    expect(await p.getByTestId('complaint-form').getByRole('button', { name: 'Lanjut' }).isDisabled()).toBe(true);
    expect(complaintRows()).toHaveLength(1);
    await kioskIdle(30);
  });

  it('in the admin’s "Pengaduan" tab: a badge, the complaint with its contact, answered there', async () => {
    expect(reference).not.toBe('');
    const { p, errors } = await page({ width: 1366, height: 900 }, '/admin');
    await p.fill('input[name=username]', 'admin');
    await p.fill('input[name=pin]', '246810');
    await p.getByRole('button', { name: 'Masuk' }).click();
    const tab = p.locator('header nav button', { hasText: 'Pengaduan' });
    await expect.poll(() => tab.getByTestId('complaints-badge').textContent(), SOON).toBe('1');
    await tab.click();
    const row = p.locator(`tr[data-complaint="${reference}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toContain('Dinas Kependudukan dan Pencatatan Sipil');
    expect(cells[2]).toBe('Waktu tunggu / antrean');
    expect(cells[3]).toBe('antrean ktp lama sekali, 2 jam.');
    expect(cells[4]).toContain('081234567890');
    expect(cells[5]).toBe('Baru');
    await row.getByRole('button', { name: 'Jawab', exact: true }).click();
    await p.getByLabel(`Jawaban untuk pengaduan ${reference}`).fill('Mohon maaf, loket KTP kami tambah mulai besok.');
    await shot(p, 'issue22-complaints-admin');
    await p.getByRole('button', { name: 'Kirim jawaban' }).click();
    await p.getByRole('status').getByText('Jawaban tersimpan.').waitFor();
    await expect.poll(async () => (await row.locator('td').allTextContents())[5], SOON).toBe('Dijawab');
    await expect.poll(() => tab.getByTestId('complaints-badge').count(), SOON).toBe(0);
    expect(complaintRows()[0]!.answer).toBe('Mohon maaf, loket KTP kami tambah mulai besok.');
    // The filter: answered ones are not among the new.
    await p.getByLabel('Tampilkan').selectOption('new');
    await expect.poll(() => row.count(), SOON).toBe(0);
    expect(errors).toEqual([]);
  });
});
