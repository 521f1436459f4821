/**
 * A kiosk PC that is not the hub, with its printer plugged into it (issue 21): the kiosk page in
 * Chromium, its bridge (`window.antre`) wired to the app's main-process printing code running in a
 * child process (tests/fixtures/kioskMainChild.ts: the real IPC checks, printer handlers and print
 * module; Electron faked only at `ipcMain`), against the hub as `npm run serve` starts it.
 *
 * - three taps → the bytes at the kiosk's own printer (a LAN printer, and a serial port on a
 *   pseudo-terminal) → `printed` at the hub, and nothing on the hub's printers;
 * - paper out on the kiosk's printer → the kiosk says so over the whole screen before a tap;
 * - the print module killed between print and report → one paper, one ticket, `printed` once
 *   the restarted module sends the report again.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRINTER_FOLDER } from '../../electron/hub/seed/demo.js';
import { receiptToText } from '../../electron/printer/escpos/decode.js';
import { launchChromium, skipScreens } from '../fixtures/browser.js';
import { FakePrinter } from '../fixtures/fakePrinter.js';
import { startPtyBridge } from '../fixtures/ptyBridge.js';
import { serveHub, type ServedHub } from '../fixtures/serveHub.js';
import { tempDir } from '../fixtures/tempDir.js';

/** What electron/preload/index.ts exposes, each call going to main as an IPC invoke. */
const BRIDGE = `
  const call = (channel, ...args) => window.__antreInvoke(channel, args);
  window.antre = {
    appVersion: () => call('antre:app-version'),
    printTicket: (id, lang) => (lang === undefined ? call('antre:print-ticket', id) : call('antre:print-ticket', id, lang)),
    printerStatus: () => call('antre:printer-status'),
    printerSave: (c) => call('antre:printer-save', c),
    printerTest: () => call('antre:printer-test'),
    listSerialPorts: () => call('antre:list-serial-ports'),
    listPrinters: () => call('antre:list-printers'),
    monitors: () => call('antre:monitors'),
    setupGet: () => call('antre:setup-get'),
    setupSave: (a) => call('antre:setup-save', a),
    discoverHubs: () => call('antre:discover-hubs'),
    adminUnlock: (pin) => call('antre:admin-unlock', pin),
  };`;

/** The app's main process (its printing part) for one kiosk, in a child a test can SIGKILL. */
class KioskMain {
  private child!: ChildProcess;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  constructor(private readonly env: Record<string, string>) {}

  async start(extra: Record<string, string> = {}): Promise<this> {
    this.child = fork('tests/fixtures/kioskMainChild.ts', [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...this.env, ...extra }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      this.child.once('message', () => resolve());
      this.child.once('exit', (code) => reject(new Error(`the print module exited with ${code}`)));
    });
    this.child.on('message', (m: { id?: number; ok: boolean; value?: unknown; error?: string }) => {
      const w = m.id === undefined ? undefined : this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id!);
      if (m.ok) w.resolve(m.value);
      else w.reject(new Error(m.error));
    });
    this.child.once('exit', () => {
      for (const w of this.waiting.values()) w.reject(new Error('main is gone'));
      this.waiting.clear();
    });
    return this;
  }

  invoke(channel: string, url: string, args: unknown[]): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, channel, url, args });
    });
  }

  /** SIGKILL: the app's main process gone at once, as in a crash or a power cut. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await gone;
  }
}

describe.skipIf(skipScreens)("the kiosk printing on its own printer through the app's bridge", () => {
  let hub: ServedHub;
  let browser: Browser;
  let session: string;
  const contexts: BrowserContext[] = [];
  const mains: KioskMain[] = [];
  const cleanups: (() => void | Promise<void>)[] = [];
  let kiosks = 0;

  const hubPrinterJobs = () => readdirSync(join(hub.dataDir, 'printers', DEMO_PRINTER_FOLDER)).filter((f) => f.endsWith('.bin')).length;

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${hub.url}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as any };
  }

  /** A kiosk device paired with the hub, as the app's wizard pairs one. */
  async function pairKiosk(name: string) {
    const code = (await api('POST', '/api/admin/pairing-codes', { role: 'kiosk', name }, { 'x-antre-session': session })).json.code as string;
    const paired = await api('POST', '/api/pair', { code });
    expect(paired.status).toBe(201);
    return paired.json as { token: string; deviceId: number };
  }

  /** A kiosk machine: its device, its printer in main, and the kiosk page in a touch browser with the bridge. */
  async function kioskMachine(printer: object, opts: { holdReports?: boolean } = {}) {
    const name = `Kios mandiri ${++kiosks}`;
    const device = await pairKiosk(name);
    const journal = tempDir('antre-e2e-journal-');
    cleanups.push(() => journal.remove());
    const main = await new KioskMain({
      ANTRE_HUB_URL: hub.url,
      ANTRE_KIOSK_TOKEN: device.token,
      ANTRE_PRINTER: JSON.stringify(printer),
      ANTRE_JOURNAL_DIR: journal.dir,
      ANTRE_ORIGIN: hub.url,
    }).start(opts.holdReports ? { ANTRE_HOLD_REPORTS: '1' } : {});
    mains.push(main);
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'id-ID' });
    contexts.push(context);
    await context.addInitScript((d) => {
      localStorage.setItem('antre.deviceToken', d.token);
      localStorage.setItem('antre.deviceId', String(d.deviceId));
    }, device);
    // The frame that calls is passed on as Electron's senderFrame: main checks it is the app's own.
    await context.exposeBinding('__antreInvoke', ({ frame }, channel: string, args: unknown[]) => main.invoke(channel, frame.url(), args));
    await context.addInitScript(BRIDGE);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hub.url}/kiosk`);
    return { page, name, main, errors };
  }

  /** The three taps: agency, service, "Ambil tiket"; the number the screen shows. */
  async function takeTicket(page: Page): Promise<string> {
    await page.locator('.tile.agency', { hasText: 'Dukcapil' }).first().tap();
    await page.locator('.tile.service', { hasText: 'KTP Elektronik' }).first().tap();
    await page.getByRole('button', { name: /^Ambil tiket/ }).tap();
    const number = page.getByTestId('ticket-number');
    await number.waitFor();
    return (await number.textContent())!.trim();
  }

  /** The ticket as the hub holds it, found by its number as the admin's ticket finder does. */
  const ticketByNumber = async (display: string) => {
    const found = await api('GET', `/api/admin/tickets?number=${encodeURIComponent(display)}`, undefined, { 'x-antre-session': session });
    expect(found.status, `ticket ${display} at the hub`).toBe(200);
    return found.json.ticket as { printState: string; printCount: number };
  };
  /** How many wait for KTP Elektronik, as the kiosk's catalogue says. */
  const ktpWaiting = async () => {
    const catalogue = (await api('GET', '/api/catalogue')).json;
    return catalogue.agencies.flatMap((a: any) => a.services).find((s: any) => s.name === 'KTP Elektronik').waiting as number;
  };
  /** How many papers with this number came out of a printer. */
  const papers = (printer: FakePrinter, display: string) =>
    receiptToText(printer.receipt(), 48)
      .split('----- cut -----')
      .filter((p) => p.includes(display)).length;

  beforeAll(async () => {
    hub = await serveHub();
    browser = await launchChromium();
    const login = await api('POST', '/api/sessions', { username: 'admin', pin: '246810' });
    session = login.json.sessionToken;
  }, 90_000);
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
    for (const m of mains.splice(0)) await m.kill();
    for (const c of cleanups.splice(0)) await c();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('prints on the kiosk’s LAN printer in three taps, and the hub marks the ticket printed', async () => {
    const printer = await new FakePrinter().start();
    cleanups.push(() => printer.stop());
    const { page, errors } = await kioskMachine({ transport: 'tcp', address: printer.address, model: 'epson-tm-t82' });
    const hubJobs = hubPrinterJobs();
    const number = await takeTicket(page);
    await expect.poll(() => papers(printer, number)).toBe(1);
    await expect.poll(() => page.locator('.done h1').textContent()).toBe('Silakan ambil tiket Anda');
    await expect.poll(async () => (await ticketByNumber(number)).printState).toBe('printed');
    expect(hubPrinterJobs()).toBe(hubJobs);
    expect(errors).toEqual([]);
  });

  it('prints on a serial printer (a pseudo-terminal) the same way', async () => {
    const printer = await new FakePrinter().start();
    const pty = await startPtyBridge(printer.port);
    cleanups.push(() => pty.stop(), () => printer.stop());
    const { page } = await kioskMachine({ transport: 'serial', address: pty.path, baudRate: 115200, paperWidth: 58, model: 'pos-5890' });
    const number = await takeTicket(page);
    await expect.poll(() => papers(printer, number)).toBe(1);
    await expect.poll(async () => (await ticketByNumber(number)).printState).toBe('printed');
  });

  it('says the kiosk’s own printer is out of paper before anyone taps, and works again with a new roll', async () => {
    const printer = await new FakePrinter().start();
    cleanups.push(() => printer.stop());
    const { page, name } = await kioskMachine({ transport: 'tcp', address: printer.address });
    await page.locator('.tile.agency').first().waitFor();
    printer.set({ paperEnd: true });
    const state = page.getByTestId('kiosk-state');
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 10_000 }).toBe('paper_end');
    expect(await state.textContent()).toContain('Kertas tiket habis');
    expect(await page.locator('.tile.agency').count()).toBe(0);
    // The admin sees it too: the hub holds what the kiosk's main reported.
    const listed = (await api('GET', '/api/admin/printers', undefined, { 'x-antre-session': session })).json as any[];
    expect(listed.find((p) => p.deviceName === name)?.status?.state).toBe('paper_end');
    printer.set({ paperEnd: false });
    await page.locator('.tile.agency').first().waitFor({ timeout: 10_000 });
  });

  it('gives one paper and one ticket when the print module dies between print and report, and the hub learns it printed', async () => {
    const printer = await new FakePrinter().start();
    cleanups.push(() => printer.stop());
    const first = await kioskMachine({ transport: 'tcp', address: printer.address }, { holdReports: true });
    const before = await ktpWaiting();
    const number = await takeTicket(first.page);
    await expect.poll(() => papers(printer, number)).toBe(1);
    // The report hangs: the hub does not know yet. Main dies now.
    expect((await ticketByNumber(number)).printState).toBe('pending');
    await first.main.kill();
    // The app starts again on the same journal: the report goes out, nothing is printed again.
    await first.main.start();
    await expect.poll(async () => (await ticketByNumber(number)).printState, { timeout: 10_000 }).toBe('printed');
    const ticket = await ticketByNumber(number);
    expect(ticket.printCount).toBe(1);
    expect(papers(printer, number)).toBe(1);
    expect(await ktpWaiting()).toBe(before + 1);
  });
});
