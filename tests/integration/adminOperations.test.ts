/**
 * The admin's operations through the real API: a ticket found by its number (today, a date, not
 * found, another agency's), called at a chosen counter, reprinted, cancelled with a reason; the
 * displays' media (type and size limits, order, delete); pairing a counter PC for its counter and a
 * display for its zone, end to end through POST /api/pair; what an agency supervisor may not do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import { parseTicketNumber } from '../../shared/operations.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let t: TestHub;
let kiosk: { token: string; deviceId: number };
const admin = () => ({ token: t.admin.token, session: t.admin.session });
function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}
let n = 0;
const issue = async (serviceId: number) => {
  const r = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId, requestId: `ops-${String(n++).padStart(4, "0")}-${serviceId}` } });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.ticket as { id: number; display: string; businessDate: string };
};
const find = (number: string, date?: string, who = admin()) =>
  t.client.call('GET', `/api/admin/tickets?${new URLSearchParams({ number, ...(date ? { date } : {}) })}`, who);

// Dukcapil is agency 1 (services 1-6: A…F, Gerai 1-4); Polres agency 2 (G, H; Gerai 5-6).
const KTP = 1;
const SKCK = 7;

beforeAll(async () => {
  t = await startTestHub();
  kiosk = await t.pair('kiosk', { name: 'Kios lobi' });
});
afterAll(async () => t.dispose());

it('reads ticket numbers as people type them', () => {
  expect(parseTicketNumber('A-012')).toEqual({ prefix: 'A', number: 12 });
  expect(parseTicketNumber(' a12 ')).toEqual({ prefix: 'A', number: 12 });
  expect(parseTicketNumber('BA 7')).toEqual({ prefix: 'BA', number: 7 });
  expect(parseTicketNumber('4A1-007')).toEqual({ prefix: '4A1', number: 7 });
  expect(parseTicketNumber('12')).toBeNull();
  expect(parseTicketNumber('A-')).toBeNull();
  expect(parseTicketNumber('ABCDE-1')).toBeNull();
});

describe('finding a ticket', () => {
  it('finds today’s ticket by number, with its history, and calls it at the chosen counter', async () => {
    const a1 = await issue(KTP);
    await issue(KTP);
    const r = await find(a1.display.toLowerCase().replace('-', ''));
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({ ticket: { id: a1.id, status: 'waiting' }, serviceName: 'KTP Elektronik', agencyId: 1, counterLabel: null });
    expect(r.json.history.map((h: any) => h.type)).toEqual(['ticket.issued']);
    expect(r.json.history[0].deviceName).toBe('Kios lobi');
    // Gerai 1 to 4 serve KTP; nobody works at them yet.
    expect(r.json.counters.map((c: any) => c.label)).toEqual(['Gerai 1', 'Gerai 2', 'Gerai 3', 'Gerai 4']);
    expect(r.json.counters.every((c: any) => c.state === 'closed' && !c.busy)).toBe(true);

    // A closed counter cannot call; a counter that does not serve the service cannot either.
    const snap = t.snapshot();
    expectError(await t.client.call('POST', `/api/admin/tickets/${a1.id}/call`, { ...admin(), body: { counterId: 2 } }), 'SESSION_REQUIRED');
    const counter = await t.pair('counter', { counterId: 2 });
    await t.login(counter.token, 'petugas02', '1234');
    const polres = await t.pair('counter', { counterId: 5 });
    await t.login(polres.token, 'petugas05', '1234');
    const afterLogins = t.snapshot();
    expect(afterLogins).not.toBe(snap);
    expectError(await t.client.call('POST', `/api/admin/tickets/${a1.id}/call`, { ...admin(), body: { counterId: 5 } }), 'SERVICE_NOT_AT_COUNTER');
    expect(t.snapshot()).toBe(afterLogins);

    // The second ticket is called ahead of the queue's order, at Gerai 2, for its officer.
    const called = await t.client.call('POST', `/api/admin/tickets/${a1.id + 1}/call`, { ...admin(), body: { counterId: 2 } });
    expect(called.status, JSON.stringify(called.json)).toBe(200);
    expect(called.json).toMatchObject({ ticket: { status: 'called', counterId: 2 }, counterLabel: 'Gerai 2' });
    const callEntry = called.json.history.at(-1);
    expect(callEntry).toMatchObject({ type: 'ticket.called', counterLabel: 'Gerai 2', officerName: 'Petugas Dukcapil 2', deviceName: 'Admin PC' });
    // The counter now holds it: it shows busy, and a second call there is refused.
    expect((await find(a1.display)).json.counters.find((c: any) => c.id === 2)).toMatchObject({ state: 'open', busy: true });
    expectError(await t.client.call('POST', `/api/admin/tickets/${a1.id}/call`, { ...admin(), body: { counterId: 2 } }), 'COUNTER_BUSY');
    // Who asked is in the audit log.
    const audit = t.hub.core.audit.list({ subject: 'ticket' });
    expect(audit[0]).toMatchObject({ action: 'ticket.call', subjectId: a1.id + 1, officer: 'Admin MPP' });
  });

  it('reprints and cancels with a reason; a cancel without one is refused', async () => {
    const tk = await issue(KTP);
    const reprint = await t.client.call('POST', `/api/tickets/${tk.id}/reprint`, { ...admin(), body: { printerDevice: 'local' } });
    expect(reprint.json.result.outcome).toBe('printed');
    const snap = t.snapshot();
    expectError(await t.client.call('POST', `/api/admin/tickets/${tk.id}/cancel`, { ...admin(), body: {} }), 'VALIDATION_FAILED');
    expectError(await t.client.call('POST', `/api/admin/tickets/${tk.id}/cancel`, { ...admin(), body: { reason: '   ' } }), 'VALIDATION_FAILED');
    expect(t.snapshot()).toBe(snap);
    const r = await t.client.call('POST', `/api/admin/tickets/${tk.id}/cancel`, { ...admin(), body: { reason: 'Warga salah pilih layanan' } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.ticket).toMatchObject({ status: 'cancelled', closeReason: 'Warga salah pilih layanan' });
    expect(r.json.history.map((h: any) => [h.type, h.reprint, h.detail])).toEqual([
      ['ticket.issued', false, null],
      ['ticket.printed', true, null],
      ['ticket.cancelled', false, 'Warga salah pilih layanan'],
    ]);
    expectError(await t.client.call('POST', `/api/admin/tickets/${tk.id}/cancel`, { ...admin(), body: { reason: 'lagi' } }), 'TICKET_WRONG_STATE');
  });

  it('tells, in the history, that a day closed by mistake was reopened', async () => {
    const tk = await issue(KTP);
    const date = t.hub.core.engine.today();
    expect((await t.client.call('POST', '/api/admin/day/close', { ...admin(), body: { reason: 'Tutup' } })).status).toBe(200);
    expect((await find(tk.display)).json.ticket.status).toBe('closed');
    expect((await t.client.call('POST', '/api/admin/day/reopen', { ...admin(), body: { date, reason: 'Salah tekan' } })).status).toBe(200);
    const r = await find(tk.display);
    expect(r.json.ticket.status).toBe('waiting');
    expect(r.json.history.map((h: any) => [h.type, h.detail])).toEqual([
      ['ticket.issued', null],
      ['ticket.closed', 'Tutup'],
      ['day.reopened', 'Salah tekan'],
    ]);
  });
});

describe('an agency supervisor', () => {
  let kepala: { token: string; session: string };
  beforeAll(async () => {
    const add = await t.client.call('POST', '/api/admin/officers', { ...admin(), body: { name: 'Kepala Gerai Polres', username: 'kepala.polres', pin: '5678', role: 'supervisor', agencyId: 2 } });
    expect(add.status, JSON.stringify(add.json)).toBe(201);
    const pc = await t.pair('admin', { name: 'PC kepala gerai' });
    kepala = { token: pc.token, session: await t.login(pc.token, 'kepala.polres', '5678') };
  });

  it('finds, reprints and cancels only their agency’s tickets', async () => {
    const skck = await issue(SKCK);
    const ktp = await issue(KTP);
    expect((await find(skck.display, undefined, kepala)).json.ticket.id).toBe(skck.id);
    const snap = t.snapshot();
    expectError(await find(ktp.display, undefined, kepala), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', `/api/admin/tickets/${ktp.id}/cancel`, { ...kepala, body: { reason: 'x' } }), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', `/api/tickets/${ktp.id}/cancel`, { ...kepala, body: { reason: 'x' } }), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', `/api/admin/tickets/${ktp.id}/call`, { ...kepala, body: { counterId: 1 } }), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', `/api/tickets/${ktp.id}/reprint`, { ...kepala, body: { printerDevice: 'local' } }), 'AGENCY_SCOPE');
    expect(t.snapshot()).toBe(snap);
    const r = await t.client.call('POST', `/api/admin/tickets/${skck.id}/cancel`, { ...kepala, body: { reason: 'Berkas belum lengkap' } });
    expect(r.json.ticket.status).toBe('cancelled');
  });

  it('may not close the day, sync, back up, change the media or the settings', async () => {
    const snap = t.snapshot();
    const refused = [
      await t.client.call('POST', '/api/admin/day/close', { ...kepala, body: {} }),
      await t.client.call('POST', '/api/admin/day/reopen', { ...kepala, body: { date: t.hub.core.engine.today(), reason: 'x' } }),
      await t.client.call('GET', '/api/admin/sync', kepala),
      await t.client.call('POST', '/api/admin/sync/now', kepala),
      await t.client.call('GET', '/api/admin/backups', kepala),
      await t.client.call('POST', '/api/admin/backups', kepala),
      await t.client.call('GET', '/api/admin/media', kepala),
      await t.client.call('POST', '/api/admin/media', { ...kepala, body: { name: 'x.png', type: 'image/png', data: PNG } }),
      await t.client.call('PUT', '/api/admin/settings', { ...kepala, body: { waitTargetMinutes: 20 } }),
      await t.client.call('PUT', '/api/admin/printers/local', { ...kepala, body: { transport: 'virtual', address: 'lain' } }),
    ];
    for (const r of refused) expectError(r, 'AGENCY_SCOPE');
    expect(t.snapshot()).toBe(snap);
  });
});

// a 1x1 PNG, and a 1x1 JPEG's first bytes
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64)]).toString('base64');

describe('the displays’ media', () => {
  const list = async () => (await t.client.call('GET', '/api/admin/media', admin())).json as { items: { file: string; kind: string; bytes: number }[]; totalBytes: number };
  const display = async () => (await t.client.call('GET', '/api/display/media', admin())).json.map((m: any) => m.file);

  it('takes images of the right type and size, in order, and deletes them', async () => {
    expect((await list()).items).toEqual([]);
    const snapshotDir = await list();
    // The type must be what the bytes are, and within its limit.
    expectError(await t.client.call('POST', '/api/admin/media', { ...admin(), body: { name: 'iklan.jpg', type: 'image/jpeg', data: PNG } }), 'MEDIA_WRONG_TYPE');
    expectError(await t.client.call('POST', '/api/admin/media', { ...admin(), body: { name: 'virus.exe', type: 'application/x-msdownload', data: PNG } }), 'VALIDATION_FAILED');
    const big = Buffer.concat([Buffer.from(PNG, 'base64'), Buffer.alloc(5 * 1024 * 1024)]).toString('base64');
    expectError(await t.client.call('POST', '/api/admin/media', { ...admin(), body: { name: 'besar.png', type: 'image/png', data: big } }), 'MEDIA_TOO_LARGE');
    expect(await list()).toEqual(snapshotDir);

    const first = await t.client.call('POST', '/api/admin/media', { ...admin(), body: { name: 'Iklan KTP (final).PNG', type: 'image/png', data: PNG } });
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect(first.json).toEqual({ file: 'Iklan KTP final.png', kind: 'image', bytes: Buffer.from(PNG, 'base64').length });
    const second = (await t.client.call('POST', '/api/admin/media', { ...admin(), body: { name: 'Alur layanan.jpg', type: 'image/jpeg', data: JPEG } })).json;
    // The same name again gets its own.
    const third = (await t.client.call('POST', '/api/admin/media', { ...admin(), body: { name: 'Iklan KTP (final).png', type: 'image/png', data: PNG } })).json;
    expect(third.file).toBe('Iklan KTP final 2.png');
    // Played in the order they came, whatever their names.
    expect(await display()).toEqual(['Iklan KTP final.png', 'Alur layanan.jpg', 'Iklan KTP final 2.png']);
    const served = await fetch(`${t.client.baseUrl}/media/${encodeURIComponent(second.file)}`);
    expect(served.headers.get('content-type')).toBe('image/jpeg');

    // A new order names every file once.
    expectError(await t.client.call('PUT', '/api/admin/media/order', { ...admin(), body: { files: [second.file, first.json.file] } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', '/api/admin/media/order', { ...admin(), body: { files: [second.file, second.file, third.file] } }), 'VALIDATION_FAILED');
    const ordered = await t.client.call('PUT', '/api/admin/media/order', { ...admin(), body: { files: [third.file, second.file, first.json.file] } });
    expect(ordered.json.items.map((m: any) => m.file)).toEqual([third.file, second.file, first.json.file]);
    expect(await display()).toEqual([third.file, second.file, first.json.file]);

    expect((await t.client.call('DELETE', `/api/admin/media/${encodeURIComponent(second.file)}`, admin())).status).toBe(200);
    expect(await display()).toEqual([third.file, first.json.file]);
    expect((await fetch(`${t.client.baseUrl}/media/${encodeURIComponent(second.file)}`)).status).toBe(404);
    expectError(await t.client.call('DELETE', `/api/admin/media/${encodeURIComponent(second.file)}`, admin()), 'MEDIA_NOT_FOUND');
    expectError(await t.client.call('DELETE', `/api/admin/media/${encodeURIComponent('../data.db')}`, admin()), 'VALIDATION_FAILED');
    expect(t.hub.core.audit.list({ subject: 'media' }).map((a) => a.action)).toEqual(['media.delete', 'media.order', 'media.add', 'media.add', 'media.add']);
  });
});

describe('pairing from the devices tab', () => {
  it('pairs a counter PC for its counter, end to end', async () => {
    const code = await t.client.call('POST', '/api/admin/pairing-codes', { ...admin(), body: { role: 'counter', name: 'PC Gerai 3', counterId: 3 } });
    expect(code.status, JSON.stringify(code.json)).toBe(201);
    const paired = await t.client.call('POST', '/api/pair', { body: { code: code.json.code } });
    expect(paired.json).toMatchObject({ role: 'counter', counterId: 3 });
    const device = (await t.client.call('GET', '/api/admin/devices', admin())).json.find((d: any) => d.id === paired.json.deviceId);
    expect(device).toMatchObject({ name: 'PC Gerai 3', role: 'counter', counterId: 3 });
    // The PC logs an officer in at its own counter without naming it.
    const session = await t.login(paired.json.token, 'petugas03', '1234');
    expect((await t.client.call('GET', '/api/sessions/current', { token: paired.json.token, session })).json.counterId).toBe(3);
    // A counter PC without a counter is refused.
    expectError(await t.client.call('POST', '/api/admin/pairing-codes', { ...admin(), body: { role: 'counter', name: 'PC tanpa loket' } }), 'VALIDATION_FAILED');
  });

  it('pairs a display for a zone, end to end', async () => {
    const zones = await t.client.call('GET', '/api/admin/zones', admin());
    expect(zones.status, JSON.stringify(zones.json)).toBe(200);
    const lantai2 = (zones.json as { id: number; name: string }[]).find((z) => z.name === 'Lantai 2')!;
    expect(lantai2).toBeDefined();
    const code = await t.client.call('POST', '/api/admin/pairing-codes', { ...admin(), body: { role: 'display', name: 'Layar lantai 2', zoneId: lantai2.id } });
    expect(code.status, JSON.stringify(code.json)).toBe(201);
    const paired = await t.client.call('POST', '/api/pair', { body: { code: code.json.code } });
    expect(paired.json.role).toBe('display');
    const device = (await t.client.call('GET', '/api/admin/devices', admin())).json.find((d: any) => d.id === paired.json.deviceId);
    expect(device).toMatchObject({ name: 'Layar lantai 2', role: 'display', zoneId: lantai2.id });
  });
});

describe('printers', () => {
  it('reads a kiosk printer’s status on demand', async () => {
    expectError(await t.client.call('POST', `/api/admin/printers/${kiosk.deviceId}/status`, admin()), 'PRINTER_NOT_CONFIGURED');
    const set = await t.client.call('PUT', `/api/admin/printers/${kiosk.deviceId}`, { ...admin(), body: { transport: 'virtual', address: 'kios-lobi', paperWidth: 58 } });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
    const status = await t.client.call('POST', `/api/admin/printers/${kiosk.deviceId}/status`, admin());
    expect(status.json).toMatchObject({ state: 'ready', paperEnd: false });
    const listed = (await t.client.call('GET', '/api/admin/printers', admin())).json.find((p: any) => p.deviceId === kiosk.deviceId);
    expect(listed).toMatchObject({ deviceName: 'Kios lobi', config: { transport: 'virtual', paperWidth: 58 }, status: { state: 'ready' } });
  });
});

// Last: it moves the clock a day on.
describe('another day', () => {
  it('finds a ticket of another date, says when there is none, and refuses a number that is not one', async () => {
    const yesterday = t.hub.core.engine.today();
    // The agency supervisor's test issued G-001 yesterday already.
    const old = await issue(SKCK);
    expect(old.display).not.toBe('G-001');
    t.clock.advanceMinutes(24 * 60);
    t.hub.core.engine.closeStaleDays();
    // A day later the admin logs in again (the session ended while idle).
    t.admin.session = await t.login(t.admin.token, 'admin', '246810');
    const today = t.hub.core.engine.today();
    expect(today).not.toBe(yesterday);
    expectError(await find(old.display), 'TICKET_NOT_FOUND');
    const fresh = await issue(SKCK);
    expect(fresh.display).toBe('G-001');
    expect((await find('G-001')).json.ticket.id).toBe(fresh.id);
    expect((await find('g1', yesterday)).json.ticket).toMatchObject({ businessDate: yesterday, status: 'cancelled' });
    const past = await find(old.display, yesterday);
    expect(past.json).toMatchObject({ ticket: { id: old.id, businessDate: yesterday, status: 'closed' }, today });
    expect(past.json.history.at(-1).type).toBe('ticket.closed');
    expectError(await find('G-999'), 'TICKET_NOT_FOUND');
    expectError(await find('G-001', '2026-02-31'), 'VALIDATION_FAILED');
    expectError(await find('hello'), 'VALIDATION_FAILED');
    expectError(await t.client.call('GET', '/api/admin/tickets', admin()), 'VALIDATION_FAILED');
  });
});
