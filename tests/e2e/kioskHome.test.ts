/**
 * The kiosk's first screens in headless Chromium with touch, against the hub as `npm run serve`
 * starts it (the demo MPP, its counters all closed: nobody has logged in): the search by service
 * on the on-screen keyboard, "Layanan populer", agency tiles without made-up badges, a service no
 * open counter serves, and the layout with 40 agencies at the four screen sizes kiosks have.
 *
 * Each test guards a defect of issue 20 (each says which), failing on the code before it.
 * ANTRE_KIOSK_SHOTS=<dir> saves a screenshot of each screen the layout test checks.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALWAYS_OPEN } from '../../shared/openingHours.js';
import { ERRORS } from '../../shared/errors.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { layoutProblems } from '../fixtures/layout.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SHOTS = process.env.ANTRE_KIOSK_SHOTS ?? null;
const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
] as const;
const KIOSK_SETTINGS = { askPriority: true, idleSeconds: 30, printerTrouble: 'stop', withoutOpenCounter: 'issue', surveyInvitation: true } as const;

/** 25 agencies more than the demo's 15, named as real MPPs name them: 40 in all. */
const MORE_AGENCIES: [code: string, name: string, shortName: string][] = [
  ['BPJAMSOS', 'Badan Penyelenggara Jaminan Sosial Ketenagakerjaan', 'BPJamsostek'],
  ['DINSOS', 'Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak', 'Dinsos P3A'],
  ['DISHUB', 'Dinas Perhubungan', 'Dishub'],
  ['DINKES', 'Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana', 'Dinkes'],
  ['DISDIK', 'Dinas Pendidikan, Pemuda dan Olahraga', 'Disdikpora'],
  ['PUPR', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'PUPR'],
  ['PERKIM', 'Dinas Perumahan, Kawasan Permukiman dan Pertanahan', 'Perkim'],
  ['DLH', 'Dinas Lingkungan Hidup', 'DLH'],
  ['DISPERINDAG', 'Dinas Perindustrian dan Perdagangan', 'Disperindag'],
  ['DINKOP', 'Dinas Koperasi, Usaha Kecil dan Menengah', 'Dinkop UKM'],
  ['PLN', 'PT PLN (Persero) Unit Layanan Pelanggan', 'PLN'],
  ['BRI', 'PT Bank Rakyat Indonesia (Persero) Tbk', 'BRI'],
  ['BNI', 'PT Bank Negara Indonesia (Persero) Tbk', 'BNI'],
  ['TASPEN', 'PT Taspen (Persero)', 'Taspen'],
  ['KEJARI', 'Kejaksaan Negeri', 'Kejari'],
  ['PA', 'Pengadilan Agama', 'PA'],
  ['KUMHAM', 'Kantor Wilayah Kementerian Hukum dan Hak Asasi Manusia', 'Kemenkumham'],
  ['BAPENDA', 'Badan Pendapatan Daerah', 'Bapenda'],
  ['BPKAD', 'Badan Pengelolaan Keuangan dan Aset Daerah', 'BPKAD'],
  ['KESBANG', 'Badan Kesatuan Bangsa dan Politik', 'Kesbangpol'],
  ['DISPERTAN', 'Dinas Pertanian dan Ketahanan Pangan', 'Dispertan'],
  ['DISPARBUD', 'Dinas Pariwisata dan Kebudayaan', 'Disparbud'],
  ['BAZNAS', 'Badan Amil Zakat Nasional', 'Baznas'],
  ['PEGADAIAN', 'PT Pegadaian (Persero)', 'Pegadaian'],
  ['KARANTINA', 'Balai Karantina Hewan, Ikan dan Tumbuhan', 'Karantina'],
];
/** PUPR's services: many, with long names, for a services screen of more than one page. */
const PUPR_SERVICES = [
  'Persetujuan Bangunan Gedung (PBG)',
  'Sertifikat Laik Fungsi Bangunan Gedung',
  'Keterangan Rencana Kota',
  'Informasi Tata Ruang',
  'Kesesuaian Kegiatan Pemanfaatan Ruang',
  'Rekomendasi Teknis Pemanfaatan Jalan',
  'Izin Galian dan Pemasangan Utilitas',
  'Rekomendasi Sumber Daya Air',
  'Pengaduan Jalan dan Jembatan Rusak',
  'Konsultasi Teknis Bangunan',
  'Sewa Alat Berat',
  'Uji Laboratorium Bahan Konstruksi',
];
/** A 1x1 PNG: the admin's logo for one agency. */
const LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe.skipIf(skipScreens)('the kiosk home: search, popular services, agencies, open counters, layout', () => {
  let hub: ServedHub;
  let browser: Browser;
  let context: BrowserContext | null = null;
  let page: Page;
  let session: string;
  let n = 0;

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as any };
  }
  const admin = async (method: string, path: string, body?: unknown) => {
    const r = await api(method, path, body, { 'x-antre-session': session });
    expect(r.status, JSON.stringify(r.json)).toBeLessThan(300);
    return r.json;
  };
  const catalogue = async () => (await api('GET', '/api/catalogue')).json;
  const serviceId = async (name: string): Promise<number> => (await catalogue()).agencies.flatMap((a: any) => a.services).find((s: any) => s.name === name).id;
  const issue = (id: number) => api('POST', '/api/tickets', { serviceId: id, requestId: `kiosk-home-${n++}` });
  const setKiosk = (kiosk: Partial<Record<keyof typeof KIOSK_SETTINGS, unknown>>) => admin('PUT', '/api/admin/settings', { kiosk: { ...KIOSK_SETTINGS, ...kiosk } });

  async function openKiosk(viewport: { width: number; height: number } = { width: 1080, height: 1920 }) {
    await context?.close();
    context = await browser.newContext({ viewport, hasTouch: true, isMobile: false, locale: 'id-ID' });
    page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hub.url}/kiosk`);
    await page.locator('.tile.agency').first().waitFor();
    return errors;
  }
  const tile = (name: string) => page.locator('.tile.service').filter({ has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
  const type = async (text: string) => {
    for (const k of text) await page.locator(`.keyboard [data-key="${k === ' ' ? 'space' : k}"]`).tap();
  };
  const resultNames = () => page.locator('.search .tile.service .name').allTextContents();

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium();
    session = (await api('POST', '/api/sessions', { username: 'admin', pin: '246810' })).json.sessionToken;
  }, 60_000);
  afterEach(async () => {
    await context?.close();
    context = null;
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  // Guards: no search by service at all ("KTP", "SKCK", "paspor"); citizens think in services.
  it('finds KTP Elektronik by "ktp" typed on the on-screen keyboard, and its tile leads to the confirm step', async () => {
    const errors = await openKiosk();
    await page.getByTestId('search-open').tap();
    const field = page.getByLabel('Kata yang dicari');
    await type('ktp');
    expect(await field.inputValue()).toBe('ktp');
    await tile('KTP Elektronik').waitFor();
    expect((await resultNames())[0]).toBe('KTP Elektronik');
    // Each result names its agency.
    expect(await tile('KTP Elektronik').locator('.agency-of').textContent()).toBe('Dukcapil');
    // Backspace and clear.
    await page.getByRole('button', { name: 'Hapus satu huruf' }).tap();
    expect(await field.inputValue()).toBe('kt');
    await page.getByRole('button', { name: 'Hapus', exact: true }).tap();
    expect(await field.inputValue()).toBe('');
    // A keyword written with a hyphen is found without it ("e-ktp" by "ektp"), case aside.
    await type('ektp');
    await expect.poll(resultNames).toEqual(['KTP Elektronik']);
    await page.getByRole('button', { name: 'Hapus', exact: true }).tap();
    await type('ktp');
    await tile('KTP Elektronik').tap();
    await page.getByRole('button', { name: 'Ambil tiket' }).waitFor();
    expect(await page.locator('.confirm').textContent()).toContain('KTP Elektronik');
    expect(errors).toEqual([]);
  });

  // Guards: the same, by the admin's keywords and by the beginning of a word.
  it('finds services by keyword and by the beginning of a word: paspor, pasp, skck, and says when nothing matches', async () => {
    await openKiosk({ width: 1366, height: 768 });
    await page.getByTestId('search-open').tap();
    await type('pasp');
    await expect.poll(resultNames).toEqual(['Paspor Baru', 'Penggantian Paspor']);
    await page.getByRole('button', { name: 'Hapus', exact: true }).tap();
    await type('skck');
    await expect.poll(resultNames).toEqual(['SKCK Baru', 'Perpanjangan SKCK']);
    // An agency's name finds its services too.
    await page.getByRole('button', { name: 'Hapus', exact: true }).tap();
    await type('imigrasi');
    await expect.poll(resultNames).toEqual(['Paspor Baru', 'Penggantian Paspor']);
    await page.getByRole('button', { name: 'Hapus', exact: true }).tap();
    await type('zzz');
    await page.getByText('Tidak ada layanan untuk “zzz”').waitFor();
    expect(await page.locator('.search .tile.service').count()).toBe(0);
    // Back home.
    await page.getByRole('button', { name: '‹ Kembali' }).tap();
    await page.getByText('Silakan pilih instansi').waitFor();
  });

  // Guards: no "Layanan populer" row; the most taken services were not on the first screen.
  it('shows the most issued services first in "Layanan populer" once some are taken', async () => {
    await openKiosk();
    expect(await page.getByTestId('popular').count()).toBe(0);
    const [paspor, skck, kk] = await Promise.all([serviceId('Paspor Baru'), serviceId('SKCK Baru'), serviceId('Kartu Keluarga')]);
    for (const id of [paspor, paspor, paspor, skck, skck, kk]) expect((await issue(id)).status).toBe(201);
    await page.reload();
    const popular = page.getByTestId('popular');
    await popular.waitFor();
    expect(await popular.locator('.tile.service .name').allTextContents()).toEqual(['Paspor Baru', 'SKCK Baru', 'Kartu Keluarga']);
    // A popular tile is a way in like any service tile.
    await popular.locator('.tile', { hasText: 'SKCK Baru' }).tap();
    await page.getByRole('button', { name: 'Ambil tiket' }).waitFor();
  });

  // Guards: meaningless auto-badges (BAN, BPJ ×2, DIS ×5): the admin's short name is the tile's big text.
  it('shows each agency by the admin’s short name in big letters with its full name, never a made-up badge', async () => {
    await openKiosk({ width: 1920, height: 1080 });
    expect(await page.locator('.tile.agency .badge').count()).toBe(0);
    const dukcapil = page.locator('.tile.agency', { hasText: 'Dukcapil' });
    expect(await dukcapil.locator('.name').textContent()).toBe('Dukcapil');
    expect(await dukcapil.locator('.full-name').textContent()).toBe('Dinas Kependudukan dan Pencatatan Sipil');
    // An agency whose short name is its name says it once.
    expect(await page.locator('.tile.agency', { hasText: 'BPJS Kesehatan' }).locator('.full-name').count()).toBe(0);
  });

  // Guards: a service no open counter serves was shown "Buka", with an estimate, and always issued.
  it('says a service has no open counter yet, shows no estimate, follows counters opening and pausing, and refuses it when the site says so', async () => {
    const ktp = await serviceId('KTP Elektronik');
    expect((await issue(ktp)).status).toBe(201);
    await openKiosk({ width: 1366, height: 768 });
    await page.locator('.tile.agency', { hasText: 'Dukcapil' }).tap();
    const ktpTile = tile('KTP Elektronik');
    await expect.poll(() => ktpTile.textContent()).toContain('Belum ada gerai yang buka');
    const text = (await ktpTile.textContent())!;
    expect(text).not.toContain('Buka');
    expect(text).not.toContain('±');
    expect(text).toContain('1 orang menunggu');
    expect(await ktpTile.isDisabled()).toBe(false);
    expect((await catalogue()).agencies[0].services.find((s: any) => s.id === ktp).countersOpen).toBe(0);

    // An officer logs in at the first Dukcapil counter: the tile says "Buka" with the estimate.
    const counters = (await api('GET', '/api/counters')).json as any[];
    const gerai1 = counters.find((c) => c.label === 'Gerai 1')!.id as number;
    const officer = (await api('POST', '/api/sessions', { username: 'petugas01', pin: '1234', counterId: gerai1 })).json.sessionToken as string;
    await expect.poll(() => ktpTile.textContent()).toContain('Buka');
    expect(await ktpTile.textContent()).toContain('±');
    // A break: nobody serves it again (the kiosk hears the pause, not only logins and logouts).
    expect((await api('POST', `/api/counters/${gerai1}/pause`, { reason: 'Istirahat' }, { 'x-antre-session': officer })).status).toBe(200);
    await expect.poll(() => ktpTile.textContent()).toContain('Belum ada gerai yang buka');
    expect((await api('POST', `/api/counters/${gerai1}/resume`, undefined, { 'x-antre-session': officer })).status).toBe(200);
    await expect.poll(() => ktpTile.textContent()).not.toContain('Belum ada gerai yang buka');
    expect((await api('DELETE', '/api/sessions/current', undefined, { 'x-antre-session': officer })).status).toBe(200);
    await expect.poll(() => ktpTile.textContent()).toContain('Belum ada gerai yang buka');

    // The site refuses tickets nobody serves yet: the tile cannot be taken, the hub refuses too.
    await setKiosk({ withoutOpenCounter: 'refuse' });
    try {
      await expect.poll(() => ktpTile.isDisabled()).toBe(true);
      const refused = await issue(ktp);
      expect(refused.status).toBe(ERRORS.NO_COUNTER_OPEN.status);
      expect(refused.json.error.code).toBe('NO_COUNTER_OPEN');
      expect(refused.json.error.message).toEqual({ id: ERRORS.NO_COUNTER_OPEN.id, en: ERRORS.NO_COUNTER_OPEN.en });
      // The site's word for a desk.
      await admin('PUT', '/api/admin/settings', { counterWord: 'Loket' });
      await expect.poll(() => ktpTile.textContent()).toContain('Belum ada loket yang buka');
    } finally {
      await setKiosk({});
      await admin('PUT', '/api/admin/settings', { counterWord: 'Gerai' });
    }
    expect((await issue(ktp)).status).toBe(201);
  });

  // Guards: keywords are the admin's to set (the service form), and the kiosk's search follows them.
  it('sets a service’s keywords in the admin’s service form, and the kiosk finds the service by the new one', async () => {
    const adminContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID' });
    try {
      const adminPage = await adminContext.newPage();
      await adminPage.goto(`${hub.url}/admin`);
      await adminPage.fill('input[name=username]', 'admin');
      await adminPage.fill('input[name=pin]', '246810');
      await adminPage.getByRole('button', { name: 'Masuk' }).click();
      await adminPage.getByRole('button', { name: 'Data master' }).click();
      await adminPage.getByRole('tab', { name: 'Layanan' }).click();
      const list = adminPage.getByRole('table', { name: 'Layanan' });
      // The list finds a service by its keywords too.
      await adminPage.getByLabel('Cari', { exact: true }).fill('kartu tanda');
      await expect.poll(() => list.locator('tbody tr').count()).toBe(1);
      await list.getByRole('button', { name: 'Ubah KTP Elektronik' }).click();
      const form = adminPage.getByRole('form', { name: 'Ubah layanan' });
      const keywords = form.getByLabel('Kata kunci pencarian di kios');
      expect(await keywords.inputValue()).toBe('ktp, e-ktp, ktp-el, kartu tanda penduduk');
      await keywords.fill('ktp, e-ktp, ktp-el, kartu tanda penduduk, nik');
      await form.getByRole('button', { name: 'Simpan' }).click();
      await adminPage.getByRole('status').getByText('KTP Elektronik tersimpan.').waitFor();
    } finally {
      await adminContext.close();
    }
    await openKiosk({ width: 1024, height: 768 });
    await page.getByTestId('search-open').tap();
    await type('nik');
    // The whole keyword first, then a name that begins with it.
    await expect.poll(resultNames).toEqual(['KTP Elektronik', 'Rekomendasi Nikah']);
  });

  // Guards: with 16+ agencies the pager covered the last row, "Tutup" badges and subtitles were
  // cut, the pager wrapped into three lines; A–Z worked on short names only.
  it('fits 40 agencies, a 12-service agency and search results at 1024x768, 1366x768, 1920x1080 and 1080x1920', async () => {
    const zone = (await admin('GET', '/api/admin/zones'))[0].id as number;
    // A weekday three days on: that agency is closed today and says when it opens.
    const later = new Date(Date.now() + 3 * 86_400_000).toLocaleDateString('en-US', { timeZone: 'Asia/Jakarta', weekday: 'short' });
    const laterIndex = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(later);
    const onlyLater = Array.from({ length: 7 }, (_, i) => (i === laterIndex ? [{ open: '08:00', close: '15:00' }] : []));
    let prefix = 0;
    for (const [i, [code, name, shortName]] of MORE_AGENCIES.entries()) {
      const agencyId = (await admin('POST', '/api/admin/agencies', { code, name, shortName })).id as number;
      const names = code === 'PUPR' ? PUPR_SERVICES : [`Pelayanan ${shortName}`, `Informasi dan Pengaduan ${shortName}`];
      for (const service of names) {
        prefix += 1;
        await admin('POST', '/api/admin/services', {
          agencyId,
          code: `${code.slice(0, 14)}-${prefix}`,
          name: service,
          // four-character prefixes
          prefix: `Q${String(prefix).padStart(2, '0')}X`,
          zoneId: zone,
          hours: i === 3 ? onlyLater : ALWAYS_OPEN,
        });
      }
      if (code === 'TASPEN') await admin('PUT', `/api/admin/agencies/${agencyId}`, { logo: LOGO });
    }
    const c = await catalogue();
    expect(c.agencies).toHaveLength(40);
    // A counter open at one agency, so tiles of every state are on screen.
    const counters = (await api('GET', '/api/counters')).json as any[];
    await api('POST', '/api/sessions', { username: 'petugas05', pin: '1234', counterId: counters.find((x) => x.label === 'Gerai 5')!.id });

    const check = async (what: string) => {
      if (SHOTS) {
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: join(SHOTS, `${what}.png`) });
      }
      expect(await layoutProblems(page, { root: '.kiosk', minTarget: 64 }), what).toEqual([]);
    };
    for (const viewport of VIEWPORTS) {
      const size = `${viewport.width}x${viewport.height}`;
      await openKiosk(viewport);
      // Every page of agencies.
      const pages = Number(/dari (\d+)/.exec((await page.locator('.pager .where').textContent()) ?? 'dari 1')?.[1] ?? 1);
      const seen = new Set<string>();
      for (let p = 1; p <= pages; p++) {
        if (p > 1) {
          await page.getByRole('button', { name: 'Berikutnya' }).tap();
          await page.locator('.pager .where', { hasText: `Halaman ${p} dari` }).waitFor();
        }
        for (const name of await page.locator('.tile.agency .name').allTextContents()) seen.add(name);
        // The closed agency says so, and when it opens.
        const dinkes = page.locator('.tile.agency', { hasText: 'Dinkes' });
        if ((await dinkes.count()) > 0) {
          expect(await dinkes.locator('.state').textContent()).toBe('Tutup');
          expect(await dinkes.locator('.next-opening').textContent()).toMatch(/^Buka \w+, \d+ \w+( \d{4})? 08\.00$/);
        }
        await check(`${size}-home-${p}`);
      }
      expect(seen.size, size).toBe(40);
      expect(seen.has('Dinkes')).toBe(true);
      // The first-letter filter finds an agency by its full name as well as its short one: Polres under K(epolisian).
      const k = page.locator('.letters button').filter({ hasText: /^K$|^[A-K]–[K-Z]$/ });
      await k.first().tap();
      await page.locator('.tile.agency', { hasText: 'Polres' }).waitFor();
      await check(`${size}-home-letter-k`);
      await page.locator('.letters button', { hasText: 'Semua' }).tap();

      // A services screen of more than one page at the smallest sizes.
      await page.getByRole('button', { name: 'Berikutnya' }).waitFor();
      const pupr = page.locator('.tile.agency', { hasText: 'PUPR' });
      while ((await pupr.count()) === 0) await page.getByRole('button', { name: 'Berikutnya' }).tap();
      await pupr.tap();
      await page.getByText('Silakan pilih layanan').waitFor();
      await check(`${size}-services-1`);
      if ((await page.locator('.pager').count()) > 0) {
        await page.getByRole('button', { name: 'Berikutnya' }).tap();
        await check(`${size}-services-2`);
      }
      await page.getByRole('button', { name: '‹ Kembali' }).tap();

      // Search results over the keyboard.
      await page.getByTestId('search-open').tap();
      await check(`${size}-search-empty`);
      await type('dinas');
      await expect.poll(() => page.locator('.search .tile.service').count()).toBeGreaterThan(0);
      await check(`${size}-search-dinas`);
    }
  }, 120_000);
});
