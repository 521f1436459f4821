/**
 * Where to go and what plays: the catalogue says each service's zone (the kiosk's "Silakan menuju
 * Lantai 2 · Zona B"), the ticket the hub prints says it on one line, a service without a zone prints
 * as before; and a change to the displays' media reaches the displays' stream as a
 * `master.changed` of kind 'media', so they read their playlist again. Real hub, real HTTP and WebSocket, the fake network printer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptToText } from '../../electron/printer/escpos/decode.js';
import { AuditList } from '../../shared/admin.js';
import { Catalogue, type Event } from '../../shared/protocol.js';
import { placeText } from '../../shared/views.js';
import { FakePrinter } from '../fixtures/fakePrinter.js';
import { StreamClient } from '../fixtures/streamClient.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let t: TestHub;
let printer: FakePrinter;
let kiosk: { token: string; deviceId: number };
let n = 0;
const admin = () => ({ token: t.admin.token, session: t.admin.session });
const catalogue = async () => {
  const r = await t.client.call('GET', '/api/catalogue', { token: kiosk.token });
  expect(r.status).toBe(200);
  return Catalogue.parse(r.json);
};
const serviceIn = (c: Catalogue, id: number) => c.agencies.flatMap((a) => a.services).find((s) => s.id === id)!;

beforeAll(async () => {
  t = await startTestHub();
  printer = await new FakePrinter().start();
  kiosk = await t.pair('kiosk', { name: 'Kios lobi' });
  const r = await t.client.call('PUT', `/api/admin/printers/${kiosk.deviceId}`, { ...admin(), body: { transport: 'tcp', address: printer.address } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
});
afterAll(async () => {
  await printer.stop();
  await t.dispose();
});

describe('the zone of a service', () => {
  let zoneB: number;
  const KTP = 1;
  const KK = 2;

  beforeAll(async () => {
    const z = await t.client.call('POST', '/api/admin/zones', { ...admin(), body: { name: 'Zona B', floor: 'Lantai 2' } });
    expect(z.status, JSON.stringify(z.json)).toBe(201);
    zoneB = z.json.id;
    expect((await t.client.call('PUT', `/api/admin/services/${KTP}`, { ...admin(), body: { zoneId: zoneB } })).status).toBe(200);
    expect((await t.client.call('PUT', `/api/admin/services/${KK}`, { ...admin(), body: { zoneId: null } })).status).toBe(200);
  });

  it('is in the catalogue with its name and floor; a service without one has none', async () => {
    const c = await catalogue();
    expect(serviceIn(c, KTP).zone).toEqual({ id: zoneB, name: 'Zona B', floor: 'Lantai 2' });
    expect(serviceIn(c, KK).zone).toBeNull();
    expect(placeText(serviceIn(c, KTP).zone!)).toBe('Lantai 2 · Zona B');
  });

  it('is said in one short phrase, without saying the floor twice', () => {
    expect(placeText({ name: 'Zona B', floor: 'Lantai 2' })).toBe('Lantai 2 · Zona B');
    expect(placeText({ name: 'Lantai 2 Utama', floor: 'Lantai 2' })).toBe('Lantai 2 Utama');
    expect(placeText({ name: 'Gedung B', floor: 'Gedung B, lantai dasar' })).toBe('Gedung B, lantai dasar');
    expect(placeText({ name: 'Lantai 1', floor: '' })).toBe('Lantai 1');
    expect(placeText({ name: 'Zona B', floor: 'Lantai 2' }, ' - ')).toBe('Lantai 2 - Zona B');
  });

  it('is printed on the ticket on one line; a service without a zone prints no such line', async () => {
    const printed = async (serviceId: number) => {
      const issued = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId, requestId: `where-ticket-${n++}` } });
      expect(issued.status, JSON.stringify(issued.json)).toBe(201);
      const r = await t.client.call('POST', `/api/tickets/${issued.json.ticket.id}/print`, { token: kiosk.token });
      expect(r.json.result.outcome).toBe('printed');
      // everything printed since the start: this ticket is after the last cut but one
      const tickets = receiptToText(printer.receipt(), 48).split('----- cut -----');
      return tickets.at(-2)!.split('\n').map((l) => l.trim());
    };
    const ktp = await printed(KTP);
    expect(ktp).toContain('Silakan menuju Lantai 2 - Zona B');
    // The next step after the wait: where to go, then to watch the screen.
    const at = ktp.indexOf('Silakan menuju Lantai 2 - Zona B');
    expect(ktp.findIndex((l) => l.startsWith('Perkiraan tunggu'))).toBeLessThan(at);
    expect(ktp.slice(at + 1).join(' ')).toContain('Perhatikan layar');
    const kk = await printed(KK);
    expect(kk.some((l) => l.includes('Silakan menuju'))).toBe(false);
  });

  it('is not said once the zone is deactivated (it would send people where no one serves)', async () => {
    expect((await t.client.call('PUT', `/api/admin/zones/${zoneB}`, { ...admin(), body: { active: false } })).status).toBe(200);
    expect(serviceIn(await catalogue(), KTP).zone).toBeNull();
    expect((await t.client.call('PUT', `/api/admin/zones/${zoneB}`, { ...admin(), body: { active: true } })).status).toBe(200);
    expect(serviceIn(await catalogue(), KTP).zone?.id).toBe(zoneB);
  });
});

// a 1x1 PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

describe('the displays’ media', () => {
  it('every upload, new order and deletion reaches a display’s stream as master.changed of kind media, with its audit entry', async () => {
    const display = await t.pair('display');
    const stream = new StreamClient(t.hub.url, { token: display.token, since: t.hub.core.events.lastSeq() });
    await stream.ready();
    const media = (e: Event) => e.type === 'master.changed' && e.data.kind === 'media';
    const playlist = async () => ((await t.client.call('GET', '/api/display/media', { token: display.token })).json as { file: string }[]).map((m) => m.file);

    const a = (await t.client.call('POST', '/api/admin/media', { ...admin(), body: { name: 'Iklan KTP.png', type: 'image/png', data: PNG } })).json.file as string;
    await stream.until(() => stream.events.filter(media).length === 1);
    const b = (await t.client.call('POST', '/api/admin/media', { ...admin(), body: { name: 'Alur.png', type: 'image/png', data: PNG } })).json.file as string;
    await stream.until(() => stream.events.filter(media).length === 2);
    expect(await playlist()).toEqual([a, b]);

    expect((await t.client.call('PUT', '/api/admin/media/order', { ...admin(), body: { files: [b, a] } })).status).toBe(200);
    await stream.until(() => stream.events.filter(media).length === 3);
    expect(await playlist()).toEqual([b, a]);

    expect((await t.client.call('DELETE', `/api/admin/media/${encodeURIComponent(a)}`, admin())).status).toBe(200);
    await stream.until(() => stream.events.filter(media).length === 4);
    expect(await playlist()).toEqual([b]);

    // A refused change (a wrong order) changes nothing and tells no one.
    const snap = t.snapshot();
    expect((await t.client.call('PUT', '/api/admin/media/order', { ...admin(), body: { files: [a] } })).json.error.code).toBe('VALIDATION_FAILED');
    expect(t.snapshot()).toBe(snap);

    const ev = stream.events.filter(media);
    expect(ev.map((e) => e.data)).toEqual(Array.from({ length: 4 }, () => ({ kind: 'media', id: 1 })));
    // who made it: the admin's device and officer
    // The audit log (its subject filter does not list media: read whole, newest first).
    const audit = AuditList.parse((await t.client.call('GET', '/api/admin/audit', admin())).json).entries.filter((e) => e.subject === 'media');
    expect(audit.map((e) => e.action)).toEqual(['media.delete', 'media.order', 'media.add', 'media.add']);
    // Who made each change: the admin's device and officer, on the event as in the log.
    const adminDevice = audit[0]!.deviceId;
    expect(adminDevice).not.toBeNull();
    expect(ev.every((e) => e.deviceId === adminDevice && e.officerId === audit[0]!.officerId && e.officerId !== null)).toBe(true);
    stream.close();
  });
});
