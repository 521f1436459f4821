/**
 * The admin screen and the survey in headless Chromium against the hub as `npm run serve` starts
 * it: a new service and counter reach the kiosk at once, a revoked device is refused at its next
 * call, and a citizen's survey moves the IKM as the regulation says.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SCREENSHOTS = process.env.ANTRE_SCREENSHOTS ? join(process.cwd(), 'docs', 'screenshots') : null;

describe.skipIf(skipScreens)('the admin screen', () => {
  let hub: ServedHub;
  let browser: Browser;
  let admin: Page;
  let n = 0;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${hub.url}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: (await res.json().catch(() => null)) as any };
  };
  const supervisor = async () => (await api('POST', '/api/sessions', { username: 'admin', pin: '246810' })).json.sessionToken as string;
  /** A citizen served at counter 1 from start to finish; returns the ticket. */
  async function serveOne(): Promise<{ id: number; display: string }> {
    const t = (await api('POST', '/api/tickets', { serviceId: 1, requestId: `admin-e2e-${n++}` })).json.ticket;
    const session = (await api('POST', '/api/sessions', { username: 'petugas01', pin: '1234', counterId: 1 })).json.sessionToken;
    const h = { 'x-antre-session': session };
    const called = await api('POST', '/api/counters/1/call-next', {}, h);
    expect(called.json.ticket.id).toBe(t.id);
    await api('POST', '/api/counters/1/finish', {}, h);
    return t;
  }

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium();
    admin = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await admin.goto(`${hub.url}/admin`);
    await admin.fill('input[name=username]', 'admin');
    await admin.fill('input[name=pin]', '246810');
    await admin.getByRole('button', { name: 'Masuk' }).click();
    await admin.getByRole('heading', { name: 'Loket' }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('adds a service and a counter, and the kiosk shows the service at once', async () => {
    const kiosk = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await kiosk.goto(`${hub.url}/kiosk`);
    await kiosk.locator('.tile.agency', { hasText: 'Dukcapil' }).click();
    await kiosk.locator('.tile.service').first().waitFor();
    expect(await kiosk.locator('.tile.service', { hasText: 'Legalisir Akta' }).count()).toBe(0);

    await admin.getByRole('button', { name: 'Data master' }).click();
    const form = admin.getByRole('form', { name: 'Layanan baru' });
    await form.locator('select[name=agency]').selectOption({ label: 'Dinas Kependudukan dan Pencatatan Sipil' });
    await form.locator('input[name=name]').fill('Legalisir Akta');
    await form.locator('input[name=code]').fill('LEGALISIR');
    await form.locator('input[name=prefix]').fill('LA');
    await form.locator('input[name=quota]').fill('40');
    // Hours that close before they open are refused, and nothing is added.
    await form.locator('select[name=days]').selectOption({ label: 'Senin–Sabtu' });
    await form.locator('input[name=open]').fill('15:00');
    await form.locator('input[name=close]').fill('08:00');
    await form.getByRole('button', { name: 'Tambah layanan' }).click();
    await admin.getByRole('status').getByText('Data yang dikirim tidak valid.').waitFor();
    const catalogue = async () => (await api('GET', '/api/catalogue')).json.agencies.flatMap((a: any) => a.services) as { prefix: string; open: boolean; hoursToday: unknown }[];
    expect((await catalogue()).some((s) => s.prefix === 'LA')).toBe(false);
    // Open round the clock, so that the kiosk offers it whatever the hour of this test run.
    await form.locator('select[name=days]').selectOption({ label: 'Setiap hari, 24 jam' });
    await form.getByRole('button', { name: 'Tambah layanan' }).click();
    await admin.getByRole('status').getByText('Layanan Legalisir Akta ditambahkan.').waitFor();
    expect((await catalogue()).find((s) => s.prefix === 'LA')).toMatchObject({ open: true, hoursToday: [{ open: '00:00', close: '24:00' }] });
    // A second service with the same prefix is refused, in plain words.
    await form.locator('input[name=code]').fill('LEGALISIR-2');
    await form.getByRole('button', { name: 'Tambah layanan' }).click();
    await admin.getByRole('status').getByText('Kode, prefiks, atau label itu sudah dipakai.').waitFor();

    // The kiosk, left as it was, shows the new service without a reload.
    await kiosk.locator('.tile.service', { hasText: 'Legalisir Akta' }).waitFor({ timeout: 5_000 });
    expect(await kiosk.locator('.tile.service', { hasText: 'Legalisir Akta' }).textContent()).toContain('Sisa kuota 40');

    const counter = admin.getByRole('form', { name: 'Loket baru' });
    await counter.locator('input[name=label]').fill('Gerai 26');
    await counter.locator('input[name=zone]').fill('Lantai 1');
    await counter.getByLabel(/LA Legalisir Akta/).check();
    await counter.getByRole('button', { name: 'Tambah loket' }).click();
    await admin.getByRole('status').getByText('Loket Gerai 26 ditambahkan.').waitFor();
    const counters = (await api('GET', '/api/counters')).json as { label: string }[];
    expect(counters.map((c) => c.label)).toContain('Gerai 26');
    await kiosk.close();
  });

  it('revokes a device, whose next call is refused', async () => {
    const session = await supervisor();
    const code = (await api('POST', '/api/admin/pairing-codes', { role: 'kiosk', name: 'Kios cadangan' }, { 'x-antre-session': session })).json.code;
    const paired = (await api('POST', '/api/pair', { code })).json;
    const asKiosk = { authorization: `Bearer ${paired.token}` };
    expect((await api('GET', '/api/catalogue', undefined, asKiosk)).status).toBe(200);
    await admin.getByRole('button', { name: 'Perangkat' }).click();
    // A new code comes with the hub's certificate fingerprint, for the new device to be checked against.
    await admin.getByRole('button', { name: 'Buat kode pemasangan' }).click();
    const fingerprint = new X509Certificate(readFileSync(join(hub.dataDir, 'tls', 'hub.crt'))).fingerprint256;
    await expect.poll(() => admin.getByTestId('hub-fingerprint').textContent()).toContain(fingerprint);
    const row = admin.locator('tr', { hasText: 'Kios cadangan' });
    await row.getByRole('button', { name: 'Cabut' }).click();
    await row.getByText('dicabut').waitFor();
    const refused = await api('GET', '/api/catalogue', undefined, asKiosk);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('DEVICE_REVOKED');
  });

  it('takes a citizen’s survey and moves the IKM as the regulation says', async () => {
    const first = await serveOne();
    const tablet = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await tablet.goto(`${hub.url}/survey?counter=1`);
    await tablet.getByText(`Tiket ${first.display}`).waitFor();
    for (const group of await tablet.getByRole('radiogroup').all()) await group.getByRole('radio', { name: 'Sangat baik' }).click();
    await tablet.getByRole('button', { name: 'Kirim penilaian' }).click();
    await tablet.getByText('Terima kasih atas penilaian Anda!').waitFor();

    await admin.getByRole('button', { name: 'Laporan' }).click();
    const ikm = admin.getByTestId('ikm-total');
    // Nine answers of 4: NRR 4 everywhere, IKM 4 × 25 = 100, grade A.
    await expect.poll(() => ikm.textContent()).toBe('100 (A, 1 responden)');

    // A second citizen, at the kiosk by ticket number, answers "Baik" (3) everywhere:
    // NRR (4 + 3) / 2 = 3.5 per element → 87.5, grade B.
    const second = await serveOne();
    const kiosk = await browser.newPage();
    await kiosk.goto(`${hub.url}/survey`);
    await kiosk.locator('input').fill(second.display);
    await kiosk.getByRole('button', { name: 'Mulai survei' }).click();
    await kiosk.getByText(`Tiket ${second.display}`).waitFor();
    for (const group of await kiosk.getByRole('radiogroup').all()) await group.getByRole('radio', { name: 'Baik', exact: true }).click();
    await kiosk.getByRole('button', { name: 'Kirim penilaian' }).click();
    await kiosk.getByText('Terima kasih atas penilaian Anda!').waitFor();
    // The same ticket cannot answer twice.
    const again = await api('POST', '/api/survey', { form: 'short', ticketId: second.id, value: 1 });
    expect(again.json.error.code).toBe('SURVEY_ALREADY_ANSWERED');

    await admin.getByRole('button', { name: 'Ringkasan' }).click();
    await admin.getByRole('button', { name: 'Laporan' }).click();
    await expect.poll(() => admin.getByTestId('ikm-total').textContent()).toBe('87,5 (B, 2 responden)');
    // And the survey went into the event log, for sync.
    const events = (await api('GET', '/api/events?since=0&limit=1000')).json.events as { type: string }[];
    expect(events.filter((e) => e.type === 'survey.answered')).toHaveLength(2);
    await tablet.close();
    await kiosk.close();
  });

  it('changes the running text and closes the MPP for a holiday from the settings', async () => {
    await admin.getByRole('button', { name: 'Pengaturan' }).click();
    const form = admin.getByRole('form', { name: 'Kios dan layar' });
    // As a person would: type once the hub's current text is in the field (the tab loads it, and
    // a load that lands after the typing starts the draft again from the hub's values).
    await expect.poll(() => form.getByLabel('Teks berjalan').inputValue()).toContain('Selamat datang');
    await form.getByLabel('Teks berjalan').fill('Selamat Hari Pahlawan');
    await form.getByRole('button', { name: 'Simpan' }).click();
    await admin.getByRole('status').getByText('Pengaturan: tersimpan.').waitFor();
    expect((await api('GET', '/api/display/state')).json.settings.runningText).toBe('Selamat Hari Pahlawan');
    const closures = admin.getByRole('form', { name: 'Libur dan penutupan' });
    await closures.getByLabel('Tanggal').fill('2099-12-25');
    await closures.getByLabel('Alasan').fill('Hari Natal');
    await closures.getByRole('button', { name: 'Tutup pada tanggal itu' }).click();
    await closures.getByText('2099-12-25: seluruh MPP — Hari Natal').waitFor();
  });

  it('lists the backups with their sizes, makes one, and asks before a restore', async () => {
    await admin.getByRole('button', { name: 'Pengaturan' }).click();
    const backups = admin.getByRole('region', { name: 'Cadangan basis data' });
    await backups.getByRole('button', { name: 'Buat cadangan sekarang' }).click();
    await backups.getByText(/^Cadangan dibuat: antre-e\d{3}-s\d{12}-/).waitFor();
    await backups.getByTestId('backup-row').first().waitFor();
    expect(await backups.getByTestId('backups-total').textContent()).toMatch(/^\d+ file, total \d/);
    // "Pulihkan" asks first; cancelling changes nothing (restoring would restart this test's hub).
    await backups.getByTestId('backup-row').first().getByRole('button', { name: 'Pulihkan' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Pulihkan cadangan ini?' });
    await dialog.getByText(/disimpan di folder replaced, tidak dihapus/).waitFor();
    await dialog.getByRole('button', { name: 'Batal' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await api('GET', '/api/admin/backups', undefined, { 'x-antre-session': await supervisor() })).json.pendingRestore).toBeNull();
  });

  it('renames a device and resets a PIN in the page’s own dialog, never a browser prompt', async () => {
    // A browser dialog (prompt, alert, confirm) would block the page; none may open.
    const browserDialogs: string[] = [];
    const onDialog = (d: { type(): string; dismiss(): Promise<void> }) => (browserDialogs.push(d.type()), void d.dismiss());
    admin.on('dialog', onDialog);
    const session = await supervisor();
    const code = (await api('POST', '/api/admin/pairing-codes', { role: 'display', name: 'Layar lobi' }, { 'x-antre-session': session })).json.code;
    await api('POST', '/api/pair', { code });
    await admin.getByRole('button', { name: 'Perangkat' }).click();
    await admin.locator('tr', { hasText: 'Layar lobi' }).getByRole('button', { name: 'Ganti nama' }).click();
    const rename = admin.getByRole('dialog', { name: 'Nama baru perangkat' });
    await expect.poll(() => rename.getByLabel('Nama').inputValue()).toBe('Layar lobi');
    // Cancelling changes nothing.
    await rename.getByRole('button', { name: 'Batal' }).click();
    await rename.waitFor({ state: 'hidden' });
    await admin.locator('tr', { hasText: 'Layar lobi' }).getByRole('button', { name: 'Ganti nama' }).click();
    await rename.getByLabel('Nama').fill('Layar ruang tunggu');
    await rename.getByRole('button', { name: 'Simpan' }).click();
    await rename.waitFor({ state: 'hidden' });
    await admin.locator('tr', { hasText: 'Layar ruang tunggu' }).waitFor();
    const devices = (await api('GET', '/api/admin/devices', undefined, { 'x-antre-session': session })).json as { name: string }[];
    expect(devices.map((d) => d.name)).toContain('Layar ruang tunggu');

    await admin.getByRole('button', { name: 'Pengaturan' }).click();
    const officers = admin.getByRole('form', { name: 'Petugas' });
    await officers.getByLabel('Nama', { exact: true }).fill('Rina Pratiwi');
    await officers.getByLabel('Nama pengguna').fill('rina.p');
    await officers.getByLabel('PIN').fill('1357');
    await officers.getByLabel('Peran').selectOption({ label: 'supervisor' });
    await officers.getByRole('button', { name: 'Tambah petugas' }).click();
    await admin.getByRole('status').getByText('Petugas: tersimpan.').waitFor();
    await officers.locator('tr', { hasText: 'rina.p' }).getByRole('button', { name: 'Atur ulang PIN' }).click();
    const pin = admin.getByRole('dialog', { name: 'PIN baru untuk rina.p' });
    await pin.getByLabel('PIN').fill('24680');
    await pin.getByRole('button', { name: 'Simpan' }).click();
    await pin.waitFor({ state: 'hidden' });
    await admin.getByRole('status').getByText('PIN: tersimpan.').waitFor();
    expect((await api('POST', '/api/sessions', { username: 'rina.p', pin: '1357' })).status).toBe(401);
    expect((await api('POST', '/api/sessions', { username: 'rina.p', pin: '24680' })).json.officer.username).toBe('rina.p');
    admin.off('dialog', onDialog);
    expect(browserDialogs).toEqual([]);
  });

  it('switches between Bahasa Indonesia and English', async () => {
    await admin.getByRole('button', { name: 'English' }).click();
    await admin.getByRole('button', { name: 'Overview' }).click();
    await admin.getByRole('heading', { name: 'Waiting queues' }).waitFor();
    await admin.getByRole('button', { name: 'Reports' }).click();
    await admin.getByRole('columnheader', { name: 'No-show' }).waitFor();
    expect(await admin.getByTestId('ikm-total').textContent()).toMatch(/^87\.5 \(B, 2 respondents\)$/);
    await admin.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await admin.getByRole('columnheader', { name: 'Tidak hadir' }).waitFor();
    await admin.getByRole('button', { name: 'Ringkasan' }).click();
    await admin.getByRole('heading', { name: 'Antrean menunggu' }).waitFor();
  });

  it.runIf(SCREENSHOTS)('takes the screenshots of the README', async () => {
    await admin.setViewportSize({ width: 1366, height: 768 });
    await admin.getByRole('button', { name: 'Ringkasan' }).click();
    await admin.getByRole('heading', { name: 'Antrean menunggu' }).waitFor();
    await api('POST', '/api/tickets', { serviceId: 2, requestId: `admin-shot-${n++}` });
    await admin.waitForTimeout(5500);
    await admin.screenshot({ path: join(SCREENSHOTS!, 'admin-overview.png') });
    await admin.getByRole('button', { name: 'Laporan' }).click();
    await admin.getByTestId('report').waitFor();
    await admin.waitForTimeout(500);
    await admin.screenshot({ path: join(SCREENSHOTS!, 'admin-report.png'), fullPage: true });
  });
});
