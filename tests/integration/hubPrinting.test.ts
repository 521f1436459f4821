/**
 * Printing through the hub, over real HTTP, with the fake network printer as the kiosk's LAN
 * printer: each time, the ticket's printed state in the hub matches what the printer really did,
 * and the paper says what the hub knows (the citizen's language, whether a counter is open, the
 * site's survey setting).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { receiptToText } from '../../electron/printer/escpos/decode.js';
import { DEMO_PRINTER_FOLDER } from '../../electron/hub/seed/demo.js';
import { ERRORS } from '../../shared/errors.js';
import { profileSettings } from '../../shared/printerProfiles.js';
import { FakePrinter } from '../fixtures/fakePrinter.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

const KTP = 1; // demo service "KTP Elektronik", prefix A, served at Gerai 1-4
let t: TestHub;
let printer: FakePrinter;
let kiosk: { token: string; deviceId: number };
let n = 0;
const rid = () => `print-${Date.now().toString(36)}-${(n++).toString(36)}`;

function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}

const admin = () => ({ token: t.admin.token, session: t.admin.session });
async function issue(token = kiosk.token, priorityGroup?: string) {
  const r = await t.client.call('POST', '/api/tickets', { token, body: { serviceId: KTP, requestId: rid(), ...(priorityGroup ? { priorityGroup } : {}) } });
  expect(r.status).toBe(201);
  return r.json.ticket as { id: number; display: string };
}
const print = (id: number, token = kiosk.token, body?: unknown) => t.client.call('POST', `/api/tickets/${id}/print`, { token, ...(body === undefined ? {} : { body }) });
const ticket = async (id: number) => (await t.client.call('GET', `/api/tickets/${id}`, { token: kiosk.token })).json.ticket;
const onPaper = () => receiptToText(printer.receipt(), 48);
/** The newest ticket on the fake printer's paper, as text. */
const lastTicket = () => onPaper().split('----- cut -----').at(-2)!;

beforeAll(async () => {
  t = await startTestHub();
  printer = await new FakePrinter().start();
  kiosk = await t.pair('kiosk', { name: 'Kios lobi' });
  const r = await t.client.call('PUT', `/api/admin/printers/${kiosk.deviceId}`, { ...admin(), body: { transport: 'tcp', address: printer.address } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  expect(r.json.status.state).toBe('ready');
});
afterAll(async () => {
  await printer.stop();
  await t.dispose();
});
afterEach(() => {
  printer.set({ paperEnd: false, paperNearEnd: false, coverOpen: false, offline: false });
  t.hub.core.settings.set('printFailurePolicy', 'keep');
});

describe('a kiosk printing through the hub', () => {
  it('marks a ticket printed once the printer confirmed it, with the number largest and the QR code on paper', async () => {
    const tk = await issue();
    expect((await ticket(tk.id)).printState).toBe('pending');
    const before = printer.printed.length;
    const r = await print(tk.id);
    expect(r.status).toBe(200);
    expect(r.json.result.outcome).toBe('printed');
    expect(r.json.ticket).toMatchObject({ printState: 'printed', printCount: 1, status: 'waiting' });
    expect(printer.printed.length).toBeGreaterThan(before);
    const text = onPaper();
    expect(text).toContain(`${tk.display}   [6x6]`);
    // The ticket's phone link, signed by the hub, which the survey reads back too (phoneTicket.ts, survey.ts).
    expect(text).toMatch(new RegExp(`\\[QR M cell 6: http://[^\\]]+/t/${tk.id}\\.\\d{8}\\.[A-Za-z0-9_-]{22}\\]`));
    expect(text).toContain('Mal Pelayanan Publik Kabupaten Contoh');
    const events = (await t.client.call('GET', '/api/events?since=0&limit=1000', { token: kiosk.token })).json.events;
    expect(events.filter((e: any) => e.ticketId === tk.id).map((e: any) => e.type)).toEqual(['ticket.issued', 'ticket.printed']);
  });

  it('refuses a second print of a printed ticket by the kiosk (a reprint is the officers’ job)', async () => {
    const tk = await issue();
    expect((await print(tk.id)).json.result.outcome).toBe('printed');
    const snap = t.snapshot();
    expectError(await print(tk.id), 'TICKET_ALREADY_PRINTED');
    expect(t.snapshot()).toBe(snap);
  });

  it('keeps the place of a citizen whose ticket could not be printed (paper out), and prints it once the roll is changed', async () => {
    const tk = await issue();
    printer.set({ paperEnd: true });
    const before = printer.printed.length;
    const r = await print(tk.id);
    expect(r.json.result).toMatchObject({ outcome: 'failed', status: { state: 'paper_end' } });
    expect(r.json).toMatchObject({ voided: false, ticket: { printState: 'failed', status: 'waiting', printCount: 0 } });
    expect(printer.printed.length).toBe(before);
    // The kiosk and the admin hear it on the event stream.
    const events = (await t.client.call('GET', '/api/events?since=0&limit=1000', { token: kiosk.token })).json.events;
    expect(events.filter((e: any) => e.type === 'printer.status').at(-1)).toMatchObject({ deviceId: kiosk.deviceId, data: { state: 'paper_end' } });
    const status = await t.client.call('GET', '/api/printer', { token: kiosk.token });
    expect(status.json).toMatchObject({ drivenByHub: true, status: { state: 'paper_end' }, label: { id: 'Kertas habis' } });

    printer.set({ paperEnd: false });
    expect((await print(tk.id)).json).toMatchObject({ result: { outcome: 'printed' }, ticket: { printState: 'printed' } });
  });

  it('voids the ticket instead when the site says so, and never reuses its number', async () => {
    const snap = t.snapshot();
    expectError(await t.client.call('PUT', '/api/admin/settings', { ...admin(), body: { printFailurePolicy: 'shred' } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', '/api/admin/settings', { ...admin(), body: { printFailurePolicy: 'void', colour: 'red' } }), 'VALIDATION_FAILED');
    expect(t.snapshot()).toBe(snap);
    const set = await t.client.call('PUT', '/api/admin/settings', { ...admin(), body: { printFailurePolicy: 'void' } });
    expect(set.json.printFailurePolicy).toBe('void');
    const tk = await issue();
    printer.set({ paperEnd: true });
    const r = await print(tk.id);
    expect(r.json).toMatchObject({ voided: true, ticket: { status: 'cancelled', printState: 'failed' } });
    printer.set({ paperEnd: false });
    const next = await issue();
    expect(Number(next.display.split('-')[1])).toBe(Number(tk.display.split('-')[1]) + 1);
    expectError(await print(tk.id), 'TICKET_WRONG_STATE');
  });

  it('records a failure when the paper runs out in the middle of the ticket', async () => {
    const tk = await issue();
    printer.paperRunsOutAfter(120);
    const r = await print(tk.id);
    expect(r.json.result).toMatchObject({ outcome: 'failed', status: { state: 'paper_end' } });
    expect(r.json.ticket).toMatchObject({ printState: 'failed', status: 'waiting' });
  });

  it('records "unconfirmed", not "printed", for a printer that does not answer', async () => {
    const silent = await new FakePrinter({ silent: true }).start();
    const other = await t.pair('kiosk', { name: 'Kios lantai 2' });
    await t.client.call('PUT', `/api/admin/printers/${other.deviceId}`, { ...admin(), body: { transport: 'tcp', address: silent.address } });
    const tk = await issue(other.token);
    const r = await print(tk.id, other.token);
    expect(r.json.result.outcome).toBe('unconfirmed');
    expect(r.json.ticket.printState).toBe('unconfirmed');
    const list = await t.client.call('GET', '/api/admin/printers', admin());
    expect(list.json.find((p: any) => p.deviceId === other.deviceId).status.state).toBe('unknown');
    await silent.stop();
  });

  it('records a failure when the printer is unplugged mid-job, and "offline" afterwards', async () => {
    const lost = await new FakePrinter().start();
    const other = await t.pair('kiosk', { name: 'Kios lantai 3' });
    await t.client.call('PUT', `/api/admin/printers/${other.deviceId}`, { ...admin(), body: { transport: 'tcp', address: lost.address, qrMode: 'raster' } });
    lost.unplugAfterBytes(9 + 60);
    const tk = await issue(other.token);
    const r = await print(tk.id, other.token);
    expect(r.json.result.outcome).toBe('failed');
    expect(r.json.ticket.printState).toBe('failed');
    const st = await t.client.call('GET', '/api/printer', { token: other.token });
    expect(st.json.status.state).toBe('offline');
  });

  it('lets a kiosk print only the tickets it issued', async () => {
    const other = await t.pair('kiosk', { name: 'Kios samping' });
    const tk = await issue();
    const snap = t.snapshot();
    expectError(await print(tk.id, other.token), 'TICKET_NOT_FROM_THIS_KIOSK');
    expectError(await print(999_999), 'TICKET_NOT_FOUND');
    expect(t.snapshot()).toBe(snap);
  });

  it('tells a kiosk without a printer set up so, and changes nothing', async () => {
    const other = await t.pair('kiosk', { name: 'Kios tanpa printer' });
    const tk = await issue(other.token);
    const snap = t.snapshot();
    expectError(await print(tk.id, other.token), 'PRINTER_NOT_CONFIGURED');
    expect(t.snapshot()).toBe(snap);
  });
});

describe('what the paper says', () => {
  const core = () => t.hub.core;
  /** The counters that serve KTP Elektronik, all closed: the hall before the officers log in. */
  const ktpCounters = () => core().master.counters().filter((c) => c.active && c.serviceIds.includes(KTP)).map((c) => c.id);
  const closeAll = () => {
    for (const id of ktpCounters()) core().engine.closeCounter(id, {});
  };
  const settingsPut = async (body: object) => {
    const r = await t.client.call('PUT', '/api/admin/settings', { ...admin(), body });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  };
  afterEach(() => {
    closeAll();
    core().settings.set('kiosk', { ...core().settings.get('kiosk'), surveyInvitation: true });
    core().settings.set('counterWord', 'Gerai');
  });

  it('is in Indonesian without a body, in English when the kiosk asks, with the priority group’s English name', async () => {
    const id = await issue(kiosk.token, 'lansia');
    expect((await print(id.id)).json.result.outcome).toBe('printed');
    let paper = lastTicket();
    for (const s of ['NOMOR ANTREAN', 'PRIORITAS: LANSIA', 'Perhatikan layar dan panggilan suara']) expect(paper).toContain(s);
    expect(paper).toMatch(/di depan Anda/i);

    const en = await issue(kiosk.token, 'lansia');
    const r = await print(en.id, kiosk.token, { lang: 'en' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    paper = lastTicket();
    for (const s of ['YOUR NUMBER', `${en.display}   [6x6]`, 'PRIORITY: ELDERLY', 'Watch the screen and listen for your number', 'Scan this QR with your phone:']) expect(paper).toContain(s);
    expect(paper).toMatch(/People ahead: \d+|No one ahead of you/);
    for (const s of ['NOMOR ANTREAN', 'PRIORITAS', 'Perhatikan', 'pukul']) expect(paper).not.toContain(s);
    expect(paper).not.toMatch(/di depan Anda/i);
    expect(paper).toMatch(/(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d W/);

    // An officer's reprint is in Indonesian unless asked otherwise.
    const reprint = (body: object) => t.client.call('POST', `/api/tickets/${en.id}/reprint`, { ...admin(), body });
    expect((await reprint({})).json.result.outcome).toBe('printed');
    expect(lastTicket()).toContain('(CETAK ULANG)');
    expect(lastTicket()).toContain('NOMOR ANTREAN');
    expect((await reprint({ lang: 'en' })).json.result.outcome).toBe('printed');
    expect(lastTicket()).toContain('(REPRINT)');
  });

  it('refuses a language it does not print, and changes nothing', async () => {
    const tk = await issue();
    const snap = t.snapshot();
    const before = printer.printed.length;
    expectError(await print(tk.id, kiosk.token, { lang: 'fr' }), 'VALIDATION_FAILED');
    expectError(await print(tk.id, kiosk.token, { lang: 'en', copies: 2 }), 'VALIDATION_FAILED');
    expectError(await t.client.call('POST', `/api/tickets/${tk.id}/reprint`, { ...admin(), body: { lang: 'jv' } }), 'VALIDATION_FAILED');
    expect(t.snapshot()).toBe(snap);
    expect(printer.printed.length).toBe(before);
  });

  it('says the service is not open yet, in the site’s word and without an estimate, while no open counter serves it', async () => {
    closeAll();
    await issue(); // one ahead, so that an estimate would be printed
    const first = await issue();
    await print(first.id);
    let paper = lastTicket();
    expect(paper).toContain('Layanan belum dibuka;\n');
    expect(paper).toContain('Anda akan dipanggil setelah gerai buka');
    expect(paper).not.toContain('Perkiraan tunggu');

    // An officer opens a counter: the estimate is back.
    const [counterId] = ktpCounters();
    core().engine.openCounter(counterId!, {});
    const second = await issue();
    await print(second.id);
    paper = lastTicket();
    expect(paper).toContain('Perkiraan tunggu: +/- ');
    expect(paper).not.toContain('belum dibuka');

    // On a break, the counter serves no one: not open for the paper either. The site says "Loket".
    core().engine.pause(counterId!, 'Istirahat', {});
    await settingsPut({ counterWord: 'Loket' });
    const third = await issue();
    await print(third.id, kiosk.token, {});
    paper = lastTicket();
    expect(paper).toContain('Anda akan dipanggil setelah loket buka');
    expect(paper).not.toContain('Perkiraan tunggu');
    const fourth = await issue();
    await print(fourth.id, kiosk.token, { lang: 'en' });
    expect(lastTicket()).toContain('Service not open yet;\n');
    expect(lastTicket()).not.toContain('Estimated wait');
  });

  it('invites to the survey over the QR code while the site setting is on, and not when it is off', async () => {
    const on = await issue();
    await print(on.id);
    expect(lastTicket()).toMatch(/Pindai QR ini dengan ponsel:\n +pantau antrean & nilai layanan\n\[QR M cell 6: /);

    await settingsPut({ kiosk: { ...core().settings.get('kiosk'), surveyInvitation: false } });
    const off = await issue();
    await print(off.id);
    const paper = lastTicket();
    expect(paper).toContain(`[QR M cell 6: `);
    expect(paper).not.toContain('nilai layanan');
    expect(paper).not.toContain('pindai');
    expect(paper).toContain('Perhatikan layar dan panggilan suara');
  });
});

describe('reprints', () => {
  it('reprints an open ticket from a counter, marked "cetak ulang", on the kiosk it came from', async () => {
    const counter = await t.pair('counter', { counterId: 1 });
    const session = await t.login(counter.token, 'petugas01', '1234');
    const tk = await issue();
    await print(tk.id);
    const r = await t.client.call('POST', `/api/tickets/${tk.id}/reprint`, { token: counter.token, session, body: {} });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({ result: { outcome: 'printed' }, ticket: { printState: 'printed', printCount: 2 } });
    expect(onPaper().split('----- cut -----').at(-2)).toContain('(CETAK ULANG)');
    // Without an officer session there is no reprint.
    expectError(await t.client.call('POST', `/api/tickets/${tk.id}/reprint`, { token: counter.token, body: {} }), 'SESSION_REQUIRED');
  });

  it('reprints from the admin on a chosen printer (the demo’s virtual one)', async () => {
    const tk = await issue();
    const r = await t.client.call('POST', `/api/tickets/${tk.id}/reprint`, { ...admin(), body: { printerDevice: 'local' } });
    expect(r.json.result.outcome).toBe('printed');
    const folder = join(t.hub.core.dataDir, 'printers', DEMO_PRINTER_FOLDER);
    const txt = readdirSync(folder).filter((f) => f.endsWith('.txt'));
    expect(txt.at(-1)).toContain(tk.display);
    expect(readFileSync(join(folder, txt.at(-1)!), 'utf8')).toContain('(CETAK ULANG)');
  });
});

describe('kiosks that print for themselves and report to the hub', () => {
  it('takes the outcome and the printer status from the kiosk', async () => {
    const tk = await issue();
    const status = { state: 'paper_near_end', paperNearEnd: true, paperEnd: false, coverOpen: false, offline: false, error: false };
    const r = await t.client.call('POST', `/api/tickets/${tk.id}/print-result`, {
      token: kiosk.token,
      body: { outcome: 'printed', status, detail: null, bytes: 402 },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.ticket.printState).toBe('printed');
    expect((await t.client.call('GET', '/api/printer', { token: kiosk.token })).json.label).toEqual({ id: 'Kertas hampir habis', en: 'Paper nearly out' });
  });

  it('refuses a malformed report and changes nothing', async () => {
    const tk = await issue();
    const snap = t.snapshot();
    const bad = await t.client.call('POST', `/api/tickets/${tk.id}/print-result`, { token: kiosk.token, body: { outcome: 'maybe', bytes: -1 } });
    expectError(bad, 'VALIDATION_FAILED');
    expectError(await t.client.call('POST', '/api/printer/status', { token: kiosk.token, body: { state: 'fine' } }), 'VALIDATION_FAILED');
    expect(t.snapshot()).toBe(snap);
  });
});

describe('printer settings', () => {
  it('refuses bad settings and printers for devices that are not kiosks, changing nothing', async () => {
    const display = await t.pair('display');
    const snap = t.snapshot();
    expectError(await t.client.call('PUT', `/api/admin/printers/${kiosk.deviceId}`, { ...admin(), body: { transport: 'usb', address: 'x' } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', `/api/admin/printers/${kiosk.deviceId}`, { ...admin(), body: { transport: 'virtual', address: '../etc' } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', `/api/admin/printers/${display.deviceId}`, { ...admin(), body: { transport: 'tcp', address: printer.address } }), 'PRINTER_FOR_KIOSKS_ONLY');
    expectError(await t.client.call('PUT', `/api/admin/printers/${kiosk.deviceId}`, { token: kiosk.token, body: { transport: 'tcp', address: 'x' } }), 'FORBIDDEN_ROLE');
    expect(t.snapshot()).toBe(snap);
  });

  it('prints a test ticket', async () => {
    const r = await t.client.call('POST', `/api/admin/printers/${kiosk.deviceId}/test`, admin());
    expect(r.json.outcome).toBe('printed');
    expect(onPaper()).toContain('TES   [');
  });

  it('keeps the model profile the admin picked and its cut, and refuses a model it does not know, changing nothing', async () => {
    const other = await t.pair('kiosk', { name: 'Kios profil' });
    const xprinter = { ...profileSettings('xprinter-xp-80c'), transport: 'tcp', address: printer.address };
    const r = await t.client.call('PUT', `/api/admin/printers/${other.deviceId}`, { ...admin(), body: { ...xprinter, cut: 'partial' } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.config).toMatchObject({ model: 'xprinter-xp-80c', qrMode: 'raster', cut: 'partial', paperWidth: 80 });
    const listed = (await t.client.call('GET', '/api/admin/printers', admin())).json.find((p: any) => p.deviceId === other.deviceId);
    expect(listed).toMatchObject({ config: { model: 'xprinter-xp-80c', cut: 'partial' }, ownPrinter: false });
    const snap = t.snapshot();
    expectError(await t.client.call('PUT', `/api/admin/printers/${other.deviceId}`, { ...admin(), body: { ...xprinter, model: 'epson-tm-t99' } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', `/api/admin/printers/${other.deviceId}`, { ...admin(), body: { ...xprinter, cut: 'half' } }), 'VALIDATION_FAILED');
    expect(t.snapshot()).toBe(snap);
  });

  it('lists a kiosk that reports its own printer as the kiosk’s own, and a released printer as not set up', async () => {
    const own = await t.pair('kiosk', { name: 'Kios cetak sendiri' });
    const paperEnd = { state: 'paper_end', paperNearEnd: true, paperEnd: true, coverOpen: false, offline: false, error: false };
    expect((await t.client.call('POST', '/api/printer/status', { token: own.token, body: paperEnd })).status).toBe(200);
    const driven = await t.pair('kiosk', { name: 'Kios dilepas' });
    await t.client.call('PUT', `/api/admin/printers/${driven.deviceId}`, { ...admin(), body: { transport: 'tcp', address: printer.address } });
    const entry = async (deviceId: number) => (await t.client.call('GET', '/api/admin/printers', admin())).json.find((p: any) => p.deviceId === deviceId);
    expect(await entry(own.deviceId)).toMatchObject({ config: null, ownPrinter: true, status: { state: 'paper_end' }, checkedAt: expect.any(Number) });
    expect(await entry(driven.deviceId)).toMatchObject({ ownPrinter: false, status: { state: 'ready' } });
    // Released, the hub's last reading of a printer it no longer drives is gone: not "the kiosk's own".
    expect((await t.client.call('DELETE', `/api/admin/printers/${driven.deviceId}`, admin())).status).toBe(200);
    expect(await entry(driven.deviceId)).toMatchObject({ config: null, status: null, checkedAt: null, ownPrinter: false });
    // Until the kiosk reports a printer of its own.
    await t.client.call('POST', '/api/printer/status', { token: driven.token, body: paperEnd });
    expect(await entry(driven.deviceId)).toMatchObject({ config: null, ownPrinter: true });
  });
});

describe('status polling', () => {
  it('shows "kertas hampir habis" before anyone taps, from the printer itself', async () => {
    const polled = await startTestHub({ printerPollMs: 100 });
    try {
      const k = await polled.pair('kiosk');
      await polled.client.call('PUT', `/api/admin/printers/${k.deviceId}`, { token: polled.admin.token, session: polled.admin.session, body: { transport: 'tcp', address: printer.address } });
      printer.set({ paperNearEnd: true });
      let state = '';
      for (let i = 0; i < 50 && state !== 'paper_near_end'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = (await polled.client.call('GET', '/api/printer', { token: k.token })).json.status?.state;
      }
      expect(state).toBe('paper_near_end');
      const events = (await polled.client.call('GET', '/api/events?since=0&limit=1000', { token: k.token })).json.events;
      const changes = events.filter((e: any) => e.type === 'printer.status' && e.deviceId === k.deviceId).map((e: any) => e.data.state);
      // One event per change, not one per poll.
      expect(changes).toEqual(['ready', 'paper_near_end']);
    } finally {
      await polled.dispose();
    }
  });
});

describe('a kiosk retrying a print', () => {
  it('gets the job already under way, not a second paper', async () => {
    const tk = await issue();
    const before = printer.printed.length;
    const [a, b] = await Promise.all([print(tk.id), print(tk.id)]);
    expect(a.json.result.outcome).toBe('printed');
    expect(b.json).toEqual(a.json);
    const cuts = receiptToText(printer.receipt(), 48).split('----- cut -----').length;
    printer.printed = printer.printed.subarray(0, before);
    expect(receiptToText(printer.receipt(), 48).split('----- cut -----').length).toBe(cuts - 1);
  });
});
