/**
 * The kiosks' printers in the admin screen, in headless Chromium against the hub as `npm run serve`
 * starts it, with the fake network printer as a kiosk's LAN printer: a model profile sets the
 * fields it needs (QR, cut) and says why, the hub keeps what was picked and reads the printer's
 * status at once, a test ticket reaches the paper; and a kiosk that prints on its own printer (it
 * reports its status itself) is shown as the kiosk's, with nothing to change from here.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptToText } from '../../electron/printer/escpos/decode.js';
import { launchChromium, skipScreens, loginAdmin } from '../fixtures/browser.js';
import { FakePrinter } from '../fixtures/fakePrinter.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

describe.skipIf(skipScreens)('the kiosks’ printers in the admin screen', () => {
  let hub: ServedHub;
  let browser: Browser;
  let page: Page;
  let printer: FakePrinter;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${hub.url}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: (await res.json().catch(() => null)) as any };
  };
  const supervisor = async () => ({ 'x-antre-session': (await api('POST', '/api/sessions', { username: 'admin', pin: '246810' })).json.sessionToken as string });
  const pairKiosk = async (name: string) => {
    const { code } = (await api('POST', '/api/admin/pairing-codes', { role: 'kiosk', name }, await supervisor())).json;
    return (await api('POST', '/api/pair', { code })).json as { token: string; deviceId: number };
  };
  const tab = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
  const printers = () => page.getByRole('region', { name: 'Printer kios' });
  const row = (name: string) => printers().getByTestId('printer-row').filter({ hasText: name });

  beforeAll(async () => {
    hub = await serveHub();
    printer = await new FakePrinter().start();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await loginAdmin(page, hub.url);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await printer?.stop();
    await hub?.dispose();
  });

  it('sets a kiosk’s LAN printer from a model profile, reads its status, and prints a test ticket', async () => {
    const kiosk = await pairKiosk('Kios lobi');
    await tab('Perangkat & printer');
    await row('Kios lobi').getByText('belum diatur').waitFor();
    await row('Kios lobi').getByRole('button', { name: 'Atur' }).click();
    const form = page.getByRole('form', { name: 'Printer Kios lobi' });
    expect(await form.getByLabel('Pemotong').inputValue()).toBe('full');
    await form.getByLabel('Model printer').selectOption({ label: 'Epson TM-T82 / TM-T82X' });
    // The profile sets what the model needs and says why; every field stays editable.
    expect(await form.getByLabel('Kode QR').inputValue()).toBe('native');
    expect(await form.getByLabel('Pemotong').inputValue()).toBe('partial');
    expect(await form.getByTestId('printer-profile-note').textContent()).toBe('QR dicetak oleh printer; status kertas terbaca.');
    await form.getByLabel('Sambungan').selectOption({ label: 'Jaringan (TCP/IP)' });
    await form.getByLabel('Alamat').fill(printer.address);
    await form.getByRole('button', { name: 'Simpan printer' }).click();
    await form.waitFor({ state: 'detached' });
    // The status was read from the printer on saving.
    await row('Kios lobi').getByText('Printer siap').waitFor();
    await row('Kios lobi').getByText('Epson TM-T82 / TM-T82X').waitFor();
    const listed = (await api('GET', '/api/admin/printers', undefined, await supervisor())).json.find((p: any) => p.deviceId === kiosk.deviceId);
    expect(listed).toMatchObject({
      config: { transport: 'tcp', address: printer.address, model: 'epson-tm-t82', qrMode: 'native', cut: 'partial', paperWidth: 80 },
      ownPrinter: false,
    });

    await row('Kios lobi').getByRole('button', { name: 'Cetak uji' }).click();
    await page.getByRole('status').getByText('Cetak uji: tercetak · Printer siap').waitFor();
    // The test ticket on paper, cut as the profile says (partial), with the QR code the printer draws.
    const paper = receiptToText(printer.receipt(), 48);
    expect(paper).toContain('----- partial cut -----');
    expect(paper).not.toContain('----- cut -----');
    expect(printer.receipt().some((item) => item.kind === 'qr')).toBe(true);
  });

  it('shows a kiosk that prints on its own printer as the kiosk’s, with its status and nothing to change here', async () => {
    const own = await pairKiosk('Kios mandiri');
    const paperEnd = { state: 'paper_end', paperNearEnd: true, paperEnd: true, coverOpen: false, offline: false, error: false };
    // What the kiosk app's main reports for the printer of its own set-up.
    expect((await api('POST', '/api/printer/status', paperEnd, { authorization: `Bearer ${own.token}` })).status).toBe(200);
    await tab('Ringkasan');
    await tab('Perangkat & printer');
    const mine = row('Kios mandiri');
    await mine.getByText('Printer milik kios — diatur di aplikasi kios').waitFor();
    await mine.getByText('Kertas habis').waitFor();
    await mine.getByText(/diperiksa \d{2}\.\d{2}\.\d{2}/).waitFor();
    expect(await mine.textContent()).toContain('ubah atau uji printer itu di pengaturan aplikasi kios');
    // The hub holds no settings of it: no edit, test, check or release here.
    expect(await mine.getByRole('button').count()).toBe(0);
    // A kiosk that neither reported nor was set up is still "belum diatur", with its button.
    const blank = await pairKiosk('Kios cadangan');
    await tab('Ringkasan');
    await tab('Perangkat & printer');
    await row('Kios cadangan').getByText('belum diatur').waitFor();
    expect(await row('Kios cadangan').getByRole('button', { name: 'Atur' }).count()).toBe(1);
    expect(blank.deviceId).toBeGreaterThan(own.deviceId);
  });
});
