/**
 * The devices and operations tabs in headless Chromium at 1366x768, against the hub as `npm run
 * serve` starts it (with a central server that answers 503, so the sync has a backlog and an error):
 * a counter PC paired for its counter through the screen's code, a ticket found by its number,
 * reprinted, called at a counter and cancelled, the day closed and reopened, "sync now", and an
 * image uploaded for the displays.
 */
import { createServer, type Server } from 'node:http';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipScreens, loginAdmin } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

// a 1x1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(skipScreens)('the devices and operations tabs', () => {
  let hub: ServedHub;
  let browser: Browser;
  let page: Page;
  let central: Server;
  /** pushes the fake central server received */
  let pushes = 0;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${hub.url}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: (await res.json().catch(() => null)) as any };
  };
  const tab = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true }).click();

  beforeAll(async () => {
    // A central server that is down for maintenance: every push is refused, to retry in an hour.
    central = createServer((req, res) => {
      pushes++;
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '3600' }).end('{"error":"maintenance"}');
    });
    await new Promise<void>((r) => central.listen(0, '127.0.0.1', r));
    const centralUrl = `http://127.0.0.1:${(central.address() as { port: number }).port}`;
    hub = await serveHub({ ANTRE_SYNC_URL: centralUrl, ANTRE_SYNC_SITE: 'mpp-uji', ANTRE_SYNC_TOKEN: 'sync-token-for-the-e2e-test', ANTRE_SYNC_INTERVAL_MS: '500' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await loginAdmin(page, hub.url);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    await new Promise((r) => central?.close(r));
  });

  it('pairs a counter PC for its counter from a code made on the screen', async () => {
    await tab('Perangkat & printer');
    const pairing = page.getByRole('region', { name: 'Pasangkan perangkat baru' });
    await pairing.getByLabel('Peran perangkat').selectOption({ label: 'PC loket' });
    // A counter PC must name its counter: the form asks for one.
    await pairing.getByRole('combobox', { name: /^Loket/ }).selectOption({ label: 'Gerai 3 · Lantai 1' });
    await pairing.getByRole('button', { name: 'Buat kode pemasangan' }).click();
    const code = (await pairing.getByTestId('pairing-code').textContent())!.trim();
    expect(code).toMatch(/^\d{6}$/);
    await pairing.getByText('Kode untuk PC Gerai 3').waitFor();
    expect(await pairing.getByTestId('pairing-expiry').textContent()).toMatch(/^berlaku sampai \d{2}\.\d{2} \(10 menit lagi\)$/);

    // The new PC types the code: it is paired at Gerai 3, and an officer logs in there without naming it.
    const paired = await api('POST', '/api/pair', { code });
    expect(paired.json).toMatchObject({ role: 'counter', counterId: 3 });
    const login = await api('POST', '/api/sessions', { username: 'petugas03', pin: '1234' }, { authorization: `Bearer ${paired.json.token}` });
    expect(login.json.counterId).toBe(3);
    // The list shows it with its counter once the tab reads it again.
    await tab('Ringkasan');
    await tab('Perangkat & printer');
    const devices = page.getByRole('region', { name: 'Perangkat terpasang' });
    await devices.getByLabel('Cari perangkat').fill('gerai 3');
    const row = devices.locator('tr', { hasText: 'PC Gerai 3' });
    await row.getByRole('cell', { name: 'Gerai 3', exact: true }).waitFor();
    await row.getByRole('cell', { name: 'PC loket' }).waitFor();
    // The demo's own printer (the browser kiosk's) is listed, ready.
    const printers = page.getByRole('region', { name: 'Printer kios' });
    await printers.getByTestId('printer-row').filter({ hasText: 'hub (lokal)' }).getByText('Printer siap').waitFor();
  });

  it('finds a ticket by its number, reprints it, calls it at a counter, and cancels another with a reason', async () => {
    const first = (await api('POST', '/api/tickets', { serviceId: 1, requestId: 'ops-e2e-0001' })).json.ticket;
    const second = (await api('POST', '/api/tickets', { serviceId: 1, requestId: 'ops-e2e-0002' })).json.ticket;
    // Gerai 1 serves KTP (service 1) and its officer is logged in.
    await api('POST', '/api/sessions', { username: 'petugas01', pin: '1234', counterId: 1 });

    await tab('Operasional');
    const finder = page.getByRole('region', { name: 'Cari tiket' });
    await finder.getByLabel('Nomor tiket').fill(second.display.toLowerCase());
    await finder.getByRole('button', { name: 'Cari' }).click();
    const card = finder.getByTestId('ticket-card');
    await card.getByRole('heading', { name: second.display }).waitFor();
    expect(await card.getByTestId('ticket-status').textContent()).toBe('menunggu');
    await card.getByTestId('ticket-history').getByText(/Diambil/).waitFor();

    // Reprint on the hub's own printer: the history says so.
    const printed = join(hub.dataDir, 'printers', 'kios-demo');
    const before = readdirSync(printed).length;
    await card.getByLabel('Printer').selectOption({ label: 'hub (lokal)' });
    await card.getByRole('button', { name: 'Cetak ulang' }).click();
    await page.getByRole('status').getByText(`Tiket ${second.display} dicetak ulang: tercetak.`).waitFor();
    await card.getByTestId('ticket-history').getByText(/Tercetak \(cetak ulang\)/).waitFor();
    expect(readdirSync(printed).length).toBeGreaterThan(before);

    // Called at Gerai 1 ahead of the first ticket: a closed counter cannot be chosen.
    expect(await card.getByLabel('Panggil di loket').locator('option', { hasText: 'Gerai 2 (tutup)' }).isDisabled()).toBe(true);
    await card.getByLabel('Panggil di loket').selectOption({ label: 'Gerai 1 (buka)' });
    await card.getByRole('button', { name: 'Panggil', exact: true }).click();
    await page.getByRole('status').getByText(`Tiket ${second.display} dipanggil di Gerai 1.`).waitFor();
    expect(await card.getByTestId('ticket-status').textContent()).toBe('dipanggil');
    await card.getByTestId('ticket-history').getByText(/Dipanggil di Gerai 1 oleh Petugas Dukcapil 1/).waitFor();
    expect((await api('GET', `/api/tickets/${second.id}`)).json.ticket).toMatchObject({ status: 'called', counterId: 1 });

    // The first ticket is cancelled, with a reason: asked for in the page's own dialog.
    await finder.getByLabel('Nomor tiket').fill(first.display);
    await finder.getByRole('button', { name: 'Cari' }).click();
    await card.getByRole('heading', { name: first.display }).waitFor();
    await card.getByRole('button', { name: 'Batalkan tiket' }).click();
    const dialog = page.getByRole('dialog', { name: `Batalkan tiket ${first.display}?` });
    await dialog.getByLabel('Alasan pembatalan').fill('Warga salah pilih layanan');
    await dialog.getByRole('button', { name: 'Ya, batalkan' }).click();
    await page.getByRole('status').getByText(`Tiket ${first.display} dibatalkan.`).waitFor();
    expect(await card.getByTestId('ticket-status').textContent()).toBe('dibatalkan');
    await card.getByText('Tiket ini sudah tidak berada di antrean.').waitFor();
    expect((await api('GET', `/api/tickets/${first.id}`)).json.ticket).toMatchObject({ status: 'cancelled', closeReason: 'Warga salah pilih layanan' });

    // A number that was never issued is said so.
    await finder.getByLabel('Nomor tiket').fill('A-999');
    await finder.getByRole('button', { name: 'Cari' }).click();
    await page.getByRole('status').getByText('Tiket tidak ditemukan.').waitFor();
  });

  it('closes the day behind a confirmation, and reopens it', async () => {
    await tab('Operasional');
    const day = page.getByRole('region', { name: 'Hari layanan' });
    await day.getByRole('button', { name: 'Tutup hari layanan' }).click();
    const dialog = page.getByRole('dialog', { name: /^Tutup hari layanan \d{4}-\d{2}-\d{2}\?$/ });
    // Cancelling changes nothing.
    await dialog.getByRole('button', { name: 'Batal' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await api('POST', '/api/tickets', { serviceId: 2, requestId: 'ops-e2e-0003' })).status).toBe(201);
    await day.getByRole('button', { name: 'Tutup hari layanan' }).click();
    await dialog.getByRole('button', { name: 'Ya, tutup hari ini' }).click();
    await page.getByRole('status').getByText(/^Hari layanan \d{4}-\d{2}-\d{2} ditutup; \d+ tiket ditutup\.$/).waitFor();
    await day.getByTestId('day-state').getByText('Hari layanan sudah ditutup: kios tidak menerbitkan tiket.').waitFor();
    expect((await api('POST', '/api/tickets', { serviceId: 2, requestId: 'ops-e2e-0004' })).json.error.code).toBe('DAY_CLOSED');

    await day.getByRole('button', { name: 'Buka kembali hari ini' }).click();
    const reopen = page.getByRole('dialog', { name: /^Buka kembali hari layanan/ });
    await reopen.getByLabel(/^Alasan/).fill('Salah tekan');
    await reopen.getByRole('button', { name: 'Ya, buka kembali' }).click();
    await day.getByTestId('day-state').getByText('Hari layanan berjalan: kios menerbitkan tiket.').waitFor();
    expect((await api('POST', '/api/tickets', { serviceId: 2, requestId: 'ops-e2e-0005' })).status).toBe(201);
  });

  it('shows the sync backlog and its error, and syncs now', async () => {
    await tab('Operasional');
    const sync = page.getByRole('region', { name: 'Sinkronisasi ke server pusat' });
    // The first attempt is refused by the central server; the screen says so.
    await sync.getByText(/HTTP 503/).waitFor({ timeout: 20_000 });
    const tried = pushes;
    expect(tried).toBeGreaterThan(0);
    expect(await sync.getByTestId('sync-state').textContent()).toMatch(/Belum terkirim\d+ peristiwa/);
    // The next attempt is an hour away (Retry-After); "sync now" tries at once.
    await sync.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await page.getByRole('status').getByText('Sinkronisasi dimulai.').waitFor();
    await expect.poll(() => pushes, { timeout: 10_000 }).toBeGreaterThan(tried);
  });

  it('uploads an image for the displays, which the displays then list', async () => {
    await tab('Operasional');
    const media = page.getByRole('region', { name: 'Media layar' });
    await media.getByText('Belum ada media; layar hanya menampilkan antrean.').waitFor();
    await media.getByLabel('Tambah gambar atau video').setInputFiles({ name: 'Alur layanan KTP.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('status').getByText('Alur layanan KTP.png ditambahkan.').waitFor();
    await media.getByTestId('media-list').getByText('1. Alur layanan KTP.png').waitFor();
    // A file that is not an image or a video is refused before it is sent.
    await media.getByLabel('Tambah gambar atau video').setInputFiles({ name: 'catatan.txt', mimeType: 'text/plain', buffer: Buffer.from('halo') });
    await page.getByRole('status').getByText('catatan.txt bukan gambar JPG, PNG, WebP atau video MP4, WebM.').waitFor();
    expect((await api('GET', '/api/display/media')).json).toEqual([{ file: 'Alur layanan KTP.png', kind: 'image' }]);
    const served = await fetch(`${hub.url}/media/${encodeURIComponent('Alur layanan KTP.png')}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('gives an agency supervisor the ticket finder for their agency only, without what belongs to the whole MPP', async () => {
    const session = (await api('POST', '/api/sessions', { username: 'admin', pin: '246810' })).json.sessionToken as string;
    const add = await api('POST', '/api/admin/officers', { name: 'Kepala Gerai Polres', username: 'kepala.polres', pin: '5678', role: 'supervisor', agencyId: 2 }, { 'x-antre-session': session });
    expect(add.status, JSON.stringify(add.json)).toBe(201);
    const skck = (await api('POST', '/api/tickets', { serviceId: 7, requestId: 'ops-e2e-0006' })).json.ticket;
    const kepala = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    try {
      await kepala.goto(`${hub.url}/admin`);
      await kepala.fill('input[name=username]', 'kepala.polres');
      await kepala.fill('input[name=pin]', '5678');
      await kepala.getByRole('button', { name: 'Masuk' }).click();
      await kepala.getByRole('navigation').getByRole('button', { name: 'Operasional', exact: true }).click();
      const finder = kepala.getByRole('region', { name: 'Cari tiket' });
      await finder.getByLabel('Nomor tiket').fill(skck.display);
      await finder.getByRole('button', { name: 'Cari' }).click();
      await finder.getByTestId('ticket-card').getByRole('heading', { name: skck.display }).waitFor();
      // Another agency's ticket is refused, in plain words.
      await finder.getByLabel('Nomor tiket').fill('A-002');
      await finder.getByRole('button', { name: 'Cari' }).click();
      await kepala.getByRole('status').getByText('Anda hanya dapat melihat dan mengelola instansi Anda sendiri.').waitFor();
      for (const region of ['Hari layanan', 'Sinkronisasi ke server pusat', 'Cadangan basis data', 'Media layar', 'Pelafalan suara']) {
        expect(await kepala.getByRole('region', { name: region }).count(), region).toBe(0);
      }
      await kepala.getByRole('navigation').getByRole('button', { name: 'Perangkat & printer' }).click();
      await kepala.getByText(/^Anda dapat memasangkan PC loket untuk loket instansi Anda/).waitFor();
      // Only a counter PC, only at Polres's counters (Gerai 5 and 6); no printers.
      const pairing = kepala.getByRole('region', { name: 'Pasangkan perangkat baru' });
      expect(await pairing.getByLabel('Peran perangkat').locator('option').allTextContents()).toEqual(['PC loket']);
      expect(await pairing.getByRole('combobox', { name: /^Loket/ }).locator('option').allTextContents()).toEqual(['— pilih loket —', 'Gerai 5 · Lantai 1', 'Gerai 6 · Lantai 1']);
      expect(await kepala.getByRole('region', { name: 'Printer kios' }).count()).toBe(0);
    } finally {
      await kepala.close();
    }
  });
});
