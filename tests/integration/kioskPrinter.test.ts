/**
 * The kiosk's own printer, driven by the app's main process (electron/main/kioskPrinter.ts, plain
 * Node): a real hub over HTTP and the fake network printer. The page names a ticket only; the
 * print data comes from the hub to the kiosk that issued it; exactly one paper per ticket across
 * a crash between print and report and a hub outage during the report.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskPrinter, type HubCall } from '../../electron/main/kioskPrinter.js';
import { printerHandlers } from '../../electron/main/printerHandlers.js';
import { receiptToText } from '../../electron/printer/escpos/decode.js';
import type { PrinterConfig } from '../../shared/printing.js';
import { PrinterConfig as PrinterConfigSchema } from '../../shared/printing.js';
import { FakePrinter } from '../fixtures/fakePrinter.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';
import { tempDir } from '../fixtures/tempDir.js';

const KTP = 1;
let t: TestHub;
let printer: FakePrinter;
let kiosk: { token: string; deviceId: number };
let config: PrinterConfig;
const dirs: { remove: () => void }[] = [];
let n = 0;
const rid = () => `kp-${Date.now().toString(36)}-${(n++).toString(36)}`;
const TIMINGS = { statusTimeoutMs: 300, completionTimeoutMs: 1500, pollMs: 50 };

/** The hub as a kiosk's device, as main's net.fetch does it. */
const hubAs =
  (token: string): HubCall =>
  async (method, path, body) => {
    const res = await fetch(t.client.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };

function journal() {
  const d = tempDir('antre-journal-');
  dirs.push(d);
  return d.dir;
}
const make = (journalDir: string, hub: HubCall = hubAs(kiosk.token)) =>
  new KioskPrinter({ hub, printer: () => config, transports: { printersDir: journalDir }, journalDir, timings: TIMINGS, retry: { firstMs: 20, maxMs: 100 } });

async function issue(token = kiosk.token) {
  const r = await t.client.call('POST', '/api/tickets', { token, body: { serviceId: KTP, requestId: rid() } });
  expect(r.status).toBe(201);
  return r.json.ticket as { id: number; display: string };
}
const ticket = async (id: number) => (await t.client.call('GET', `/api/tickets/${id}`, { token: kiosk.token })).json.ticket;
/** How many tickets with this number came out of the fake printer. */
const papers = (display: string) =>
  receiptToText(printer.receipt(), 48)
    .split('----- cut -----')
    .filter((p) => p.includes(`${display}   [`)).length;

beforeAll(async () => {
  t = await startTestHub();
  printer = await new FakePrinter().start();
  kiosk = await t.pair('kiosk', { name: 'Kios mandiri' });
  config = PrinterConfigSchema.parse({ transport: 'tcp', address: printer.address });
});
afterAll(async () => {
  await printer.stop();
  await t.dispose();
  dirs.forEach((d) => d.remove());
});

describe("the kiosk's own printer", () => {
  it('prints a ticket the kiosk issued once, and the hub marks it printed', async () => {
    const dir = journal();
    const kp = make(dir);
    const tk = await issue();
    const result = await kp.print(tk.id, 'en');
    expect(result.outcome).toBe('printed');
    await kp.idle();
    expect(papers(tk.display)).toBe(1);
    expect(await ticket(tk.id)).toMatchObject({ printState: 'printed', printCount: 1 });
    // The paper is in the citizen's language, with the hub's signed QR code.
    const paper = receiptToText(printer.receipt(), 48).split('----- cut -----').find((p) => p.includes(`${tk.display}   [`))!;
    // The ticket's phone link, signed by the hub (electron/hub/phoneTicket.ts).
    expect(paper).toMatch(new RegExp(`\\[QR M cell 6: http://[^\\]]+/t/${tk.id}\\.\\d{8}\\.[A-Za-z0-9_-]{22}\\]`));
    expect(readdirSync(dir)).toEqual([]);
    // Asked again (a double tap, a retry of the page): no second paper.
    expect((await kp.print(tk.id)).outcome).toBe('failed');
    expect(papers(tk.display)).toBe(1);
  });

  it('after a crash between print and report, reports on restart and never prints again', async () => {
    const dir = journal();
    const hub = hubAs(kiosk.token);
    // The first run's report never gets an answer: the process "dies" there.
    const dying = make(dir, (method, path, body) => (method === 'POST' ? new Promise(() => {}) : hub(method, path, body)));
    const tk = await issue();
    expect((await dying.print(tk.id)).outcome).toBe('printed');
    dying.stop();
    expect(papers(tk.display)).toBe(1);
    expect((await ticket(tk.id)).printState).toBe('pending');

    const restarted = make(dir);
    expect(restarted.unacknowledged()).toEqual([tk.id]);
    // The page asks again before the report went out: the journal says it printed, no second paper.
    expect((await restarted.print(tk.id)).outcome).toBe('printed');
    restarted.resume();
    await restarted.idle();
    expect(papers(tk.display)).toBe(1);
    expect(await ticket(tk.id)).toMatchObject({ printState: 'printed', printCount: 1 });
    expect(restarted.unacknowledged()).toEqual([]);
  });

  it('reports a job cut short mid-print as unconfirmed, without printing it again', async () => {
    const dir = journal();
    const tk = await issue();
    // What a crash after the "printing" entry leaves: the entry, and no result.
    writeFileSync(join(dir, `${tk.id}.json`), JSON.stringify({ ticketId: tk.id, state: 'printing', at: Date.now() }));
    const kp = make(dir);
    kp.resume();
    await kp.idle();
    expect(papers(tk.display)).toBe(0);
    expect((await ticket(tk.id)).printState).toBe('unconfirmed');
  });

  it('retries the report through a hub outage, with one paper', async () => {
    const dir = journal();
    const hub = hubAs(kiosk.token);
    // The hub stops answering once it gave the print data, then comes back.
    let down = true;
    let refused = 0;
    const kp = make(dir, (method, path, body) => {
      if (down && method === 'POST') {
        refused++;
        return Promise.reject(new Error('connect ECONNREFUSED'));
      }
      return hub(method, path, body);
    });
    const tk = await issue();
    expect((await kp.print(tk.id)).outcome).toBe('printed');
    await new Promise((r) => setTimeout(r, 300));
    expect(refused).toBeGreaterThan(1);
    expect((await ticket(tk.id)).printState).toBe('pending');
    down = false;
    await kp.idle();
    expect(papers(tk.display)).toBe(1);
    expect(await ticket(tk.id)).toMatchObject({ printState: 'printed', printCount: 1 });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("gives the print data only to the kiosk that issued the ticket, and prints nothing of another kiosk's", async () => {
    const other = await t.pair('kiosk', { name: 'Kios lain' });
    const tk = await issue(other.token);
    const r = await hubAs(kiosk.token)('GET', `/api/tickets/${tk.id}/print-data`);
    expect(r.status).toBe(403);
    expect((r.json as { error: { code: string } }).error.code).toBe('TICKET_NOT_FROM_THIS_KIOSK');
    const dir = journal();
    const result = await make(dir).print(tk.id);
    expect(result.outcome).toBe('failed');
    expect(result.detail).toContain('TICKET_NOT_FROM_THIS_KIOSK');
    expect(papers(tk.display)).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    // Its own kiosk gets it, in the language asked.
    const own = await hubAs(other.token)('GET', `/api/tickets/${tk.id}/print-data?lang=en`);
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ number: tk.display, lang: 'en', reprint: false });
  });

  it('says so, and prints nothing, on a machine without a printer', async () => {
    const dir = journal();
    const kp = new KioskPrinter({ hub: hubAs(kiosk.token), printer: () => null, transports: { printersDir: dir }, journalDir: dir });
    const tk = await issue();
    expect(await kp.print(tk.id)).toMatchObject({ outcome: 'failed', bytes: 0 });
    expect(await kp.status()).toBeNull();
    expect((await ticket(tk.id)).printState).toBe('pending');
  });

  it("reads the printer's status", async () => {
    const dir = journal();
    expect((await make(dir).status())?.state).toBe('ready');
  });

  it('tells the hub when its paper runs out and when a new roll is in, for the kiosk page and the admin', async () => {
    const dir = journal();
    const kp = new KioskPrinter({
      hub: hubAs(kiosk.token),
      printer: () => config,
      transports: { printersDir: dir },
      journalDir: dir,
      timings: TIMINGS,
      statusWatch: { everyMs: 50, resendMs: 60_000 },
    });
    const atHub = async () => ((await t.client.call('GET', '/api/printer', { token: kiosk.token })).json as { drivenByHub: boolean; status: { state: string } | null });
    try {
      kp.watchStatus();
      await expect.poll(async () => (await atHub()).status?.state).toBe('ready');
      printer.set({ paperEnd: true });
      await expect.poll(async () => (await atHub()).status?.state).toBe('paper_end');
      // The hub does not drive this printer: it only holds what the kiosk said.
      expect((await atHub()).drivenByHub).toBe(false);
      printer.set({ paperEnd: false });
      await expect.poll(async () => (await atHub()).status?.state).toBe('ready');
    } finally {
      kp.stop();
      printer.set({ paperEnd: false });
    }
  });

  it('prints a test ticket with no hub at all (a kiosk set up before it is paired)', async () => {
    const dir = journal();
    const before = printer.printed.length;
    const kp = new KioskPrinter({ hub: () => Promise.reject(new Error('no hub')), printer: () => config, transports: { printersDir: dir }, journalDir: dir, timings: TIMINGS });
    expect((await kp.testPrint()).outcome).toBe('printed');
    const text = receiptToText(printer.receipt(), 48);
    expect(text.slice(-600)).toContain('TES PRINTER / PRINTER TEST');
    expect(printer.printed.length).toBeGreaterThan(before);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("the bridge's printer set-up (main's printer handlers)", () => {
  const setupWith = (opts: { unlocked: boolean }) => {
    const dir = journal();
    let saved: PrinterConfig | null = null;
    const kp = make(dir);
    const handlers = printerHandlers({
      kioskPrinter: () => kp,
      standalone: () => kp,
      printer: () => saved,
      savePrinter: (c) => (saved = c),
      mayChangeSetup: () => opts.unlocked,
      listSerialPorts: async () => [],
      platform: 'linux',
    });
    return { handlers, saved: () => saved };
  };

  it('keeps a LAN printer the set-up page gives, and reads its status back', async () => {
    const s = setupWith({ unlocked: true });
    const r = await s.handlers.printerSave(PrinterConfigSchema.parse({ transport: 'tcp', address: printer.address, model: 'epson-tm-t82', cut: 'partial' }));
    expect(r).toMatchObject({ ok: true, status: { state: 'ready' } });
    expect(s.saved()).toMatchObject({ transport: 'tcp', address: printer.address, model: 'epson-tm-t82', cut: 'partial', paperWidth: 80 });
    expect(await s.handlers.printerTest()).toMatchObject({ outcome: 'printed' });
  });

  it('refuses a path that is not a printer device, and a change without the admin PIN, saving nothing', async () => {
    const s = setupWith({ unlocked: true });
    const regular = journal();
    const file = join(regular, 'antre.db');
    writeFileSync(file, 'not a printer');
    for (const address of ['/etc/passwd', file, '/dev/shm/x']) {
      const r = await s.handlers.printerSave(PrinterConfigSchema.parse({ transport: 'file', address }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.id).toMatch(/bukan perangkat printer|tidak sesuai/);
    }
    expect((await s.handlers.printerSave(PrinterConfigSchema.parse({ transport: 'tcp', address: '10.0.0.5' }))).ok).toBe(false);
    expect(s.saved()).toBeNull();
    const locked = setupWith({ unlocked: false });
    const r = await locked.handlers.printerSave(PrinterConfigSchema.parse({ transport: 'tcp', address: printer.address }));
    expect(r).toEqual({ ok: false, error: { id: 'Masukkan PIN admin dahulu.', en: 'Enter the admin PIN first.' } });
    expect(await locked.handlers.printerTest()).toMatchObject({ outcome: 'refused' });
    expect(locked.saved()).toBeNull();
  });
});
