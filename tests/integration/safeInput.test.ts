/**
 * Careless or hostile settings over real HTTP: a printer address that is not a printer, dates that
 * are not days, bodies that are not JSON. Each is refused with Antre's error shape (code, Indonesian
 * and English), and nothing is written: not the database, not the file a printer was pointed at.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

const KTP = 1; // demo service "KTP Elektronik"
let t: TestHub;
let kiosk: { token: string; deviceId: number };
let n = 0;

const admin = () => ({ token: t.admin.token, session: t.admin.session });
const setPrinter = (body: unknown) => t.client.call('PUT', `/api/admin/printers/${kiosk.deviceId}`, { ...admin(), body });

function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
  expect(r.json.error.message).toEqual({ id: ERRORS[code].id, en: ERRORS[code].en });
}

/** Any refusal in Antre's shape: a code and both languages, whatever layer refused it. */
function expectAntreShape(r: { status: number; json: any }, status: number) {
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  expect(Object.keys(r.json)).toEqual(['error']);
  expect(r.json.error.code).toMatch(/^[A-Z_]+$/);
  expect(r.json.error.message.id).toBeTruthy();
  expect(r.json.error.message.en).toBeTruthy();
  expect(r.json.error.message.id).not.toBe(r.json.error.message.en);
}

async function issueAndPrint() {
  const issued = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: KTP, requestId: `safe-input-${n++}` } });
  expect(issued.status, JSON.stringify(issued.json)).toBe(201);
  return t.client.call('POST', `/api/tickets/${issued.json.ticket.id}/print`, { token: kiosk.token });
}

/** A raw request, for what fetch() will not send (a GET with a body). */
function raw(method: string, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: any }> {
  const url = new URL(t.hub.url + path);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  t = await startTestHub();
  kiosk = await t.pair('kiosk', { name: 'Kios lobi' });
});
afterAll(async () => t.dispose());

describe('printer addresses', () => {
  it('refuses a file printer pointed at the hub’s database, a regular file or a folder, writing nothing', async () => {
    const dbPath = t.hub.core.db.name;
    const dbBefore = readFileSync(dbPath);
    const victim = join(t.hub.core.dataDir, 'catatan.txt');
    writeFileSync(victim, 'isi penting\n');
    const folder = join(t.hub.core.dataDir, 'folder');
    mkdirSync(folder, { recursive: true });
    const snap = t.snapshot();
    for (const address of [dbPath, victim, folder, '/dev/../' + victim, '/dev/shm/antre', 'antre.db', 'C:\\antre\\antre.db']) {
      expectError(await setPrinter({ transport: 'file', address }), 'PRINTER_NOT_A_DEVICE');
    }
    expect(t.snapshot()).toBe(snap);
    expect(readFileSync(victim, 'utf8')).toBe('isi penting\n');
    expect(readFileSync(dbPath).subarray(0, 100)).toEqual(dbBefore.subarray(0, 100));
  });

  it('refuses a regular file at print time too, for a setting stored before the check existed', async () => {
    const victim = join(t.hub.core.dataDir, 'lama.txt');
    writeFileSync(victim, 'jangan ditimpa\n');
    t.hub.core.db.prepare('INSERT INTO printers (device_id, config, updated_at) VALUES (?, ?, 0) ON CONFLICT DO NOTHING').run(kiosk.deviceId, 'null');
    t.hub.core.db.prepare('UPDATE printers SET config = ? WHERE device_id = ?').run(JSON.stringify({ transport: 'file', address: victim, baudRate: 9600, paperWidth: 80, codePage: 'PC437', qrMode: 'native' }), kiosk.deviceId);
    const r = await issueAndPrint();
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.result.outcome).toBe('failed');
    expect(r.json.result.detail).toContain('PRINTER_NOT_A_DEVICE');
    expect(readFileSync(victim, 'utf8')).toBe('jangan ditimpa\n');
    // the admin still sees the old setting, to correct it
    const list = await t.client.call('GET', '/api/admin/printers', admin());
    expect(list.status).toBe(200);
  });

  it('accepts a character device (/dev/null) and prints to it', async () => {
    const r = await setPrinter({ transport: 'file', address: '/dev/null' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const printed = await issueAndPrint();
    // one-way: handed over, never confirmed
    expect(printed.json.result.outcome).toBe('unconfirmed');
  });

  it('takes tcp only as host:port and serial only as a port name', async () => {
    const snap = t.snapshot();
    for (const address of ['192.168.1.50', 'printer.local', '192.168.1.50:0', '192.168.1.50:70000', '300.1.1.1:9100', 'host name:9100', '/etc/passwd', 'http://x:9100', '[zz]:9100', '; rm -rf /']) {
      expectError(await setPrinter({ transport: 'tcp', address }), 'PRINTER_ADDRESS_INVALID');
    }
    for (const address of ['/etc/passwd', t.hub.core.db.name, 'COM0', '/dev/sda', 'tty0']) {
      expectError(await setPrinter({ transport: 'serial', address }), 'PRINTER_ADDRESS_INVALID');
    }
    expect(t.snapshot()).toBe(snap);
    for (const address of ['192.168.1.50:9100', 'printer-lobi.local:9100', '[fe80::1]:9100']) {
      expect((await setPrinter({ transport: 'tcp', address })).json.config?.address).toBe(address);
    }
  });

  it('keeps the virtual printer working (the demo’s and the tests’)', async () => {
    const r = await setPrinter({ transport: 'virtual', address: 'kios-lobi' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect((await issueAndPrint()).json.result.outcome).toBe('printed');
    expectError(await setPrinter({ transport: 'virtual', address: '../..' }), 'VALIDATION_FAILED');
  });
});

describe('dates', () => {
  it('refuses a closure on a day that does not exist', async () => {
    const snap = t.snapshot();
    for (const date of ['2026-02-31', '2026-13-01', '2026-00-10', '2025-02-29', '2026-1-01']) {
      expectError(await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date, serviceId: null, reason: 'Libur' } }), 'VALIDATION_FAILED');
    }
    expect(t.snapshot()).toBe(snap);
    expect((await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date: '2028-02-29', serviceId: null, reason: 'Kabisat' } })).status).toBe(201);
  });

  it('refuses a report range with a day that does not exist', async () => {
    expectError(await t.client.call('GET', '/api/admin/reports?from=2026-02-31', admin()), 'VALIDATION_FAILED');
    expectError(await t.client.call('GET', '/api/admin/reports?from=2026-02-01&to=2026-02-30', admin()), 'VALIDATION_FAILED');
    expect((await t.client.call('GET', '/api/admin/reports?from=2026-02-01&to=2026-02-28', admin())).status).toBe(200);
  });

  it('refuses reopening a day that does not exist', async () => {
    expectError(await t.client.call('POST', '/api/admin/day/reopen', { ...admin(), body: { date: '2026-02-31', reason: 'salah tutup' } }), 'VALIDATION_FAILED');
  });
});

describe('settings', () => {
  it('refuses unknown keys, unbounded values and a time zone that does not exist, changing nothing', async () => {
    const snap = t.snapshot();
    const settings = (body: unknown) => t.client.call('PUT', '/api/admin/settings', { ...admin(), body });
    expectError(await settings({ debug: true }), 'VALIDATION_FAILED');
    expectError(await settings({ kiosk: { askPriority: true, idleSeconds: 30, printerTrouble: 'stop', extra: 1 } }), 'VALIDATION_FAILED');
    expectError(await settings({ sessionIdleMinutes: 10 ** 9 }), 'VALIDATION_FAILED');
    const current = (await t.client.call('GET', '/api/admin/settings', admin())).json;
    const many = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`K${i}`, 'ka']));
    expectError(await settings({ display: { ...current.display, pronunciations: many } }), 'VALIDATION_FAILED');
    const site = (await t.client.call('GET', '/api/admin/overview', admin())).status;
    expect(site).toBe(200);
    const base = { name: 'MPP', address: '', timeZone: 'Asia/Jakarta', ticketHeader: '', ticketFooter: '' };
    expectError(await t.client.call('PUT', '/api/admin/site', { ...admin(), body: { ...base, timeZone: 'Asia/Atlantis' } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', '/api/admin/site', { ...admin(), body: { ...base, name: 'x'.repeat(500) } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', '/api/admin/site', { ...admin(), body: { ...base, logo: 'x' } }), 'VALIDATION_FAILED');
    expect(t.snapshot()).toBe(snap);
  });
});

describe('one error format', () => {
  it('answers 415 in Antre’s shape for a body that is not JSON', async () => {
    const snap = t.snapshot();
    for (const contentType of ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x']) {
      const r = await t.client.call('POST', '/api/tickets', { token: kiosk.token, rawBody: '{"serviceId":1,"requestId":"x-415"}', contentType });
      expectError(r, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expect(t.snapshot()).toBe(snap);
  });

  it('answers every framework-level refusal in Antre’s shape', async () => {
    expectError(await t.client.call('DELETE', '/api/sessions/current', { token: t.admin.token, session: t.admin.session, body: { x: 1 } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('POST', '/api/tickets', { token: kiosk.token, rawBody: '{"serviceId": 1,' }), 'BAD_JSON');
    expectError(await t.client.call('POST', '/api/tickets', { token: kiosk.token, rawBody: '' }), 'BAD_JSON');
    expectError(await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: KTP, requestId: 'big', pad: 'x'.repeat(64 * 1024) } }), 'BODY_TOO_LARGE');
    expectError(await t.client.call('GET', '/api/tidak-ada', {}), 'NOT_FOUND');
    expectAntreShape(await t.client.call('PATCH', '/api/tickets', { token: kiosk.token, body: {} }), 404);
    expectError(await t.client.call('GET', `/api/tickets/${'9'.repeat(9000)}`, { token: kiosk.token }), 'URL_TOO_LONG');
    expectError(await raw('GET', '/api/printer', { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json' }, '{"a":1}'), 'VALIDATION_FAILED');
    expectError(await raw('POST', '/api/tickets', { authorization: `Bearer ${kiosk.token}` }, 'hello'), 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('still answers the session DELETE without a body', async () => {
    const kioskSession = await t.login(t.admin.token, 'admin', '246810');
    const r = await t.client.call('DELETE', '/api/sessions/current', { token: t.admin.token, session: kioskSession });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  });
});
