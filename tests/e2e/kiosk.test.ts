/**
 * The kiosk in headless Chromium with touch, against the hub as `npm run serve` starts it (a
 * child process, the demo MPP, the virtual printer): a citizen gets a printed ticket in three
 * taps, and the paper says what the screen says.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tokenize, toReceipt } from '../../electron/printer/escpos/decode.js';
import { DEMO_PRINTER_FOLDER } from '../../electron/hub/seed/demo.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';

const SCREENSHOTS = process.env.ANTRE_SCREENSHOTS ? join(process.cwd(), 'docs', 'screenshots') : null;

describe.skipIf(skipScreens)('the kiosk', () => {
  let hub: ServedHub;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const printerDir = () => join(hub.dataDir, 'printers', DEMO_PRINTER_FOLDER);
  const setPrinter = (state: string) => writeFileSync(join(printerDir(), 'status'), state);

  /** The number as large as the ticket prints it, from the newest job's bytes. */
  const lastPrintedNumber = () => {
    const jobs = readdirSync(printerDir()).filter((f) => f.endsWith('.bin')).sort();
    const items = toReceipt(tokenize(readFileSync(join(printerDir(), jobs.at(-1)!))).commands);
    const texts = items.filter((i) => i.kind === 'text') as { text: string; width: number; height: number }[];
    const biggest = texts.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return { number: biggest.text, all: texts.map((t) => t.text).join('\n'), jobs: jobs.length };
  };

  async function adminCall(method: string, path: string, body?: unknown) {
    const login = await fetch(`${hub.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', pin: '246810' }) });
    const { sessionToken } = (await login.json()) as { sessionToken: string };
    const res = await fetch(`${hub.url}${path}`, { method, headers: { 'content-type': 'application/json', 'x-antre-session': sessionToken }, ...(body ? { body: JSON.stringify(body) } : {}) });
    expect(res.status).toBe(200);
    return res.json();
  }

  async function openKiosk(viewport = { width: 1080, height: 1920 }) {
    context = await browser.newContext({ viewport, hasTouch: true, isMobile: false, locale: 'id-ID' });
    page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${hub.url}/kiosk`);
    await page.locator('.tile.agency').first().waitFor();
    return problems;
  }

  async function takeTicket(agency: string, service: string, priority: string | null): Promise<string> {
    await page.locator('.tile.agency', { hasText: agency }).tap();
    await page.locator('.tile.service', { hasText: service }).tap();
    // The priority question is a choice on the confirm screen, none unless tapped.
    if (priority) await page.getByRole('button', { name: priority, exact: true }).tap();
    await page.getByRole('button', { name: /^Ambil tiket/ }).tap();
    const number = page.getByTestId('ticket-number');
    await number.waitFor();
    return (await number.textContent())!;
  }

  beforeAll(async () => {
    hub = await serveHub({ ANTRE_PRINTER_POLL_MS: '250' });
    browser = await launchChromium();
  }, 60_000);
  afterEach(async () => {
    await context?.close();
    setPrinter('ready');
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('gives a printed ticket in three taps for two services, the paper carrying the number on screen', async () => {
    const problems = await openKiosk();
    const first = await takeTicket('Dukcapil', 'KTP Elektronik', null);
    expect(first).toMatch(/^A-\d{3}$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Silakan ambil tiket Anda');
    expect(lastPrintedNumber().number).toBe(first);
    await page.getByRole('button', { name: 'Selesai' }).tap();
    await page.getByText('Silakan pilih instansi').waitFor();

    const second = await takeTicket('Polres', 'SKCK Baru', 'Lansia');
    expect(second).toMatch(/^G-\d{3}$/);
    const paper = lastPrintedNumber();
    expect(paper.number).toBe(second);
    expect(paper.all).toContain('PRIORITAS: LANSIA');
    expect(paper.all).toContain('SKCK Baru');
    // The next step on paper: where to go (the service's zone) and to wait for the call.
    expect(paper.all).toContain('Silakan menuju Lantai 1');
    expect(paper.all.replace(/\n/g, ' ')).toContain('Perhatikan layar dan panggilan suara');
    expect(problems).toEqual([]);
  });

  it('shows a closed service as closed, with the reason, and cannot choose it', async () => {
    await openKiosk({ width: 1920, height: 1080 });
    await page.locator('.tile.agency', { hasText: 'Kemenag' }).tap();
    const haji = page.locator('.tile.service', { hasText: 'Pendaftaran Haji' });
    await expect.poll(() => haji.textContent()).toContain('Tutup');
    expect(await haji.textContent()).toContain('Tidak buka hari ini');
    expect(await haji.isDisabled()).toBe(true);
    await haji.tap({ force: true });
    expect(await page.locator('.priority, .confirm').count()).toBe(0);
    // The open one next to it can be chosen.
    await page.locator('.tile.service', { hasText: 'Rekomendasi Nikah' }).tap();
    await page.locator('.confirm').getByText('Apakah Anda termasuk').waitFor();
  });

  it('goes back home, choice cleared, after the idle time', async () => {
    await adminCall('PUT', '/api/admin/settings', { kiosk: { askPriority: true, idleSeconds: 5, printerTrouble: 'stop' } });
    try {
      await openKiosk();
      await page.locator('.tile.agency', { hasText: 'Imigrasi' }).tap();
      await page.getByText('Silakan pilih layanan').waitFor();
      const left = Date.now();
      await page.getByText('Silakan pilih instansi').waitFor({ timeout: 15_000 });
      expect(Date.now() - left).toBeGreaterThan(3_000);
    } finally {
      await adminCall('PUT', '/api/admin/settings', { kiosk: { askPriority: true, idleSeconds: 30, printerTrouble: 'stop' } });
    }
  });

  it('says the printer is out of paper before anyone taps, and issues nothing meanwhile', async () => {
    await openKiosk({ width: 1920, height: 1080 });
    const before = lastPrintedNumber().jobs;
    setPrinter('paper_end');
    // Over the whole screen, with what to do; nothing to tap meanwhile.
    const stop = page.getByTestId('kiosk-state');
    await stop.waitFor({ timeout: 5_000 });
    expect(await stop.textContent()).toContain('Kertas tiket habis');
    expect(await stop.textContent()).toContain('Mohon hubungi petugas informasi');
    expect(await page.locator('.tile.agency').count()).toBe(0);
    // A new roll: the kiosk works again by itself.
    setPrinter('ready');
    await stop.waitFor({ state: 'detached', timeout: 5_000 });
    await takeTicket('Dukcapil', 'Kartu Keluarga', null);
    expect(lastPrintedNumber().jobs).toBe(before + 1);
  });

  it('issues with the number shown large when the site prefers that to stopping, and keeps the ticket', async () => {
    await adminCall('PUT', '/api/admin/settings', { kiosk: { askPriority: false, idleSeconds: 30, printerTrouble: 'screen' } });
    try {
      await openKiosk({ width: 1920, height: 1080 });
      setPrinter('paper_end');
      const banner = page.getByTestId('printer-banner');
      await banner.waitFor({ timeout: 5_000 });
      expect(await banner.textContent()).toContain('nomor antrean akan ditampilkan di layar');
      await page.locator('.tile.agency', { hasText: 'Samsat' }).tap();
      await page.locator('.tile.service', { hasText: 'Pajak Kendaraan Tahunan' }).tap();
      // askPriority off: no priority choice on the confirmation.
      expect(await page.locator('.confirm .priority').count()).toBe(0);
      await page.getByRole('button', { name: 'Ambil tiket' }).tap();
      await page.getByTestId('ticket-number').waitFor();
      expect(await page.locator('h1').textContent()).toBe('Nomor antrean Anda');
      expect(await page.locator('.done').textContent()).toContain('Tiket tidak tercetak. Silakan catat nomor Anda.');
      const shown = await page.getByTestId('ticket-number').textContent();
      const c = (await (await fetch(`${hub.url}/api/events?since=0&limit=1000`)).json()) as any;
      const failed = c.events.filter((e: any) => e.type === 'ticket.print_failed').at(-1);
      expect(failed.data.display).toBe(shown);
      expect(failed.data.status).toBe('waiting');
    } finally {
      await adminCall('PUT', '/api/admin/settings', { kiosk: { askPriority: true, idleSeconds: 30, printerTrouble: 'stop' } });
    }
  });

  it('yields exactly one ticket when the hub is stopped and restarted in the middle of an issue', async () => {
    await openKiosk();
    const waitingBefore = async () => {
      const c = (await (await fetch(`${hub.url}/api/catalogue`)).json()) as any;
      return c.agencies.flatMap((a: any) => a.services).find((s: any) => s.name === 'Akta Kelahiran').waiting as number;
    };
    const before = await waitingBefore();
    let issuedByTheLostReply: string | null = null;
    let intercepted = false;
    await page.route('**/api/tickets', async (route) => {
      if (intercepted || route.request().method() !== 'POST') return route.continue();
      intercepted = true;
      // The hub takes the request and commits the ticket; then the power goes before the
      // kiosk hears the answer.
      const reply = await route.fetch();
      issuedByTheLostReply = ((await reply.json()) as any).ticket.display;
      await hub.kill();
      await route.abort('connectionreset');
    });
    await page.locator('.tile.agency', { hasText: 'Dukcapil' }).tap();
    await page.locator('.tile.service', { hasText: 'Akta Kelahiran' }).tap();
    await page.getByRole('button', { name: 'Ambil tiket' }).tap();
    // No number pretends to be issued while the hub is away.
    await page.getByText('Sedang menyambung ulang…').first().waitFor();
    expect(await page.getByTestId('ticket-number').count()).toBe(0);

    await hub.restart();
    const number = page.getByTestId('ticket-number');
    // A slow restart (past the kiosk's patience) offers "Coba lagi", which asks with the same request id.
    await page.locator('[data-testid=ticket-number], .issuing.stuck').first().waitFor({ timeout: 30_000 });
    if ((await number.count()) === 0) await page.getByRole('button', { name: 'Coba lagi' }).tap();
    await number.waitFor({ timeout: 20_000 });
    expect(issuedByTheLostReply).not.toBeNull();
    expect(await number.textContent()).toBe(issuedByTheLostReply);
    expect(await waitingBefore()).toBe(before + 1);
  }, 60_000);

  it.runIf(SCREENSHOTS)('takes the screenshots of the README', async () => {
    for (const [w, h] of [
      [1080, 1920],
      [1920, 1080],
    ] as const) {
      await openKiosk({ width: w, height: h });
      await page.screenshot({ path: join(SCREENSHOTS!, `kiosk-home-${w}x${h}.png`) });
      // The search by service, "ktp" typed on the on-screen keyboard.
      await page.getByTestId('search-open').tap();
      for (const key of 'ktp') await page.locator(`.keyboard [data-key="${key}"]`).tap();
      await page.locator('.search .tile.service', { hasText: 'KTP Elektronik' }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS!, `kiosk-search-${w}x${h}.png`) });
      await page.reload();
      await page.locator('.tile.agency').first().waitFor();
      await page.locator('.tile.agency', { hasText: 'Dukcapil' }).tap();
      await page.screenshot({ path: join(SCREENSHOTS!, `kiosk-services-${w}x${h}.png`) });
      await page.locator('.tile.service', { hasText: 'KTP Elektronik' }).tap();
      await page.getByRole('button', { name: 'Lansia', exact: true }).tap();
      await page.screenshot({ path: join(SCREENSHOTS!, `kiosk-confirm-${w}x${h}.png`) });
      await page.getByRole('button', { name: /^Ambil tiket/ }).tap();
      await page.getByTestId('ticket-number').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS!, `kiosk-ticket-${w}x${h}.png`) });
      await context.close();
    }
  });
});
