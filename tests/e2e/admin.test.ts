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
import { launchChromium, skipScreens, loginAdmin } from '../fixtures/browser.js';
import { writeRealMpp } from '../fixtures/realMpp.js';
import { tempDir } from '../fixtures/tempDir.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';


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
    await loginAdmin(admin, hub.url);
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
    // Refused in the form, beside the field, in plain words; nothing is sent.
    await admin.getByRole('status').getByText('Periksa kolom yang ditandai.').waitFor();
    await form.getByText(/Jam tidak terbaca/).waitFor();
    const catalogue = async () => (await api('GET', '/api/catalogue')).json.agencies.flatMap((a: any) => a.services) as { prefix: string; open: boolean; hoursToday: unknown }[];
    expect((await catalogue()).some((s) => s.prefix === 'LA')).toBe(false);
    // Open round the clock, so that the kiosk offers it whatever the hour of this test run.
    await form.locator('select[name=days]').selectOption({ label: 'Setiap hari, 24 jam' });
    await form.getByRole('button', { name: 'Tambah layanan' }).click();
    await admin.getByRole('status').getByText('Layanan Legalisir Akta ditambahkan.').waitFor();
    expect((await catalogue()).find((s) => s.prefix === 'LA')).toMatchObject({ open: true, hoursToday: [{ open: '00:00', close: '24:00' }] });
    // The form is empty again after the save (the agency stays, for the next service of it).
    expect(await form.locator('input[name=name]').inputValue()).toBe('');
    expect(await form.locator('input[name=prefix]').inputValue()).toBe('');
    // A second service with the same prefix is refused, in plain words.
    await form.locator('input[name=name]').fill('Legalisir Akta Kedua');
    await form.locator('input[name=code]').fill('LEGALISIR-2');
    await form.locator('input[name=prefix]').fill('LA');
    await form.getByRole('button', { name: 'Tambah layanan' }).click();
    await admin.getByRole('status').getByText('Prefiks itu sudah dipakai layanan lain (hari ini atau mulai besok).').waitFor();

    // The kiosk, left as it was, shows the new service without a reload.
    await kiosk.locator('.tile.service', { hasText: 'Legalisir Akta' }).waitFor({ timeout: 5_000 });
    expect(await kiosk.locator('.tile.service', { hasText: 'Legalisir Akta' }).textContent()).toContain('Sisa kuota 40');

    // The list finds it among the others by agency and text; editing its quota reaches the kiosk.
    const list = admin.getByRole('table', { name: 'Layanan' });
    await admin.getByLabel('Saring instansi').selectOption({ label: 'Dukcapil' });
    await admin.getByLabel('Cari', { exact: true }).fill('legalisir');
    await expect.poll(() => list.locator('tbody tr').count()).toBe(1);
    await list.getByRole('button', { name: 'Ubah Legalisir Akta' }).click();
    const editForm = admin.getByRole('form', { name: 'Ubah layanan' });
    await editForm.locator('input[name=quota]').fill('25');
    await editForm.getByRole('button', { name: 'Simpan' }).click();
    await admin.getByRole('status').getByText('Legalisir Akta tersimpan.').waitFor();
    await kiosk.locator('.tile.service', { hasText: 'Sisa kuota 25' }).waitFor({ timeout: 5_000 });
    await admin.getByRole('form', { name: 'Layanan baru' }).waitFor();

    await admin.getByRole('tab', { name: 'Loket' }).click();
    const counter = admin.getByRole('form', { name: 'Loket baru' });
    await counter.locator('input[name=label]').fill('Gerai 26');
    await counter.locator('select[name=agency]').selectOption({ label: 'Dukcapil' });
    await counter.locator('select[name=zone]').selectOption({ label: 'Lantai 1' });
    await counter.getByLabel(/LA Legalisir Akta/).check();
    await counter.getByLabel(/^A KTP Elektronik/).check();
    // The order of preference: Legalisir first, then KTP; moved so KTP comes first.
    await counter.getByRole('button', { name: 'Naikkan A KTP Elektronik' }).click();
    await counter.getByRole('button', { name: 'Tambah loket' }).click();
    await admin.getByRole('status').getByText('Loket Gerai 26 ditambahkan.').waitFor();
    const session = await supervisor();
    const added = ((await api('GET', '/api/admin/counters', undefined, { 'x-antre-session': session })).json as any[]).find((c) => c.label === 'Gerai 26');
    const services = (await api('GET', '/api/admin/services', undefined, { 'x-antre-session': session })).json as any[];
    expect(added).toMatchObject({ agencyId: 1, zone: 'Lantai 1' });
    expect(added.serviceIds.map((id: number) => services.find((x) => x.id === id).prefix)).toEqual(['A', 'LA']);
    // Deactivating an open counter is refused with the reason; a closed one goes.
    const officer = (await api('POST', '/api/sessions', { username: 'petugas01', pin: '1234', counterId: 1 })).json.sessionToken;
    const counters = admin.getByRole('table', { name: 'Loket' });
    await counters.getByRole('button', { name: 'Nonaktifkan Gerai 1', exact: true }).click();
    await admin.getByRole('status').getByText(/Loket sedang buka atau memegang tiket/).waitFor();
    await api('DELETE', '/api/sessions/current', undefined, { 'x-antre-session': officer });
    await counters.getByRole('button', { name: 'Nonaktifkan Gerai 26' }).click();
    await admin.getByRole('status').getByText('Gerai 26 dinonaktifkan.').waitFor();
    await counters.getByRole('button', { name: 'Aktifkan Gerai 26' }).waitFor();
    await admin.getByRole('tab', { name: 'Layanan' }).click();
    await kiosk.close();
  });

  it('imports a real MPP’s workbook: the errors shown and nothing applied, then the corrected file applied', async () => {
    const tmp = tempDir('antre-e2e-import-');
    const wrong = await writeRealMpp(join(tmp.dir, 'mpp-salah.xlsx'), { mistakes: true });
    const right = await writeRealMpp(join(tmp.dir, 'mpp-benar.xlsx'));
    await admin.getByRole('button', { name: 'Data master' }).click();
    await admin.getByRole('tab', { name: 'Impor/Ekspor' }).click();
    const file = admin.getByLabel('Berkas data master (XLSX atau CSV)');
    const apply = admin.getByRole('button', { name: 'Terapkan' });
    await file.setInputFiles(wrong.path);
    await admin.getByRole('button', { name: 'Pratinjau' }).click();
    const errors = admin.getByRole('table', { name: '2 kesalahan — tidak ada yang diterapkan' });
    await errors.waitFor();
    for (const m of wrong.mistakes) await errors.locator('tr', { hasText: m.column }).filter({ hasText: String(m.row) }).waitFor();
    expect(await apply.isDisabled()).toBe(true);
    const session = await supervisor();
    const codes = async () => ((await api('GET', '/api/admin/agencies', undefined, { 'x-antre-session': session })).json as { code: string }[]).filter((a) => a.code.startsWith('R-')).length;
    expect(await codes()).toBe(0);

    await file.setInputFiles(right.path);
    await admin.getByRole('button', { name: 'Pratinjau' }).click();
    await admin.getByText('187 baru, 0 berubah, 0 tetap').waitFor();
    await apply.click();
    await admin.getByRole('status').getByText('Impor diterapkan: 187 baris ditambah atau diubah.').waitFor();
    expect(await codes()).toBe(30);
    // The list holds the imported services, found by agency.
    await admin.getByRole('tab', { name: 'Layanan' }).click();
    await admin.getByLabel('Saring instansi').selectOption({ label: 'Kumham' });
    await admin.getByLabel('Cari', { exact: true }).fill('');
    await expect.poll(() => admin.getByRole('table', { name: 'Layanan' }).locator('tbody tr').count()).toBe(3);
    await admin.getByLabel('Saring instansi').selectOption({ label: 'Semua instansi' });
    tmp.remove();
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
    // Revoking asks first: the device stops working at once.
    await admin.getByRole('dialog', { name: 'Cabut Kios cadangan?' }).getByRole('button', { name: 'Ya, cabut' }).click();
    await row.getByText('dicabut').waitFor();
    const refused = await api('GET', '/api/catalogue', undefined, asKiosk);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('DEVICE_REVOKED');
  });

  /** The nine questions, one per screen, each answered with its `value`-th answer; no profile, no saran. */
  const answerAll = async (page: Page, value: 1 | 2 | 3 | 4) => {
    for (let i = 1; i <= 9; i++) {
      const question = page.getByTestId('question');
      await expect.poll(() => question.getAttribute('data-element')).toBe(`U${i}`);
      await question.getByRole('radio').nth(value - 1).click();
    }
    await page.getByTestId('profile').getByRole('button', { name: 'Lewati' }).click();
    await page.getByTestId('suggestion').getByRole('button', { name: 'Kirim penilaian' }).click();
  };

  it('takes a citizen’s survey and moves the IKM as the regulation says', async () => {
    const first = await serveOne();
    const tablet = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await tablet.goto(`${hub.url}/survey?counter=1`);
    await tablet.getByText(`Tiket ${first.display}`).waitFor();
    await answerAll(tablet, 4);
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
    for (const ch of second.display) await kiosk.getByTestId('keypad').getByRole('button', { name: ch, exact: true }).click();
    await kiosk.getByRole('button', { name: 'Mulai survei' }).click();
    await kiosk.getByText(`Tiket ${second.display}`).waitFor();
    await answerAll(kiosk, 3);
    await kiosk.getByText('Terima kasih atas penilaian Anda!').waitFor();
    // The same ticket cannot answer twice.
    const again = await api('POST', '/api/survey', { form: 'short', ticketId: second.id, grant: 'none', value: 1 });
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

  it('changes the running text from the settings and closes the MPP for a holiday from the calendar', async () => {
    await admin.getByRole('button', { name: 'Pengaturan' }).click();
    const form = admin.getByRole('form', { name: 'Kios dan layar' });
    // As a person would: type once the hub's current text is in the field (the tab loads it, and
    // a load that lands after the typing starts the draft again from the hub's values).
    await expect.poll(() => form.getByLabel('Teks berjalan').inputValue()).toContain('Selamat datang');
    await form.getByLabel('Teks berjalan').fill('Selamat Hari Pahlawan');
    await form.getByRole('button', { name: 'Simpan' }).click();
    await admin.getByRole('status').getByText('Pengaturan: tersimpan.').waitFor();
    expect((await api('GET', '/api/display/state')).json.settings.runningText).toBe('Selamat Hari Pahlawan');
    // Holidays live in the Calendar tab.
    await admin.getByRole('button', { name: 'Jadwal & libur' }).click();
    const closures = admin.getByRole('form', { name: 'Libur dan penutupan' });
    await closures.getByLabel('Tanggal').fill('2099-12-25');
    await closures.getByLabel('Alasan').fill('Hari Natal');
    await closures.getByRole('button', { name: 'Simpan libur/penutupan' }).click();
    await closures.getByText('2099-12-25 · Seluruh MPP — Hari Natal').waitFor();
  });

  it('lists the backups with their sizes, makes one, and asks before a restore', async () => {
    await admin.getByRole('button', { name: 'Operasional' }).click();
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

    await admin.getByRole('button', { name: 'Petugas & audit' }).click();
    const officers = admin.getByRole('region', { name: 'Petugas' });
    const form = admin.getByRole('form', { name: 'Tambah petugas' });
    await form.getByLabel('Nama', { exact: true }).fill('Rina Pratiwi');
    await form.getByLabel('Nama pengguna').fill('rina.p');
    await form.getByLabel('PIN').fill('1357');
    await form.getByLabel('Peran').selectOption({ label: 'Supervisor' });
    await form.getByLabel('Instansi', { exact: true }).selectOption({ label: 'Dinas Kependudukan dan Pencatatan Sipil' });
    await form.getByRole('button', { name: 'Tambah petugas' }).click();
    await admin.getByRole('status').getByText('Petugas: tersimpan.').waitFor();
    // The form is empty again, ready for the next one.
    expect(await form.getByLabel('Nama pengguna').inputValue()).toBe('');
    await officers.getByLabel('Cari petugas').fill('rina');
    expect(await officers.locator('tbody tr').count()).toBe(1);
    expect(await officers.locator('tr', { hasText: 'rina.p' }).textContent()).toContain('Dukcapil');
    await officers.locator('tr', { hasText: 'rina.p' }).getByRole('button', { name: 'Atur ulang PIN' }).click();
    const pin = admin.getByRole('dialog', { name: 'PIN baru untuk rina.p' });
    await pin.getByLabel('PIN').fill('24680');
    await pin.getByRole('button', { name: 'Simpan' }).click();
    await pin.waitFor({ state: 'hidden' });
    await admin.getByRole('status').getByText('PIN: tersimpan.').waitFor();
    expect((await api('POST', '/api/sessions', { username: 'rina.p', pin: '1357' })).status).toBe(401);
    expect((await api('POST', '/api/sessions', { username: 'rina.p', pin: '24680' })).json.officer.username).toBe('rina.p');
    // Both changes are in the audit log, by whom, the PIN in neither.
    const audit = admin.getByRole('region', { name: 'Log audit' });
    await audit.getByLabel('Tentang').selectOption({ label: 'petugas' });
    await audit.getByRole('button', { name: 'Tampilkan' }).click();
    await audit.getByRole('cell', { name: 'officer.resetPin' }).waitFor();
    expect(await audit.getByTestId('audit-log').textContent()).toContain('officer.add');
    expect(await audit.getByTestId('audit-log').textContent()).not.toContain('24680');
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
});
