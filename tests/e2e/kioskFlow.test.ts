/**
 * The kiosk's flow for each citizen (issue 20), in headless Chromium with touch against the hub as
 * `npm run serve` starts it (the demo MPP, the virtual printer), with one more agency made before
 * the hub starts: "Polsek", first on the home screen, with one service "SKCK Kecamatan" of the
 * four-character prefix SKC2 whose first 999 numbers are taken, so the next ticket is SKC2-1000.
 *
 * Each test names the defect it guards; each fails on the kiosk before issue 20:
 * - three taps to a printed ticket (the priority question was a fourth step for everyone);
 * - a one-service agency skips its service step;
 * - a double tap on an agency lands on its service list, never on a service;
 * - an admin deactivating the service a citizen is confirming sends them home with a message
 *   (the page went blank), and an error while drawing a screen does the same and reaches the
 *   admin as an alarm;
 * - the next citizen gets Bahasa Indonesia, and the done screen counts down and clears itself;
 * - a revoked or unknown kiosk says "not paired" with what to do ("Sedang menyambung ulang…" forever);
 * - paper out, and the hub away, are full-screen states before any tap;
 * - a refused ticket can be tried again; a hub that does not answer does not hold the citizen;
 * - a silent printer does not hold the number back;
 * - confirm, done, failed, paper-out and not-paired fit at 1024x768, 1366x768, 1920x1080 and
 *   1080x1920, a four-character prefix with a four-digit number on one line.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatIndonesianDate } from '../../shared/businessDate.js';
import { ALWAYS_OPEN } from '../../shared/openingHours.js';
import { openCore } from '../../electron/hub/core.js';
import { DEMO_PRINTER_FOLDER } from '../../electron/hub/seed/demo.js';
import { tokenize, toReceipt } from '../../electron/printer/escpos/decode.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { copyDemoDatabase } from '../fixtures/demoDatabase.js';
import { layoutProblems } from '../fixtures/layout.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const PORTRAIT = { width: 1080, height: 1920 };
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  PORTRAIT,
];
const KIOSK_DEFAULTS = { askPriority: true, idleSeconds: 30, printerTrouble: 'stop', withoutOpenCounter: 'issue', surveyInvitation: true };

/** The demo MPP, and Polsek with its one service SKC2 whose next number is SKC2-1000. */
async function withPolsek(dataDir: string): Promise<void> {
  await copyDemoDatabase(dataDir, 'system');
  const core = openCore({ dataDir });
  try {
    const agency = core.master.addAgency({ code: 'POLSEK', name: 'Kepolisian Sektor Kota Contoh', shortName: 'Polsek', sortOrder: 0 });
    const serviceId = core.master.addService({ agencyId: agency, code: 'SKCK-SEKTOR', name: 'SKCK Kecamatan', prefix: 'SKC2', hours: ALWAYS_OPEN, zone: 'Lantai 1' });
    for (let i = 0; i < 999; i++) core.engine.issue({ serviceId, requestId: `polsek-${i}` });
  } finally {
    core.close();
  }
}

describe.skipIf(skipScreens)('the kiosk, one citizen after another', () => {
  let hub: ServedHub;
  let browser: Browser;
  let session: string;
  const contexts: BrowserContext[] = [];
  const printerDir = () => join(hub.dataDir, 'printers', DEMO_PRINTER_FOLDER);
  const setPrinter = (state: string) => writeFileSync(join(printerDir(), 'status'), state);
  const jobs = () => readdirSync(printerDir()).filter((f) => f.endsWith('.bin')).sort();
  /** The number as large as the newest ticket prints it. */
  const lastPrintedNumber = () => {
    const texts = toReceipt(tokenize(readFileSync(join(printerDir(), jobs().at(-1)!))).commands).filter((i) => i.kind === 'text') as { text: string; width: number; height: number }[];
    return texts.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a)).text;
  };

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
  const kioskSettings = (kiosk: Partial<typeof KIOSK_DEFAULTS>) => admin('PUT', '/api/admin/settings', { kiosk: { ...KIOSK_DEFAULTS, ...kiosk } });
  const catalogue = async () => (await (await fetch(`${hub.url}/api/catalogue`)).json()) as any;
  const serviceByName = async (name: string) => (await catalogue()).agencies.flatMap((a: any) => a.services).find((s: any) => s.name === name);

  /** A touch kiosk in a context of its own; `token` makes it a paired kiosk (the demo's local kiosk without). */
  async function openKiosk(opts: { viewport?: { width: number; height: number }; device?: { token: string; deviceId: number } } = {}) {
    const context = await browser.newContext({ viewport: opts.viewport ?? PORTRAIT, hasTouch: true, locale: 'id-ID' });
    contexts.push(context);
    if (opts.device) {
      await context.addInitScript((d) => {
        localStorage.setItem('antre.deviceToken', d.token);
        localStorage.setItem('antre.deviceId', String(d.deviceId));
      }, opts.device);
    }
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hub.url}/kiosk`);
    if (!opts.device) await page.locator('.tile.agency').first().waitFor();
    return { page, errors };
  }
  const agency = (page: Page, name: string) => page.locator('.tile.agency', { hasText: name }).first();
  const service = (page: Page, name: string) => page.locator('.tile.service', { hasText: name }).first();
  const take = (page: Page) => page.getByRole('button', { name: /^(Ambil tiket|Take ticket)/ });
  const state = (page: Page) => page.getByTestId('kiosk-state');

  beforeAll(async () => {
    hub = await serveHub({ ANTRE_PRINTER_POLL_MS: '250' }, withPolsek);
    browser = await launchChromium();
    const login = await fetch(`${hub.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', pin: '246810' }) });
    session = ((await login.json()) as { sessionToken: string }).sessionToken;
  }, 90_000);
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
    setPrinter('ready');
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('gives a printed ticket in three taps: agency, service, "Ambil tiket"', async () => {
    // Before: the priority question was a step of its own after the service.
    const { page, errors } = await openKiosk();
    const before = jobs().length;
    await agency(page, 'Dukcapil').tap();
    await service(page, 'KTP Elektronik').tap();
    await page.locator('.confirm').waitFor();
    await take(page).tap();
    const number = page.getByTestId('ticket-number');
    await number.waitFor();
    await expect.poll(() => page.locator('.done h1').textContent()).toBe('Silakan ambil tiket Anda');
    expect(jobs().length).toBe(before + 1);
    expect(lastPrintedNumber()).toBe(await number.textContent());
    // Where to go next, and nothing claims staff were told anything.
    expect(await page.getByTestId('done-place').textContent()).toBe('Silakan menuju Lantai 1');
    expect(await page.getByTestId('done-watch').textContent()).toBe('Perhatikan layar dan panggilan suara');
    expect(await page.getByTestId('survey-invite').count()).toBe(1);
    expect(await page.locator('.done').textContent()).not.toContain('diberi tahu');
    // The priority choice sits on the confirm screen: a large toggle, none by default.
    await page.getByRole('button', { name: 'Selesai' }).tap();
    await agency(page, 'Polres').tap();
    await service(page, 'SKCK Baru').tap();
    const lansia = page.getByRole('button', { name: 'Lansia', exact: true });
    expect(await lansia.getAttribute('aria-pressed')).toBe('false');
    await lansia.tap();
    await expect.poll(() => lansia.getAttribute('aria-pressed')).toBe('true');
    await take(page).tap();
    await page.getByTestId('ticket-number').waitFor();
    expect(await page.locator('.done').textContent()).toContain('Prioritas: Lansia');
    expect(errors).toEqual([]);
  });

  it('skips the service step of an agency with one service, Back going home', async () => {
    // Before: Polsek showed a list of one service to tap.
    const { page } = await openKiosk();
    await agency(page, 'Polsek').tap();
    await page.locator('.confirm').waitFor();
    expect(await page.locator('.confirm .service-name').textContent()).toBe('SKCK Kecamatan');
    expect(await page.locator('.tile.service').count()).toBe(0);
    await page.getByRole('button', { name: /Kembali/ }).tap();
    await agency(page, 'Polsek').waitFor();
  });

  it('says when no counter is open for a service, with no estimate, and refuses when the site says so', async () => {
    // Before: such a service was "Buka" with an estimate as if a counter were open.
    const { page } = await openKiosk();
    await agency(page, 'Polsek').tap();
    const card = page.locator('.confirm .card');
    await expect.poll(() => page.getByTestId('no-counter').textContent()).toBe('Belum ada gerai yang buka untuk layanan ini');
    expect(await card.textContent()).not.toContain('Perkiraan');
    expect(await take(page).isEnabled()).toBe(true);
    await kioskSettings({ withoutOpenCounter: 'refuse' });
    try {
      await expect.poll(() => take(page).isDisabled()).toBe(true);
      expect(await page.getByTestId('no-counter').textContent()).toContain('Tiket dapat diambil setelah gerai dibuka.');
    } finally {
      await kioskSettings({});
    }
    // A counter opens for KTP (an officer logs in at Gerai 1): the queue is said as it is.
    await page.getByRole('button', { name: /Kembali/ }).tap();
    const login = await fetch(`${hub.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'petugas01', pin: '1234', counterId: 1 }) });
    const officer = ((await login.json()) as { sessionToken: string }).sessionToken;
    try {
      await agency(page, 'Dukcapil').tap();
      await service(page, 'Kartu Identitas Anak').tap();
      await expect.poll(() => page.getByTestId('no-counter').count()).toBe(0);
      const waiting = (await serviceByName('Kartu Identitas Anak')).waiting as number;
      expect(await card.locator('.sub').textContent()).toEqual(waiting === 0 ? 'Belum ada yang menunggu' : expect.stringContaining('orang menunggu'));
    } finally {
      await fetch(`${hub.url}/api/sessions/current`, { method: 'DELETE', headers: { 'x-antre-session': officer } });
    }
  });

  it('lands a double tap on an agency on its service list, never on a service', async () => {
    // Before: the second tap of a pair 150 ms apart picked the service under the finger.
    const { page } = await openKiosk();
    // A point inside Dukcapil's tile and inside an open service tile of the next screen.
    const home = (await agency(page, 'Dukcapil').boundingBox())!;
    await agency(page, 'Dukcapil').tap();
    await service(page, 'KTP Elektronik').waitFor();
    let point: { x: number; y: number } | null = null;
    for (const tile of await page.locator('.tile.service:not([disabled])').all()) {
      const b = (await tile.boundingBox())!;
      const left = Math.max(b.x, home.x) + 8;
      const right = Math.min(b.x + b.width, home.x + home.width) - 8;
      const top = Math.max(b.y, home.y) + 8;
      const bottom = Math.min(b.y + b.height, home.y + home.height) - 8;
      if (right > left && bottom > top) {
        point = { x: (left + right) / 2, y: (top + bottom) / 2 };
        break;
      }
    }
    expect(point).not.toBeNull();
    await page.getByRole('button', { name: /Kembali/ }).tap();
    await agency(page, 'Dukcapil').waitFor();
    await page.locator('main:not(.settling)').waitFor();

    await page.touchscreen.tap(point!.x, point!.y);
    // The interval is what is tested: a citizen's double tap.
    await page.waitForTimeout(150);
    await page.touchscreen.tap(point!.x, point!.y);
    await page.locator('main:not(.settling)').waitFor();
    expect(await page.locator('.confirm').count()).toBe(0);
    expect(await service(page, 'KTP Elektronik').isVisible()).toBe(true);
    // A tap after the screen settled acts as usual.
    await service(page, 'KTP Elektronik').tap();
    await page.locator('.confirm').waitFor();
  });

  it('sends the citizen home with a message when the service they confirm is deactivated', async () => {
    // Before: the page went blank ("service N is not in the catalogue") and stayed so.
    const { page, errors } = await openKiosk();
    const pindah = await serviceByName('Surat Pindah Datang');
    await agency(page, 'Dukcapil').tap();
    await service(page, 'Surat Pindah Datang').tap();
    await page.locator('.confirm').waitFor();
    await admin('PUT', `/api/admin/services/${pindah.id}`, { active: false });
    try {
      await expect.poll(() => page.getByTestId('kiosk-notice').textContent()).toBe('Layanan ini tidak tersedia lagi.');
      await agency(page, 'Dukcapil').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await admin('PUT', `/api/admin/services/${pindah.id}`, { active: true });
    }
  });

  it('goes home with an apology after an error while drawing a screen, and tells the admin', async () => {
    // Before: any error while drawing left a blank page, and nobody knew.
    const context = await browser.newContext({ viewport: PORTRAIT, hasTouch: true, locale: 'id-ID' });
    contexts.push(context);
    // A catalogue this kiosk cannot draw a confirm screen from (a priority group without names).
    await context.route('**/api/catalogue', async (route) => {
      const res = await route.fetch();
      const c = (await res.json()) as any;
      c.priorityGroups = c.priorityGroups.map((g: any) => ({ ...g, name: null }));
      await route.fulfill({ response: res, json: c });
    });
    const page = await context.newPage();
    await page.goto(`${hub.url}/kiosk`);
    await agency(page, 'Polsek').tap();
    await expect.poll(() => page.getByTestId('kiosk-notice').textContent()).toBe('Maaf, terjadi gangguan. Silakan mulai lagi.');
    await agency(page, 'Polsek').waitFor();
    const health = async () => (await (await fetch(`${hub.url}/healthz`)).json()) as { alarms: { kind: string; detail: Record<string, unknown> }[] };
    await expect.poll(async () => (await health()).alarms.find((a) => a.kind === 'screen_error')?.detail.where).toBe('render:confirm');
    const alarm = (await health()).alarms.find((a) => a.kind === 'screen_error')!;
    expect(alarm.detail).toMatchObject({ screen: 'kiosk', count: 1, message: expect.stringContaining('TypeError') });
    await admin('POST', '/api/admin/alarms/screen_error/acknowledge');
  });

  it('gives the next citizen Bahasa Indonesia and a clear screen: after the idle time, and after a ticket whose screen counts down', async () => {
    // Before: English stayed on for the next citizen, the idle timer did not run on the home
    // screen, and the done screen kept the previous citizen's number for the whole idle time.
    await kioskSettings({ idleSeconds: 5 });
    try {
      const { page } = await openKiosk();
      const today = ((await (await fetch(`${hub.url}/healthz`)).json()) as { businessDate: string }).businessDate;
      await page.getByRole('button', { name: 'English' }).tap();
      // The header follows the language.
      await expect.poll(() => page.locator('.clock .date').textContent()).toMatch(/^(Sun|Mon|Tues|Wednes|Thurs|Fri|Satur)day, \d+ [A-Z][a-z]+ \d{4}$/);
      // Nobody touches the home screen: it goes back to Indonesian by itself.
      await page.getByRole('button', { name: 'English' }).waitFor({ timeout: 15_000 });
      expect(await page.locator('.clock .date').textContent()).toBe(formatIndonesianDate(today));

      // A citizen in English takes a ticket; the paper is asked for in English.
      const printBodies: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && /\/api\/tickets\/\d+\/print$/.test(r.url())) printBodies.push(r.postData() ?? '');
      });
      await page.getByRole('button', { name: 'English' }).tap();
      await agency(page, 'Dukcapil').tap();
      await service(page, 'Kartu Keluarga').tap();
      await take(page).tap();
      await page.getByTestId('ticket-number').waitFor();
      await expect.poll(() => page.locator('.done h1').textContent()).toBe('Please take your ticket');
      expect(printBodies.map((b) => JSON.parse(b))).toEqual([{ lang: 'en' }]);
      expect(await page.getByTestId('done-countdown').textContent()).toMatch(/^Back to the start in [1-5] s$/);
      // The countdown clears the number and the language for the next citizen.
      await page.getByTestId('ticket-number').waitFor({ state: 'detached', timeout: 15_000 });
      await page.getByRole('button', { name: 'English' }).waitFor();
      await agency(page, 'Dukcapil').waitFor();
    } finally {
      await kioskSettings({});
    }
  });

  it('says "not paired" with what to do when the hub refuses the kiosk’s token, and "not connected" when the hub is away', async () => {
    // Before: "Sedang menyambung ulang…" forever, although the hub answered 401.
    const code = (await admin('POST', '/api/admin/pairing-codes', { role: 'kiosk', name: 'Kios uji' })).code;
    const paired = (await (await fetch(`${hub.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })).json()) as { token: string; deviceId: number };
    const { page } = await openKiosk({ device: paired });
    await agency(page, 'Dukcapil').waitFor();
    await admin('POST', `/api/admin/devices/${paired.deviceId}/revoke`);
    await expect.poll(() => state(page).getAttribute('data-state')).toBe('not-paired');
    const text = await state(page).textContent();
    expect(text).toContain('Akses kios ini sudah dicabut');
    expect(text).toContain('Mohon hubungi petugas informasi');
    expect(text).toContain('Admin → Perangkat & printer → Pasangkan perangkat baru');
    expect(text).toContain('DEVICE_REVOKED');
    expect(await page.locator('.tile.agency').count()).toBe(0);

    // A token the hub never gave: said at once, on the first screen.
    const stranger = await openKiosk({ device: { token: 'x'.repeat(40), deviceId: 99 } });
    await expect.poll(() => state(stranger.page).getAttribute('data-state')).toBe('not-paired');
    expect(await state(stranger.page).textContent()).toContain('Kios belum dipasangkan');

    // The hub away (its process killed): a full screen that says no ticket was taken and what to
    // do, then the kiosk comes back by itself when the hub does.
    const local = await openKiosk();
    await hub.kill();
    await expect.poll(() => state(local.page).getAttribute('data-state'), { timeout: 15_000 }).toBe('hub-out');
    expect(await state(local.page).textContent()).toContain('Belum ada tiket yang diambil');
    await hub.restart();
    await agency(local.page, 'Dukcapil').waitFor({ timeout: 20_000 });
  }, 40_000);

  it('shows paper out over the whole screen before anyone taps, and works again with a new roll', async () => {
    // Before: a thin strip over grey tiles.
    const { page } = await openKiosk();
    setPrinter('paper_end');
    await expect.poll(() => state(page).getAttribute('data-state')).toBe('paper_end');
    const text = await state(page).textContent();
    expect(text).toContain('Kertas tiket habis');
    expect(text).toContain('Mohon hubungi petugas informasi.');
    expect(text).toContain('pasang gulungan kertas baru');
    expect(await page.locator('.tile.agency').count()).toBe(0);
    setPrinter('ready');
    await agency(page, 'Dukcapil').waitFor();
  });

  it('offers "Coba lagi" after a refusal, and gives a way out when the hub does not answer, asking again with the same request', async () => {
    // Before: the failed screen offered only "Beranda"; a hub that did not answer held the
    // citizen on "Sedang menyambung ulang…" for up to 120 s.
    const { page } = await openKiosk();
    let refuse = true;
    await page.route('**/api/tickets', async (route) => {
      if (route.request().method() !== 'POST' || !refuse) return route.continue();
      refuse = false;
      await route.fulfill({ status: 500, json: { error: { code: 'INTERNAL', message: { id: 'Terjadi kesalahan di server.', en: 'Server error.' } } } });
    });
    await agency(page, 'Dukcapil').tap();
    await service(page, 'Akta Kematian').tap();
    await take(page).tap();
    await page.locator('section.failed').waitFor();
    expect(await page.locator('section.failed .reason').first().textContent()).toBe('Terjadi kesalahan di server.');
    await page.getByRole('button', { name: 'Coba lagi' }).tap();
    await page.getByTestId('ticket-number').waitFor();
    await page.getByRole('button', { name: 'Selesai' }).tap();

    // The hub cannot be reached: after a while the citizen may cancel or try again.
    await page.unroute('**/api/tickets');
    const sent: string[] = [];
    let down = true;
    await page.route('**/api/tickets', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      sent.push((route.request().postDataJSON() as { requestId: string }).requestId);
      return down ? route.abort('connectionrefused') : route.continue();
    });
    const waitingBefore = (await serviceByName('Akta Kematian')).waiting as number;
    await agency(page, 'Dukcapil').tap();
    await service(page, 'Akta Kematian').tap();
    await take(page).tap();
    await page.getByText('Sedang menyambung ulang…').first().waitFor();
    await page.getByText('Server antrean belum menjawab').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: 'Batal' }).isVisible()).toBe(true);
    down = false;
    await page.getByRole('button', { name: 'Coba lagi' }).tap();
    await page.getByTestId('ticket-number').waitFor();
    // Every send was the same request: one ticket.
    expect(new Set(sent).size).toBe(1);
    expect(sent.length).toBeGreaterThan(1);
    expect((await serviceByName('Akta Kematian')).waiting).toBe(waitingBefore + 1);
  }, 40_000);

  it('shows the number at once while a silent printer is still being waited for', async () => {
    // Before: "Sedang mencetak tiket…" for the ~11 s the hub waits for a printer in state unknown.
    const { page } = await openKiosk();
    setPrinter('unknown');
    await agency(page, 'Dukcapil').tap();
    await service(page, 'Akta Kelahiran').tap();
    await take(page).tap();
    await page.getByTestId('ticket-number').waitFor();
    expect(await page.getByTestId('print-pending').textContent()).toBe('Tiket sedang dicetak…');
    expect(await page.locator('.done h1').textContent()).toBe('Nomor antrean Anda');
  });

  it('fits confirm, done, failed, paper out and not paired at every screen size, SKC2-1000 on one line', async () => {
    // Before: "SKC2-1000" was wider than a portrait screen and the paper-out screen did not fit.
    const check = async (page: Page, what: string) => {
      const problems: string[] = [];
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.waitForFunction((w) => window.innerWidth === w, size.width);
        for (const p of await layoutProblems(page, { root: '.kiosk', minTarget: 64, oneLine: ['[data-testid=ticket-number]'] })) problems.push(`${what} ${size.width}x${size.height}: ${p}`);
      }
      return problems;
    };
    const problems: string[] = [];
    const { page } = await openKiosk();
    // The header in its widest words (English, "Bahasa Indonesia"), on the home screen with "Isi survei".
    await page.getByRole('button', { name: 'English' }).tap();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForFunction((w) => window.innerWidth === w, size.width);
      for (const p of await layoutProblems(page, { root: '.kiosk header', minTarget: 64 })) problems.push(`header ${size.width}x${size.height}: ${p}`);
    }
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).tap();
    await agency(page, 'Polsek').tap();
    await page.getByRole('button', { name: 'Penyandang disabilitas' }).tap();
    problems.push(...(await check(page, 'confirm')));
    await take(page).tap();
    await expect.poll(() => page.getByTestId('ticket-number').textContent()).toMatch(/^SKC2-1\d{3}$/);
    problems.push(...(await check(page, 'done')));
    await page.getByRole('button', { name: 'Selesai' }).tap();

    await page.route('**/api/tickets', (route) =>
      route.request().method() === 'POST' ? route.fulfill({ status: 409, json: { error: { code: 'SERVICE_CLOSED', message: { id: 'Layanan ini sedang tutup.', en: 'This service is closed now.' }, details: { reason: 'Gangguan jaringan', nextOpening: { at: 0, text: { id: 'Buka besok, Selasa, 24 November 08.00', en: 'Opens tomorrow, Tuesday 24 November 08:00' } } } } } }) : route.continue(),
    );
    await agency(page, 'Polsek').tap();
    await take(page).tap();
    await page.locator('section.failed').waitFor();
    problems.push(...(await check(page, 'failed')));
    await page.getByRole('button', { name: 'Beranda' }).tap();

    setPrinter('paper_end');
    await expect.poll(() => state(page).getAttribute('data-state')).toBe('paper_end');
    problems.push(...(await check(page, 'paper out')));

    const stranger = await openKiosk({ device: { token: 'y'.repeat(40), deviceId: 98 } });
    await expect.poll(() => state(stranger.page).getAttribute('data-state')).toBe('not-paired');
    problems.push(...(await check(stranger.page, 'not paired')));
    expect(problems).toEqual([]);
  }, 40_000);
});
