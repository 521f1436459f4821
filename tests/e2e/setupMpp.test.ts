/**
 * A new MPP set up through the admin screens only, in headless Chromium against the hub as
 * `npm run serve` starts it with an empty MPP (ANTRE_DEMO_SEED=0: this machine's browsers are
 * trusted, no demo data, the first admin's PIN on the console): a real-size workbook (30 agencies,
 * 112 services in 5 zones, 40 counters) imported with two deliberate errors (both shown, nothing
 * applied), then corrected and applied; then edits by hand: a service's Friday hours with the
 * prayer break (Calendar tab), a counter's order of services (Master data), an officer of an
 * agency (Staff), pairing codes for a Lantai 2 display and a kiosk, typed into a second machine's
 * setup screen as an IT person would. The kiosk open since before the import, a counter and the
 * Lantai 2 display show the result at once.
 *
 * The served hub has the wall clock, not an injected one: the agencies the kiosk and the counters
 * use here are imported with 00:00–24:00 hours (realMpp's `allDay`), so they issue whatever the
 * hour the test runs. The Friday break is checked on the stored hours and on the admin's screen.
 *
 * With ANTRE_SCREENSHOTS=1 it saves every admin tab with this real-size data at 1366x768 as
 * docs/screenshots/admin-<tab>.png, for the README.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairOverHttp, setupFromAnswers } from '../../electron/main/setupStore.js';
import { SetupAnswers, type MachineSetup } from '../../shared/machine.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { writeRealMpp, type RealMpp } from '../fixtures/realMpp.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';
import { tempDir } from '../fixtures/tempDir.js';

const SCREENSHOTS = process.env.ANTRE_SCREENSHOTS ? join(process.cwd(), 'docs', 'screenshots') : null;
/** Open round the clock in the imported file: the kiosk, the counters and the displays use these. */
const ALL_DAY = ['R-DUKCAPIL', 'R-SAMSAT'];
const ADMIN_TAB = { overview: 'Ringkasan', master: 'Data master', calendar: 'Jadwal & libur', staff: 'Petugas & audit', devices: 'Perangkat & printer', operations: 'Operasional', reports: 'Laporan', settings: 'Pengaturan' } as const;

/**
 * An agency's tile on the kiosk's home, turning pages until it shows: the kiosk cuts its pages to
 * what fits the screen, so which page an agency lands on is the layout's business, not the test's.
 */
async function agencyTileOn(kiosk: Page, name: string) {
  const tile = kiosk.locator('.tile.agency', { hasText: name });
  await kiosk.locator('.tile.agency').first().waitFor();
  for (let page = 0; page < 10 && !(await tile.isVisible()); page++) await kiosk.getByRole('button', { name: /Berikutnya/ }).tap();
  return tile;
}

describe.skipIf(skipScreens)('an MPP set up from the admin screens', () => {
  const tmp = tempDir('antre-setup-mpp-');
  let hub: ServedHub;
  let browser: Browser;
  let admin: Page;
  let kiosk: Page;
  let pin: string;
  let session: string;
  let wrong: RealMpp;
  let right: RealMpp;
  /** the second machine (a display and a kiosk), as its setup screen saved it */
  let machine: MachineSetup | null = null;
  let machineContext: BrowserContext;
  const pages: Page[] = [];

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { 'x-antre-session': session, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as any };
  };
  const list = async (what: 'agencies' | 'services' | 'zones' | 'counters' | 'officers' | 'devices') => {
    const r = await api('GET', `/api/admin/${what}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    return r.json as any[];
  };
  const notice = (text: string | RegExp) => admin.getByRole('status').getByText(text).waitFor();
  const tab = (name: keyof typeof ADMIN_TAB) => admin.getByRole('navigation').getByRole('button', { name: ADMIN_TAB[name], exact: true }).click();
  const section = (name: string) => admin.getByRole('tab', { name, exact: true }).click();

  beforeAll(async () => {
    [wrong, right] = await Promise.all([
      writeRealMpp(join(tmp.dir, 'mpp-salah.xlsx'), { mistakes: true, allDay: ALL_DAY }),
      writeRealMpp(join(tmp.dir, 'mpp-benar.xlsx'), { allDay: ALL_DAY }),
    ]);
    hub = await serveHub({ ANTRE_DEMO_SEED: '0' });
    // What the person who installed the hub reads on its console.
    pin = /admin pertama \/ first admin: username admin, PIN (\d+)/.exec(hub.output())![1]!;
    session = (await api('POST', '/api/sessions', { username: 'admin', pin })).json.sessionToken;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID' });
    admin = await context.newPage();
    // The kiosk, open since before there is anything to offer.
    kiosk = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'id-ID' })).newPage();
    pages.push(kiosk);
    await kiosk.goto(`${hub.url}/kiosk`);
    await kiosk.getByText('Silakan pilih instansi').waitFor();
    expect(await kiosk.locator('.tile.agency').count()).toBe(0);

    await admin.goto(`${hub.url}/admin`);
    await admin.getByLabel('Nama pengguna').fill('admin');
    await admin.getByLabel('PIN').fill(pin);
    await admin.getByRole('button', { name: 'Masuk' }).click();
    await admin.getByRole('navigation').waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    tmp.remove();
  });

  it('refuses the workbook with two errors, both shown, nothing applied; applies the corrected one', async () => {
    expect(wrong.mistakes).toHaveLength(2);
    await tab('master');
    await section('Impor/Ekspor');
    const file = admin.getByLabel('Berkas data master (XLSX atau CSV)');
    const apply = admin.getByRole('button', { name: 'Terapkan' });
    await file.setInputFiles(wrong.path);
    await admin.getByRole('button', { name: 'Pratinjau' }).click();
    const errors = admin.getByRole('table', { name: '2 kesalahan — tidak ada yang diterapkan' });
    await errors.waitFor();
    for (const m of wrong.mistakes) {
      await errors.locator('tbody tr').filter({ hasText: m.sheet }).filter({ hasText: m.column }).filter({ has: admin.getByRole('cell', { name: String(m.row), exact: true }) }).waitFor();
    }
    expect(await errors.locator('tbody tr').count()).toBe(2);
    expect(await apply.isDisabled()).toBe(true);
    // Nothing of it reached the hub.
    for (const what of ['agencies', 'services', 'zones', 'counters'] as const) expect(await list(what)).toEqual([]);

    await file.setInputFiles(right.path);
    await admin.getByRole('button', { name: 'Pratinjau' }).click();
    const rows = right.agencies.length + right.zones.length + right.services.length + right.counters.length;
    await admin.getByText(`${rows} baru, 0 berubah, 0 tetap`).waitFor();
    expect(await admin.getByRole('table', { name: /kesalahan/ }).count()).toBe(0);
    await apply.click();
    await notice(`Impor diterapkan: ${rows} baris ditambah atau diubah.`);

    const [agencies, services, zones, counters] = await Promise.all([list('agencies'), list('services'), list('zones'), list('counters')]);
    expect([agencies.length, services.length, zones.length, counters.length]).toEqual([30, 112, 5, 40]);
    expect(zones.map((z) => z.name).sort()).toEqual(right.zones.map((z) => z.name).sort());
    // Every service in its zone, every counter with its agency, zone and services in order.
    const zoneId = new Map(zones.map((z) => [z.name, z.id as number]));
    const agencyId = new Map(agencies.map((a) => [a.code, a.id as number]));
    const serviceId = new Map(services.map((s) => [s.code, s.id as number]));
    for (const s of right.services) expect(services.find((x) => x.code === s.code)).toMatchObject({ zoneId: zoneId.get(s.zone), agencyId: agencyId.get(s.agency), prefix: s.prefix });
    for (const c of right.counters) {
      expect(counters.find((x) => x.label === c.label)).toMatchObject({ agencyId: agencyId.get(c.agency), zoneId: zoneId.get(c.zone), serviceIds: c.services.map((code) => serviceId.get(code)) });
    }

    // The screen's lists hold them all.
    for (const [name, count] of [['Instansi', 30], ['Zona', 5], ['Layanan', 112], ['Loket', 40]] as const) {
      await section(name);
      await admin.getByRole('tabpanel').getByText(`${count} dari ${count}`, { exact: true }).waitFor();
    }
    await section('Layanan');
    await admin.getByLabel('Saring instansi').selectOption({ label: 'Samsat' });
    await expect.poll(() => admin.getByRole('table', { name: 'Layanan' }).locator('tbody tr').count()).toBe(4);
    await admin.getByLabel('Saring instansi').selectOption({ label: 'Semua instansi' });

    // The kiosk, left open, offers the imported agencies and services without a reload.
    await kiosk.locator('.tile.agency', { hasText: 'Dukcapil' }).waitFor();
    await (await agencyTileOn(kiosk, 'Samsat')).tap();
    const samsat = right.services.filter((s) => s.agency === 'R-SAMSAT');
    for (const s of samsat) await kiosk.locator('.tile.service', { hasText: s.name }).waitFor();
    expect(await kiosk.locator('.tile.service', { hasText: samsat[0]!.name }).isEnabled()).toBe(true);
    await kiosk.getByRole('button', { name: 'Kembali' }).tap();
    await kiosk.getByText('Silakan pilih instansi').waitFor();
  });

  it('sets a service’s Friday hours with the prayer break in the Calendar tab', async () => {
    const target = right.services.find((s) => s.agency === 'R-SAMSAT' && s.name.startsWith('Informasi'))!;
    await tab('calendar');
    await admin.getByLabel('Cari layanan').fill(target.name);
    await admin.getByRole('button', { name: `${target.prefix} ${target.name}` }).click();
    const form = admin.getByRole('form', { name: 'Jam layanan' });
    // Imported as 00:00–24:00 every day; Jumat becomes 08:00–11:30 and 13:00–15:00.
    expect(await form.getByLabel('Jumat buka 1').inputValue()).toBe('00:00');
    await form.getByLabel('Jumat buka 1').fill('08:00');
    await form.getByLabel('Jumat tutup 1').fill('11:30');
    await form.getByRole('button', { name: 'Tambah jam Jumat' }).click();
    await form.getByLabel('Jumat buka 2').fill('13:00');
    await form.getByLabel('Jumat tutup 2').fill('15:00');
    await form.getByRole('button', { name: 'Simpan untuk 1 layanan' }).click();
    await notice('Jam 1 layanan tersimpan.');
    const stored = (await list('services')).find((s) => s.code === target.code)!;
    expect(stored.hours[5]).toEqual([
      { open: '08:00', close: '11:30' },
      { open: '13:00', close: '15:00' },
    ]);
    expect(stored.hours[4]).toEqual([{ open: '00:00', close: '24:00' }]);
    // Chosen again after the reload, the editor shows what the hub stored.
    await admin.getByRole('button', { name: `${target.prefix} ${target.name}` }).click();
    await expect.poll(() => form.getByLabel('Jumat tutup 2').inputValue()).toBe('15:00');
    expect(await form.getByLabel('Jumat tutup 1').inputValue()).toBe('11:30');
  });

  it('moves a service up in a counter’s order in the Master data tab', async () => {
    const counter = right.counters.find((c) => c.label === 'Loket 3')!;
    const second = right.services.find((s) => s.code === counter.services[1])!;
    await tab('master');
    await section('Loket');
    const table = admin.getByRole('table', { name: 'Loket' });
    await table.getByRole('button', { name: 'Ubah Loket 3', exact: true }).click();
    const form = admin.getByRole('form', { name: 'Ubah loket' });
    await form.getByRole('button', { name: `Naikkan ${second.prefix} ${second.name}` }).click();
    await form.getByRole('button', { name: 'Simpan' }).click();
    await notice('Loket 3 tersimpan.');
    const services = await list('services');
    const saved = (await list('counters')).find((c) => c.label === 'Loket 3')!;
    const order = [counter.services[1]!, counter.services[0]!, ...counter.services.slice(2)];
    expect(saved.serviceIds.map((id: number) => services.find((s) => s.id === id)!.code)).toEqual(order);
    const prefixes = order.map((code) => right.services.find((s) => s.code === code)!.prefix).join(' › ');
    await table.locator('tr', { has: admin.getByRole('cell', { name: 'Loket 3', exact: true }) }).getByText(prefixes).waitFor();
    // The form is ready for a new counter again.
    await admin.getByRole('form', { name: 'Loket baru' }).waitFor();
  });

  it('adds an officer of each of two agencies in the Staff tab', async () => {
    await tab('staff');
    const form = admin.getByRole('form', { name: 'Tambah petugas' });
    for (const o of [
      { name: 'Sari Wulandari', username: 'sari.samsat', agency: 'Sistem Administrasi Manunggal Satu Atap' },
      { name: 'Budi Santoso', username: 'budi.dukcapil', agency: 'Dinas Kependudukan dan Pencatatan Sipil' },
    ]) {
      await form.getByLabel('Nama', { exact: true }).fill(o.name);
      await form.getByLabel('Nama pengguna').fill(o.username);
      await form.getByLabel('PIN').fill('482913');
      await form.getByLabel('Peran').selectOption({ label: 'Petugas loket' });
      await form.getByLabel('Instansi', { exact: true }).selectOption({ label: o.agency });
      await form.getByRole('button', { name: 'Tambah petugas' }).click();
      await admin.getByRole('region', { name: 'Petugas' }).getByRole('cell', { name: o.username, exact: true }).waitFor();
      // Cleared for the next one.
      await expect.poll(() => form.getByLabel('Nama pengguna').inputValue()).toBe('');
    }
    const agencies = await list('agencies');
    const officers = await list('officers');
    expect(officers.find((o) => o.username === 'sari.samsat')).toMatchObject({ role: 'officer', agencyId: agencies.find((a) => a.code === 'R-SAMSAT')!.id });
    expect(officers.find((o) => o.username === 'budi.dukcapil')).toMatchObject({ role: 'officer', agencyId: agencies.find((a) => a.code === 'R-DUKCAPIL')!.id });
    // Samsat's officer is refused at Dukcapil's counter.
    const loket1 = (await list('counters')).find((c) => c.label === 'Loket 1')!;
    const refused = await api('POST', '/api/sessions', { username: 'sari.samsat', pin: '482913', counterId: loket1.id });
    expect(refused.json?.error?.code, JSON.stringify(refused.json)).toBe('OFFICER_AGENCY_MISMATCH');
  });

  it('pairs a display for Lantai 2 and a kiosk from the Devices tab, typed into a new machine’s setup screen', async () => {
    const upstairs = right.zones.find((z) => z.floor === 'Lantai 2')!;
    await tab('devices');
    const pair = admin.getByRole('region', { name: 'Pasangkan perangkat baru' });
    const code = async (role: string, zone?: string): Promise<string> => {
      await pair.getByLabel('Peran perangkat').selectOption({ label: role });
      if (zone) await pair.getByLabel('Zona layar').selectOption({ label: `${zone} (${upstairs.floor})` });
      await pair.getByRole('button', { name: 'Buat kode pemasangan' }).click();
      const name = zone ? `Layar ${zone}` : 'Kios baru';
      await pair.getByText(`Kode untuk ${name}`).waitFor();
      return (await pair.getByTestId('pairing-code').textContent())!.trim();
    };
    const displayCode = await code('Layar', upstairs.name);
    const kioskCode = await code('Kios');
    expect(displayCode).toMatch(/^\d{6}$/);
    expect(kioskCode).toMatch(/^\d{6}$/);

    // The second machine's first run: the Antre app's wizard, its bridge to main played by the
    // real setup code (electron/main/setupStore.ts), pairing over HTTP as main does.
    machineContext = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'id-ID' });
    await machineContext.exposeFunction('__antreSetupSave', async (answers: unknown) => {
      try {
        machine = await setupFromAnswers(SetupAnswers.parse(answers), hub.port, pairOverHttp);
        return { ok: true };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return { ok: false, error: { id: `Pengaturan belum tersimpan: ${message}`, en: `Not saved: ${message}` } };
      }
    });
    await machineContext.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      w.antre = {
        appVersion: async () => '0.0.0',
        printTicket: async () => null,
        printerStatus: async () => null,
        listPrinters: async () => [],
        monitors: async () => [],
        setupGet: async () => null,
        setupSave: (answers: unknown) => (w.__antreSetupSave as (a: unknown) => Promise<unknown>)(answers),
        discoverHubs: async () => [],
        adminUnlock: async () => 'wrong',
      };
    });
    const wizard = await machineContext.newPage();
    pages.push(wizard);
    await wizard.goto(`${hub.url}/setup`);
    await wizard.getByRole('heading', { name: 'Pengaturan perangkat Antre' }).waitFor();
    const roles = wizard.locator('fieldset', { hasText: 'Peran komputer ini' });
    expect(await roles.getByLabel('Kios tiket').isChecked()).toBe(true);
    await roles.getByLabel('Layar ruang tunggu').check();
    await wizard.locator('fieldset', { hasText: 'Alamat server antrean' }).getByRole('textbox').first().fill(hub.url);
    const codes = wizard.locator('fieldset', { hasText: 'Kode pemasangan' });
    await codes.getByLabel('Kios tiket').fill(kioskCode);
    await codes.getByLabel('Layar ruang tunggu').fill(displayCode);
    await wizard.getByLabel(/PIN admin perangkat/).fill('975310');
    await wizard.getByRole('button', { name: 'Simpan dan mulai' }).click();
    await expect.poll(() => machine?.pairings.display?.deviceId ?? null).not.toBeNull();
    expect(await wizard.locator('.error').count()).toBe(0);

    // The hub knows the display by its zone, and the kiosk by its token.
    const zones = await list('zones');
    const devices = await list('devices');
    expect(devices.find((d) => d.id === machine!.pairings.display!.deviceId)).toMatchObject({ role: 'display', zoneId: zones.find((z) => z.name === upstairs.name)!.id });
    expect(devices.find((d) => d.id === machine!.pairings.kiosk!.deviceId)).toMatchObject({ role: 'kiosk' });
    const asKiosk = await api('GET', '/api/catalogue', undefined, { authorization: `Bearer ${machine!.pairings.kiosk!.token}` });
    expect(asKiosk.status).toBe(200);
    expect(asKiosk.json.agencies).toHaveLength(30);
    // And the Devices tab lists the display with its zone.
    await tab('calendar');
    await tab('devices');
    await admin.getByRole('region', { name: 'Perangkat terpasang' }).locator('tbody tr', { hasText: upstairs.name }).getByRole('cell', { name: 'Layar', exact: true }).waitFor();
  });

  it('shows the result at once: the kiosk issues, the officer calls at their counter, the Lantai 2 display shows only Lantai 2', async () => {
    const upstairs = right.zones.find((z) => z.floor === 'Lantai 2')!;
    const counters = await list('counters');
    // A step that waits too long fails with its locator named, well inside the test's minute.
    kiosk.setDefaultTimeout(20_000);
    const services = await list('services');
    const loket = (label: string) => counters.find((c) => c.label === label)!;

    // The Lantai 2 display on the second machine, with the credentials its setup got (the Antre
    // app hands them to its window; a browser keeps them in its storage).
    const display = await machineContext.newPage();
    pages.push(display);
    display.setDefaultTimeout(20_000);
    await display.addInitScript((d) => {
      localStorage.setItem('antre.deviceToken', d.token);
      localStorage.setItem('antre.deviceId', String(d.deviceId));
    }, machine!.pairings.display!);
    await display.setViewportSize({ width: 1920, height: 1080 });
    await display.goto(`${hub.url}/display`);
    await expect.poll(() => display.getByTestId('display-zone').textContent()).toContain(upstairs.name);
    await display.waitForFunction(() => document.querySelector('footer .offline') === null);
    // The whole hall's display, on the hub's own machine.
    const hall = await admin.context().newPage();
    pages.push(hall);
    hall.setDefaultTimeout(20_000);
    await hall.setViewportSize({ width: 1920, height: 1080 });
    await hall.goto(`${hub.url}/display`);
    await hall.getByTestId('clock').waitFor();
    await hall.waitForFunction(() => document.querySelector('footer .offline') === null);

    // A call on Lantai 1: Dukcapil's officer at Loket 1 (through the API, as a second desk would).
    const below = loket('Loket 1');
    expect(below.zoneId).not.toBe(loket('Loket 3').zoneId);
    const dukcapil = services.find((s) => s.id === below.serviceIds[0])!;
    const first = (await api('POST', '/api/tickets', { serviceId: dukcapil.id, requestId: 'setup-mpp-1' })).json.ticket;
    const budi = (await api('POST', '/api/sessions', { username: 'budi.dukcapil', pin: '482913', counterId: below.id })).json.sessionToken;
    const called = await api('POST', `/api/counters/${below.id}/call-next`, {}, { 'x-antre-session': budi });
    expect(called.json.ticket.display).toBe(first.display);
    await hall.getByTestId('now-number').getByText(first.display, { exact: true }).waitFor();

    // A citizen at the kiosk that was open before the import takes a Samsat ticket.
    const samsat = right.services.find((s) => s.agency === 'R-SAMSAT' && s.name.startsWith('Pendaftaran'))!;
    await (await agencyTileOn(kiosk, 'Samsat')).tap();
    await kiosk.locator('.tile.service', { hasText: samsat.name }).tap();
    await kiosk.getByRole('button', { name: 'Ambil tiket' }).tap();
    const number = (await kiosk.getByTestId('ticket-number').textContent())!.trim();
    expect(number.startsWith(samsat.prefix)).toBe(true);

    // Samsat's officer logs in at Loket 3 (Lantai 2) and calls it.
    const desk = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID' })).newPage();
    pages.push(desk);
    desk.setDefaultTimeout(20_000);
    await desk.goto(`${hub.url}/counter`);
    await desk.locator('.counter-list button').filter({ has: desk.locator('strong', { hasText: /^Loket 3$/ }) }).click();
    await desk.getByLabel('Nama pengguna').fill('sari.samsat');
    await desk.getByLabel('PIN').fill('482913');
    await desk.getByRole('button', { name: 'Masuk' }).click();
    await desk.locator('.desk .dot.live').waitFor();
    // The key does nothing until the desk has its queue (the button greyed out meanwhile), as for an officer.
    await expect.poll(() => desk.locator('.buttons button[data-action="call-next"]').isEnabled()).toBe(true);
    await desk.keyboard.press('n');
    await expect.poll(() => desk.getByTestId('current-number').textContent()).toContain(number);

    // Lantai 2 shows its call, never Lantai 1's; the hall shows both.
    await display.getByTestId('now-number').getByText(number, { exact: true }).waitFor();
    // Every call on the display, in the big area or the list, carries its ticket.
    const onScreen = (page: Page, ticket: string) => page.locator(`[data-ticket="${ticket}"]`);
    await onScreen(hall, number).first().waitFor();
    await onScreen(hall, first.display).first().waitFor();
    // Another call on Lantai 1, after it: the hall shows it, Lantai 2 keeps its own.
    await api('POST', `/api/counters/${below.id}/finish`, {}, { 'x-antre-session': budi });
    const third = (await api('POST', '/api/tickets', { serviceId: dukcapil.id, requestId: 'setup-mpp-2' })).json.ticket;
    expect((await api('POST', `/api/counters/${below.id}/call-next`, {}, { 'x-antre-session': budi })).json.ticket.display).toBe(third.display);
    await onScreen(hall, third.display).first().waitFor();
    expect(await display.getByTestId('now-number').textContent()).toContain(number);
    expect(await display.getByTestId('now-counter').textContent()).toContain('Loket 3');
    expect(await onScreen(display, first.display).count()).toBe(0);
    expect(await onScreen(display, third.display).count()).toBe(0);
    // Its waiting counts are its zone's agencies' only.
    const waiting = await display.getByTestId('waiting').textContent();
    expect(waiting).toContain('Samsat');
    expect(waiting).not.toContain('Dukcapil');
  });

  it.runIf(SCREENSHOTS)('takes a screenshot of every admin tab with the real-size data, at 1366x768', async () => {
    await admin.setViewportSize({ width: 1366, height: 768 });
    const ready: Record<keyof typeof ADMIN_TAB, () => Promise<void>> = {
      overview: () => admin.getByRole('cell', { name: 'Loket 3', exact: true }).waitFor(),
      master: async () => {
        await section('Layanan');
        await admin.getByRole('tabpanel').getByText('112 dari 112', { exact: true }).waitFor();
      },
      calendar: async () => {
        // The service whose Friday has the prayer break, open in the hours editor.
        const target = right.services.find((s) => s.agency === 'R-SAMSAT' && s.name.startsWith('Informasi'))!;
        await admin.getByRole('button', { name: `${target.prefix} ${target.name}` }).click();
        await admin.getByRole('form', { name: 'Jam layanan' }).getByLabel('Jumat buka 2').waitFor();
      },
      staff: () => admin.getByRole('cell', { name: 'sari.samsat', exact: true }).waitFor(),
      devices: () => admin.getByRole('region', { name: 'Perangkat terpasang' }).locator('tbody tr').first().waitFor(),
      operations: () => admin.locator('.operations').waitFor(),
      reports: () => admin.getByTestId('report').locator('tbody tr.total').waitFor(),
      settings: () => admin.getByRole('heading').first().waitFor(),
    };
    for (const name of Object.keys(ADMIN_TAB) as (keyof typeof ADMIN_TAB)[]) {
      await tab(name);
      await ready[name]();
      await admin.evaluate(() => document.fonts.ready.then(() => undefined));
      await admin.screenshot({ path: join(SCREENSHOTS!, `admin-${name}.png`) });
    }
  });
});
