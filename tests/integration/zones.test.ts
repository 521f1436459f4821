/**
 * Zones on the hub: a display paired for "Lantai 2" receives only Lantai 2's calls and waiting,
 * on the stream (a real WebSocket) and in its state (real HTTP), while a whole-hall display, a
 * kiosk and a counter PC receive everything.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import { DisplayState, type Event } from '../../shared/protocol.js';
import { StreamClient } from '../fixtures/streamClient.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

let t: TestHub;
const admin = () => ({ token: t.admin.token, session: t.admin.session });
function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}

/** The demo's floors as zone rows, counters and services in them (what master data keeps set). */
let zone: { l1: number; l2: number };
let l1: { counters: Set<number>; services: Set<number> };
let l2: { counters: Set<number>; services: Set<number> };
/** a Dukcapil counter on Lantai 1 and a BPN counter on Lantai 2, with a service of each */
let gerai1: { id: number; username: string; serviceId: number };
let geraiBpn: { id: number; username: string; serviceId: number };

beforeAll(async () => {
  t = await startTestHub();
  const db = t.hub.core.db;
  // The demo names its floors on the counters; zone rows and ids as master data keeps them
  // (made here only if this build's set-up does not make them).
  for (const name of ['Lantai 1', 'Lantai 2']) db.prepare('INSERT OR IGNORE INTO zones (name) VALUES (?)').run(name);
  db.exec(`UPDATE counters SET zone_id = (SELECT id FROM zones WHERE name = counters.zone) WHERE zone_id IS NULL`);
  db.exec(`UPDATE services SET zone_id = (SELECT c.zone_id FROM counter_services cs JOIN counters c ON c.id = cs.counter_id
             WHERE cs.service_id = services.id ORDER BY cs.rank, c.id LIMIT 1) WHERE zone_id IS NULL`);
  t.hub.core.access.zones.forget();
  t.hub.core.master.forgetServices?.();
  const id = (name: string) => db.prepare('SELECT id FROM zones WHERE name = ?').pluck().get(name) as number;
  zone = { l1: id('Lantai 1'), l2: id('Lantai 2') };
  const of = (z: number) => ({
    counters: new Set(db.prepare('SELECT id FROM counters WHERE zone_id = ?').pluck().all(z) as number[]),
    services: new Set(db.prepare('SELECT id FROM services WHERE zone_id = ?').pluck().all(z) as number[]),
  });
  l1 = of(zone.l1);
  l2 = of(zone.l2);
  const counterOf = (agency: string) => {
    const c = db
      .prepare(
        `SELECT c.id, c.label, (SELECT service_id FROM counter_services WHERE counter_id = c.id ORDER BY rank LIMIT 1) AS serviceId
         FROM counters c JOIN agencies a ON a.id = c.agency_id WHERE a.code = ? ORDER BY c.id LIMIT 1`,
      )
      .get(agency) as { id: number; label: string; serviceId: number };
    // The demo's officers: petugasNN works at Gerai NN.
    return { id: c.id, serviceId: c.serviceId, username: `petugas${c.label.replace('Gerai ', '').padStart(2, '0')}` };
  };
  gerai1 = counterOf('DUKCAPIL');
  geraiBpn = counterOf('BPN');
  expect(l1.counters.has(gerai1.id) && l1.services.has(gerai1.serviceId)).toBe(true);
  expect(l2.counters.has(geraiBpn.id) && l2.services.has(geraiBpn.serviceId)).toBe(true);
});
afterAll(async () => t.dispose());

async function pairDisplay(zoneId?: number): Promise<{ token: string; deviceId: number; zoneId: number | null }> {
  const code = await t.client.call('POST', '/api/admin/pairing-codes', { ...admin(), body: { role: 'display', name: 'Layar uji', ...(zoneId ? { zoneId } : {}) } });
  expect(code.status, JSON.stringify(code.json)).toBe(201);
  const r = await t.client.call('POST', '/api/pair', { body: { code: code.json.code } });
  expect(r.status).toBe(201);
  return r.json;
}

/** Any event at a Lantai 1 counter, or about a Lantai 1 service away from a counter. */
const isLantai1 = (e: Event) =>
  (e.counterId !== null && l1.counters.has(e.counterId)) || (e.counterId === null && e.serviceId !== null && l1.services.has(e.serviceId));

it('pairs a display for a zone, and refuses a zone for anything but a display or a zone that does not exist', async () => {
  const before = t.snapshot();
  expectError(await t.client.call('POST', '/api/admin/pairing-codes', { ...admin(), body: { role: 'kiosk', name: 'Kios', zoneId: zone.l2 } }), 'VALIDATION_FAILED');
  expectError(await t.client.call('POST', '/api/admin/pairing-codes', { ...admin(), body: { role: 'display', name: 'Layar', zoneId: 9999 } }), 'ZONE_NOT_FOUND');
  expect(t.snapshot()).toBe(before);
  const display = await pairDisplay(zone.l2);
  expect(display.zoneId).toBe(zone.l2);
  const devices = (await t.client.call('GET', '/api/admin/devices', admin())).json as { id: number; zoneId: number | null }[];
  expect(devices.find((d) => d.id === display.deviceId)?.zoneId).toBe(zone.l2);
});

it('never sends a Lantai 2 display a Lantai 1 call, on the stream or in its state; a whole-hall display, a kiosk and a counter get both', async () => {
  const lantai2 = await pairDisplay(zone.l2);
  const hall = await pairDisplay();
  const kiosk = await t.pair('kiosk');
  const c1 = await t.pair('counter', { counterId: gerai1.id });
  const c2 = await t.pair('counter', { counterId: geraiBpn.id });
  const since = t.hub.core.events.lastSeq();
  const streams = {
    lantai2: new StreamClient(t.hub.url, { token: lantai2.token, since }),
    hall: new StreamClient(t.hub.url, { token: hall.token, since }),
    kiosk: new StreamClient(t.hub.url, { token: kiosk.token, since }),
    counter: new StreamClient(t.hub.url, { token: c1.token, since }),
  };
  await Promise.all(Object.values(streams).map((s) => s.ready()));

  const s1 = await t.login(c1.token, gerai1.username, '1234');
  const s2 = await t.login(c2.token, geraiBpn.username, '1234');
  for (const [serviceId, n] of [[gerai1.serviceId, 1], [geraiBpn.serviceId, 2]] as const) {
    const r = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId, requestId: `zona-${serviceId}-${n}` } });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
  const call1 = await t.client.call('POST', `/api/counters/${gerai1.id}/call-next`, { token: c1.token, session: s1 });
  const call2 = await t.client.call('POST', `/api/counters/${geraiBpn.id}/call-next`, { token: c2.token, session: s2 });
  expect(call1.json.ticket.serviceId).toBe(gerai1.serviceId);
  expect(call2.json.ticket.serviceId).toBe(geraiBpn.serviceId);

  const called = (s: StreamClient, counterId: number) => s.events.some((e) => e.type === 'ticket.called' && e.counterId === counterId);
  // Every event is published in order on one thread: once the hall display has the later call,
  // the Lantai 2 display has been sent everything it will be sent of both.
  await streams.hall.until(() => called(streams.hall, gerai1.id) && called(streams.hall, geraiBpn.id));
  await streams.lantai2.until(() => called(streams.lantai2, geraiBpn.id));
  await streams.kiosk.until(() => called(streams.kiosk, gerai1.id) && called(streams.kiosk, geraiBpn.id));
  await streams.counter.until(() => called(streams.counter, gerai1.id) && called(streams.counter, geraiBpn.id));

  expect(streams.lantai2.events.filter(isLantai1)).toEqual([]);
  expect(streams.lantai2.events.some((e) => e.type === 'ticket.issued' && e.serviceId === geraiBpn.serviceId)).toBe(true);
  expect(streams.hall.events.filter(isLantai1).length).toBeGreaterThan(0);

  // The state: Lantai 2's counters, calls and waiting only, and its name.
  const state = DisplayState.parse((await t.client.call('GET', '/api/display/state', { token: lantai2.token })).json);
  expect(state.zone?.name).toBe('Lantai 2');
  expect(state.latestCalls.map((c) => c.counterId)).toEqual([geraiBpn.id]);
  expect(state.counters.every((c) => l2.counters.has(c.id))).toBe(true);
  expect(state.counters.length).toBe(l2.counters.size);
  const agenciesOnL2 = new Set(t.hub.core.db.prepare('SELECT DISTINCT agency_id FROM services WHERE zone_id = ? AND active = 1').pluck().all(zone.l2) as number[]);
  expect(new Set(state.waitingPerAgency.map((a) => a.agencyId))).toEqual(agenciesOnL2);
  const whole = DisplayState.parse((await t.client.call('GET', '/api/display/state', { token: hall.token })).json);
  expect(whole.zone).toBeNull();
  expect(whole.latestCalls.map((c) => c.counterId).sort()).toEqual([gerai1.id, geraiBpn.id].sort());

  // A Lantai 2 display that comes back later replays only Lantai 2's part of the backlog.
  const late = new StreamClient(t.hub.url, { token: lantai2.token, since });
  await late.ready();
  expect(late.events.filter(isLantai1)).toEqual([]);
  expect(late.events.some((e) => e.type === 'ticket.called' && e.counterId === geraiBpn.id)).toBe(true);
  for (const s of [...Object.values(streams), late]) s.close();
});

it('follows a counter moved to Lantai 2: its next call reaches the Lantai 2 display at once', async () => {
  const lantai2 = await pairDisplay(zone.l2);
  const kiosk = await t.pair('kiosk');
  const c1 = await t.pair('counter', { counterId: gerai1.id });
  const stream = new StreamClient(t.hub.url, { token: lantai2.token, since: t.hub.core.events.lastSeq() });
  await stream.ready();
  const adminId = t.hub.core.db.prepare(`SELECT id FROM officers WHERE username = 'admin'`).pluck().get() as number;
  // Through master data, as the admin's counter form does: a `master.changed` event follows.
  t.hub.core.master.updateCounter(gerai1.id, { zoneId: zone.l2 }, { officerId: adminId });
  await stream.until(() => stream.events.some((e) => e.type === 'master.changed'));
  const s1 = await t.login(c1.token, gerai1.username, '1234');
  await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId: gerai1.serviceId, requestId: 'zona-pindah-1' } });
  // The ticket held since the last test is finished first, then the next is called.
  expect((await t.client.call('POST', `/api/counters/${gerai1.id}/finish`, { token: c1.token, session: s1 })).status).toBe(200);
  const call = await t.client.call('POST', `/api/counters/${gerai1.id}/call-next`, { token: c1.token, session: s1 });
  expect(call.status, JSON.stringify(call.json)).toBe(200);
  await stream.until(() => stream.events.some((e) => e.type === 'ticket.called' && e.counterId === gerai1.id));
  const state = DisplayState.parse((await t.client.call('GET', '/api/display/state', { token: lantai2.token })).json);
  expect(state.latestCalls.some((c) => c.counterId === gerai1.id)).toBe(true);
  stream.close();
});
