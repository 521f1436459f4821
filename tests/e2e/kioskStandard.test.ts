/**
 * The service standard before the ticket (issue 22): choosing a service on the kiosk shows what to
 * bring, what it costs and how long it takes, before "Ambil tiket", with the way back; it fits every
 * kiosk screen with a long list and the priority choice; an admin's edit reaches a kiosk already on
 * the screen; with `kiosk.printRequirements` the paper carries the checklist. Against the hub as
 * `npm run serve` starts it (the demo MPP, the virtual printer), KTP Elektronik given a standard of
 * ten requirements before the hub starts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/hub/core.js';
import { DEMO_PRINTER_FOLDER } from '../../electron/hub/seed/demo.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { copyDemoDatabase } from '../fixtures/demoDatabase.js';
import { layoutProblems } from '../fixtures/layout.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const REQUIREMENTS = [
  'Fotokopi Kartu Keluarga (KK)',
  'Surat pengantar RT/RW dan kelurahan',
  'Akta kelahiran atau surat kenal lahir',
  'Pas foto 3x4 latar merah (2 lembar)',
  'Surat keterangan pindah bagi pendatang',
  'Formulir F-1.01 yang sudah diisi',
  'Surat nikah bagi yang sudah menikah',
  'Surat kuasa bermeterai bila diwakilkan',
  'Fotokopi KTP orang tua',
  'Bukti perekaman di kecamatan',
];
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
];

async function withStandard(dataDir: string): Promise<void> {
  await copyDemoDatabase(dataDir, 'system');
  const core = openCore({ dataDir });
  try {
    const ktp = core.master.services().find((s) => s.name === 'KTP Elektronik')!;
    core.standards.set(ktp.id, {
      requirements: REQUIREMENTS,
      procedure: 'Ambil nomor antrean\nPerekaman data\nPencetakan KTP-el',
      completionTime: '1 hari kerja',
      fee: 'Gratis',
      product: 'KTP-el',
      legalBasis: 'UU 24/2013 tentang Administrasi Kependudukan',
      complaintContact: 'Meja informasi Dukcapil',
    });
  } finally {
    core.close();
  }
}

describe.skipIf(skipScreens)('the service standard on the kiosk', () => {
  let hub: ServedHub;
  let browser: Browser;
  let session: string;
  const contexts: BrowserContext[] = [];
  const printerDir = () => join(hub.dataDir, 'printers', DEMO_PRINTER_FOLDER);

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
  async function openKiosk(viewport = { width: 1080, height: 1920 }): Promise<Page> {
    const context = await browser.newContext({ viewport, hasTouch: true, locale: 'id-ID' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${hub.url}/kiosk`);
    await page.locator('.tile.agency').first().waitFor();
    return page;
  }
  const toKtp = async (page: Page) => {
    await page.locator('.tile.agency', { hasText: 'Dukcapil' }).first().tap();
    await page.locator('.tile.service', { hasText: 'KTP Elektronik' }).first().tap();
    await page.locator('.confirm').waitFor();
  };
  const requirements = (page: Page) => page.getByTestId('requirements');

  beforeAll(async () => {
    hub = await serveHub({}, withStandard);
    browser = await launchChromium();
    const login = await fetch(`${hub.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', pin: '246810' }) });
    session = ((await login.json()) as { sessionToken: string }).sessionToken;
  }, 90_000);
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('shows what to bring, the fee and the time before "Ambil tiket", with the way back', async () => {
    const page = await openKiosk();
    await toKtp(page);
    const box = requirements(page);
    expect(await box.locator('h2').textContent()).toBe('Pastikan Anda membawa:');
    expect(await box.locator('li').allTextContents()).toEqual(REQUIREMENTS);
    expect(await box.locator('.terms').textContent()).toBe('Biaya: Gratis · Waktu penyelesaian: 1 hari kerja');
    // Above the button: read before the tap.
    const listBottom = (await box.boundingBox())!;
    const take = (await page.getByRole('button', { name: /^Ambil tiket/ }).boundingBox())!;
    expect(listBottom.y + listBottom.height).toBeLessThanOrEqual(take.y);
    // A service without a standard shows none.
    await page.getByRole('button', { name: /Kembali/ }).tap();
    await page.locator('.tile.service', { hasText: 'Kartu Identitas Anak' }).first().tap();
    await page.locator('.confirm').waitFor();
    expect(await requirements(page).count()).toBe(0);
    // In English too.
    await page.getByRole('button', { name: /Kembali/ }).tap();
    await page.getByRole('button', { name: 'English' }).tap();
    await page.locator('.tile.service', { hasText: 'KTP Elektronik' }).first().tap();
    await expect.poll(() => requirements(page).locator('h2').textContent()).toBe('Please make sure you bring:');
  });

  it('fits every kiosk screen with ten requirements and the priority choice', async () => {
    const page = await openKiosk();
    await toKtp(page);
    const problems: string[] = [];
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForFunction((w) => window.innerWidth === w, size.width);
      // README's pictures: the smallest landscape kiosk and the portrait one.
      if (process.env.ANTRE_SCREENSHOTS && size.width !== 1366 && size.width !== 1920) await page.screenshot({ path: `docs/screenshots/issue22-kiosk-standard-${size.width}x${size.height}.png` });
      for (const p of await layoutProblems(page, { root: '.kiosk', minTarget: 64 })) problems.push(`${size.width}x${size.height}: ${p}`);
      // The button stays on screen, whole.
      const take = (await page.getByRole('button', { name: /^Ambil tiket/ }).boundingBox())!;
      expect(take.y + take.height, `${size.width}x${size.height}`).toBeLessThanOrEqual(size.height);
    }
    expect(problems).toEqual([]);
  });

  it('takes an admin’s edit to a kiosk already showing the service', async () => {
    const page = await openKiosk();
    await toKtp(page);
    const ktp = (await admin('GET', '/api/admin/services')).find((s: any) => s.name === 'KTP Elektronik');
    const current = await admin('GET', `/api/admin/services/${ktp.id}/standard`);
    try {
      await admin('PUT', `/api/admin/services/${ktp.id}/standard`, { ...current, requirements: ['Fotokopi Kartu Keluarga (KK)'], fee: 'Rp 0' });
      await expect.poll(() => requirements(page).locator('li').allTextContents()).toEqual(['Fotokopi Kartu Keluarga (KK)']);
      expect(await requirements(page).locator('.terms').textContent()).toContain('Biaya: Rp 0');
    } finally {
      await admin('PUT', `/api/admin/services/${ktp.id}/standard`, current);
    }
  });

  it('prints the checklist on the ticket when the site says so', async () => {
    const settings = await admin('GET', '/api/admin/settings');
    const jobs = () => readdirSync(printerDir()).filter((f) => f.endsWith('.txt')).sort();
    const lastPaper = () => readFileSync(join(printerDir(), jobs().at(-1)!), 'utf8');
    const take = async () => {
      const page = await openKiosk();
      await toKtp(page);
      const before = jobs().length;
      await page.getByRole('button', { name: /^Ambil tiket/ }).tap();
      await page.getByTestId('ticket-number').waitFor();
      await expect.poll(() => jobs().length).toBe(before + 1);
      return lastPaper();
    };
    expect(await take()).not.toContain('Persyaratan');
    await admin('PUT', '/api/admin/settings', { kiosk: { ...settings.kiosk, printRequirements: true } });
    try {
      const paper = await take();
      expect(paper).toContain('Persyaratan yang perlu dibawa:');
      expect(paper).toContain('[ ] Fotokopi Kartu Keluarga (KK)');
      expect(paper).toContain('... dan 2 persyaratan lain');
    } finally {
      await admin('PUT', '/api/admin/settings', { kiosk: settings.kiosk });
    }
  });
});
