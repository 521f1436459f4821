/**
 * The pages that talk to the Antre app's bridge (window.antre), with the bridge replaced by a
 * recording fake: the first-run wizard sends the answers main expects, sets up the kiosk's own
 * printer (saved and tried through main), and the kiosk asks for the admin PIN only after five
 * quick taps on its logo.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

/** The certificate fingerprint of the hub heard on the LAN (main probes it; the wizard shows it). */
const HUB_FP = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0')).join(':');

/** A fake bridge that records its calls in window.__calls. */
const FAKE_BRIDGE = `
  window.__calls = [];
  const READY = { state: 'ready', paperNearEnd: false, paperEnd: false, coverOpen: false, offline: false, error: false };
  const record = (name, result) => (...args) => { window.__calls.push([name, ...args]); return Promise.resolve(typeof result === 'function' ? result(...args) : result); };
  window.antre = {
    appVersion: record('appVersion', '0.1.0'),
    printTicket: record('printTicket', null),
    printerStatus: record('printerStatus', null),
    // As main answers: a path that is not a printer device is refused (main stats it; the page cannot).
    printerSave: record('printerSave', (c) => (c && c.address === '/dev/sda'
      ? { ok: false, error: { id: '/dev/sda bukan perangkat printer.', en: '/dev/sda is not a printer device.' } }
      : { ok: true, status: c ? READY : null })),
    printerTest: record('printerTest', { outcome: 'printed', status: READY, detail: null, bytes: 1834 }),
    listSerialPorts: record('listSerialPorts', [{ path: '/dev/ttyUSB0', label: 'USB-Serial CH340 (/dev/ttyUSB0)' }]),
    listPrinters: record('listPrinters', [{ name: 'POS-80', displayName: 'POS-80 (USB001)' }]),
    monitors: record('monitors', [
      { id: 1, label: 'Monitor utama', bounds: { x: 0, y: 0, width: 1366, height: 768 }, primary: true, touch: false },
      { id: 2, label: 'TV 43"', bounds: { x: 1366, y: 0, width: 1920, height: 1080 }, primary: false, touch: false },
    ]),
    setupGet: record('setupGet', null),
    setupSave: record('setupSave', { ok: true }),
    discoverHubs: record('discoverHubs', [{ name: 'Antre MPP', site: 'MPP Kabupaten Contoh', url: 'https://192.168.1.10:7843', fingerprint: '${HUB_FP}', pinned: false }]),
    adminUnlock: record('adminUnlock', (pin) => (pin === '975310' ? 'ok' : 'wrong')),
  };
`;

describe.skipIf(skipScreens)('the pages that use the Antre app', () => {
  let hub: ServedHub;
  let browser: Browser;
  const calls = (page: Page) => page.evaluate(() => (window as unknown as { __calls: unknown[][] }).__calls);

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('sets a machine up: roles, the hub heard on the LAN, pairing codes, the TV for the display, the PIN', async () => {
    const page = await browser.newPage();
    await page.addInitScript(FAKE_BRIDGE);
    await page.goto(`${hub.url}/setup`);
    await page.getByText('Pengaturan perangkat Antre').waitFor();
    await page.getByLabel('Layar ruang tunggu').first().check();
    await page.getByRole('button', { name: 'Cari di jaringan' }).click();
    await page.getByRole('button', { name: /MPP Kabupaten Contoh/ }).click();
    // The hub heard is shown with its certificate's fingerprint, to compare with the admin screen.
    expect(await page.locator('input.fingerprint').inputValue()).toBe(HUB_FP);
    await page.locator('fieldset', { hasText: 'Kode pemasangan' }).locator('input').nth(0).fill('123456');
    await page.locator('fieldset', { hasText: 'Kode pemasangan' }).locator('input').nth(1).fill('654321');
    await page.locator('label', { hasText: 'Layar ruang tunggu di' }).locator('select').selectOption('2');
    await page.locator('label', { hasText: 'Batasi ke zona' }).locator('input').fill('zone=Lantai 2');
    const save = page.getByRole('button', { name: 'Simpan dan mulai' });
    expect(await save.isDisabled()).toBe(true); // no PIN yet
    await page.locator('label', { hasText: 'PIN admin' }).locator('input').fill('975310');
    await save.click();
    await expect.poll(async () => (await calls(page)).find((c) => c[0] === 'setupSave')).toEqual([
      'setupSave',
      {
        roles: ['kiosk', 'display'],
        hubUrl: 'https://192.168.1.10:7843',
        hubFingerprint: HUB_FP,
        pairingCodes: { kiosk: '123456', display: '654321' },
        kioskMonitor: null,
        displayMonitor: 2,
        displayQuery: 'zone=Lantai 2',
        adminPin: '975310',
        startAtLogin: true,
      },
    ]);
    await page.close();
  });

  it('opens the settings of a machine already set up only after the admin PIN, filled in', async () => {
    const page = await browser.newPage();
    const existing = { roles: ['counter'], hubUrl: 'https://192.168.1.10:7843', hubPort: 7800, hubFingerprint: HUB_FP, kioskMonitor: null, displayMonitor: null, displayQuery: '', startAtLogin: false };
    await page.addInitScript(FAKE_BRIDGE.replace("record('setupGet', null)", `record('setupGet', ${JSON.stringify(existing)})`));
    await page.goto(`${hub.url}/setup`);
    await page.getByRole('button', { name: 'Buka pengaturan' }).waitFor();
    expect(await page.getByText('Peran komputer ini').count()).toBe(0);
    await page.locator('input[type=password]').fill('000000');
    await page.getByRole('button', { name: 'Buka pengaturan' }).click();
    await page.getByText('PIN salah.').waitFor();
    await page.locator('input[type=password]').fill('975310');
    await page.getByRole('button', { name: 'Buka pengaturan' }).click();
    await page.getByText('Peran komputer ini').waitFor();
    expect(await page.getByRole('checkbox', { name: 'Loket petugas' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Kios tiket' }).isChecked()).toBe(false);
    expect(await page.locator('input[placeholder^="https://"]').inputValue()).toBe('https://192.168.1.10:7843');
    expect(await page.locator('input.fingerprint').inputValue()).toBe(HUB_FP);
    await page.close();
  });

  it('sets the kiosk’s own LAN printer from a model profile, saves it through main, and prints a test ticket', async () => {
    const page = await browser.newPage();
    await page.addInitScript(FAKE_BRIDGE);
    await page.goto(`${hub.url}/setup`);
    const section = page.getByRole('group', { name: 'Printer tiket' });
    await section.waitFor();
    // Only a kiosk has a ticket printer.
    await page.getByRole('checkbox', { name: 'Kios tiket' }).uncheck();
    expect(await section.count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Kios tiket' }).check();
    // Printed by the hub until a printer of its own is chosen.
    expect(await section.getByRole('radio', { name: 'Dicetak oleh server antrean' }).isChecked()).toBe(true);
    await section.getByRole('radio', { name: 'Jaringan (LAN)' }).check();
    expect(await section.getByLabel('Port', { exact: true }).inputValue()).toBe('9100');
    expect(await section.getByLabel('Kode QR').inputValue()).toBe('native');
    await section.getByLabel('Model printer').selectOption({ label: 'Xprinter XP-80C / XP-N160 (80 mm)' });
    // The profile sets what this model needs, and says why.
    expect(await section.getByLabel('Kode QR').inputValue()).toBe('raster');
    expect(await section.getByTestId('printer-profile-note').textContent()).toContain('QR dikirim sebagai gambar');
    // Not saved yet: the test print would use the saved printer, so it waits.
    expect(await section.getByRole('button', { name: 'Cetak tes' }).isDisabled()).toBe(true);

    // An address that is no IP address is refused on the page, in both languages; nothing reaches main.
    await section.getByLabel('Alamat IP printer').fill('192.168.1.300');
    await section.getByRole('button', { name: 'Simpan printer' }).click();
    await expect.poll(() => section.getByTestId('printer-saved').textContent()).toBe('Alamat tidak sesuai dengan jenis sambungannya: 192.168.1.300:9100 / Not an address of this connection type: 192.168.1.300:9100');
    expect((await calls(page)).filter((c) => c[0] === 'printerSave')).toEqual([]);

    await section.getByLabel('Alamat IP printer').fill('192.168.1.77');
    await section.getByRole('button', { name: 'Simpan printer' }).click();
    await expect.poll(() => section.getByTestId('printer-saved').textContent()).toBe('Tersimpan. Printer siap.');
    expect((await calls(page)).filter((c) => c[0] === 'printerSave')).toEqual([
      ['printerSave', { transport: 'tcp', address: '192.168.1.77:9100', baudRate: 9600, paperWidth: 80, qrMode: 'raster', codePage: 'PC437', cut: 'full', model: 'xprinter-xp-80c' }],
    ]);
    await section.getByRole('button', { name: 'Cetak tes' }).click();
    await expect.poll(() => section.getByTestId('printer-tested').textContent()).toBe('Tiket tes tercetak. Printer siap.');
    expect((await calls(page)).filter((c) => c[0] === 'printerTest')).toEqual([['printerTest']]);

    // Main refuses a path that is not a printer: its words are shown, in both languages.
    await section.getByRole('radio', { name: /berkas perangkat Linux/ }).check();
    await section.getByLabel('Berkas perangkat', { exact: true }).fill('/dev/sda');
    await section.getByRole('button', { name: 'Simpan printer' }).click();
    await expect.poll(() => section.getByTestId('printer-saved').textContent()).toBe('/dev/sda bukan perangkat printer. / /dev/sda is not a printer device.');
    expect(await section.getByRole('button', { name: 'Cetak tes' }).isDisabled()).toBe(true);

    // A serial printer is picked from the ports main found.
    await section.getByRole('radio', { name: 'Port serial' }).check();
    await section.getByLabel('Port', { exact: true }).selectOption({ label: 'USB-Serial CH340 (/dev/ttyUSB0)' });
    await section.getByLabel('Kecepatan (baud)').selectOption('19200');
    await section.getByRole('button', { name: 'Simpan printer' }).click();
    await expect.poll(async () => (await calls(page)).filter((c) => c[0] === 'printerSave').at(-1)).toEqual([
      'printerSave',
      { transport: 'serial', address: '/dev/ttyUSB0', baudRate: 19200, paperWidth: 80, qrMode: 'raster', codePage: 'PC437', cut: 'full', model: 'xprinter-xp-80c' },
    ]);

    // A USB printer on Windows is picked from the printers Windows has installed.
    await section.getByRole('radio', { name: 'USB (printer Windows)' }).check();
    await section.getByRole('combobox', { name: 'Printer Windows' }).selectOption({ label: 'POS-80 (USB001)' });
    expect(await section.getByRole('button', { name: 'Cetak tes' }).isDisabled()).toBe(true);

    // Back to the hub's printing: main is told the machine has no printer of its own.
    await section.getByRole('radio', { name: 'Dicetak oleh server antrean' }).check();
    await section.getByRole('button', { name: 'Simpan printer' }).click();
    await expect.poll(() => section.getByTestId('printer-saved').textContent()).toBe('Tersimpan: tiket kios ini dicetak oleh server antrean.');
    expect((await calls(page)).filter((c) => c[0] === 'printerSave').at(-1)).toEqual(['printerSave', null]);
    await page.close();
  });

  it('shows the kiosk’s saved printer in the settings, after the admin PIN', async () => {
    const page = await browser.newPage();
    const printer = { transport: 'serial', address: '/dev/ttyUSB0', baudRate: 19200, paperWidth: 58, codePage: 'PC437', qrMode: 'raster', cut: 'none', model: 'pos-5890' };
    const existing = { roles: ['kiosk'], hubUrl: 'https://192.168.1.10:7843', hubPort: 7800, hubFingerprint: HUB_FP, kioskMonitor: null, displayMonitor: null, displayQuery: '', startAtLogin: true, printer };
    await page.addInitScript(FAKE_BRIDGE.replace("record('setupGet', null)", `record('setupGet', ${JSON.stringify(existing)})`));
    await page.goto(`${hub.url}/setup`);
    await page.locator('input[type=password]').fill('975310');
    await page.getByRole('button', { name: 'Buka pengaturan' }).click();
    const section = page.getByRole('group', { name: 'Printer tiket' });
    await section.waitFor();
    expect(await section.getByRole('radio', { name: 'Port serial' }).isChecked()).toBe(true);
    await expect.poll(() => section.getByLabel('Port', { exact: true }).inputValue()).toBe('/dev/ttyUSB0');
    expect(await section.getByLabel('Kecepatan (baud)').inputValue()).toBe('19200');
    expect(await section.getByLabel('Model printer').inputValue()).toBe('pos-5890');
    expect(await section.getByLabel('Lebar kertas').inputValue()).toBe('58');
    expect(await section.getByLabel('Pemotong').inputValue()).toBe('none');
    expect(await section.getByTestId('printer-profile-note').textContent()).toContain('Tanpa pemotong');
    // What is saved can be tried at once.
    expect(await section.getByRole('button', { name: 'Cetak tes' }).isDisabled()).toBe(false);
    await page.close();
  });

  it('says in a plain browser that the settings belong to the app', async () => {
    const page = await browser.newPage();
    await page.goto(`${hub.url}/setup`);
    await page.getByText('hanya tersedia di aplikasi Antre').waitFor();
    await page.close();
  });

  it('asks for the admin PIN after five quick taps on the kiosk’s logo, and only then', async () => {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.addInitScript(FAKE_BRIDGE);
    await page.goto(`${hub.url}/kiosk`);
    await page.locator('.tile.agency').first().waitFor();
    const logo = page.locator('.logo');
    for (let i = 0; i < 4; i++) await logo.click();
    expect(await page.getByRole('dialog', { name: 'PIN admin' }).count()).toBe(0);
    await logo.click();
    const dialog = page.getByRole('dialog', { name: 'PIN admin' });
    await dialog.waitFor();
    for (const d of '111111') await dialog.getByRole('button', { name: d, exact: true }).click();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.getByText('PIN salah.').waitFor();
    for (const d of '975310') await dialog.getByRole('button', { name: d, exact: true }).click();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await calls(page)).filter((c) => c[0] === 'adminUnlock')).toEqual([
      ['adminUnlock', '111111'],
      ['adminUnlock', '975310'],
    ]);
    await page.close();
  });
});
