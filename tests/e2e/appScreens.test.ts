/**
 * The pages that talk to the Antre app's bridge (window.antre), with the bridge replaced by a
 * recording fake: the first-run wizard sends the answers main expects, and the kiosk asks for the
 * admin PIN only after five quick taps on its logo.
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
  const record = (name, result) => (...args) => { window.__calls.push([name, ...args]); return Promise.resolve(typeof result === 'function' ? result(...args) : result); };
  window.antre = {
    appVersion: record('appVersion', '0.1.0'),
    printTicket: record('printTicket', null),
    printerStatus: record('printerStatus', null),
    listPrinters: record('listPrinters', []),
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
