/**
 * The calendar through the API with the hub's clock moved by hand (point 3 of issue 18): hours
 * for many services in one call, the issuing window before opening and the last ticket before
 * closing, the Friday prayer break, the next opening after closing and over a weekend, holidays
 * undone and opened anyway for one service, a closure's reason in the catalogue, a timed pause that
 * ends by itself, counters calling during a break, and an agency supervisor kept to their agency.
 * The clock only moves forward, so the tests run in the order of the days they live in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

/** A local time in Asia/Jakarta (UTC+7), e.g. at('2026-11-27', '11:45'). */
const at = (date: string, time: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, h - 7, min);
};
const WEEKDAYS_8_15 = [[], ...Array.from({ length: 5 }, () => [{ open: '08:00', close: '15:00' }]), []];

let t: TestHub;
let kiosk: { token: string };
const admin = () => ({ token: t.admin.token, session: t.admin.session });
let n = 0;
const rid = () => `calendar-${String(n++).padStart(4, '0')}`;
function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
}
const catalogue = async () => (await t.client.call('GET', '/api/catalogue', { token: kiosk.token })).json;
const service = async (prefix: string) => (await catalogue()).agencies.flatMap((a: any) => a.services).find((s: any) => s.prefix === prefix);
const issue = (serviceId: number) => t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId, requestId: rid() } });
const idOf = (prefix: string) => t.hub.core.master.services().find((s) => s.prefix === prefix)!.id;
/** The hub's clock to a local time; the admin logs in again, as after a night (sessions end when idle). */
async function moveTo(date: string, time: string) {
  t.clock.set(at(date, time));
  t.admin.session = await t.login(t.admin.token, 'admin', '246810');
}

let KTP: number;
let KK: number;
let BANK: number;

beforeAll(async () => {
  // Monday 23 November 2026, 07:00 WIB, before the MPP opens
  t = await startTestHub({ start: at('2026-11-23', '07:00') });
  kiosk = await t.pair('kiosk');
  KTP = idOf('A');
  KK = idOf('B');
  BANK = idOf('BA');
});
afterAll(async () => t.dispose());

describe('Monday: hours for a whole agency in one call, the issuing window, the last ticket', () => {
  it('sets hours and window for every Dukcapil service in one call, one audit entry and event each', async () => {
    const before = t.hub.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
    const r = await t.client.call('PUT', '/api/admin/services/hours', {
      ...admin(),
      body: { agencyId: 1, hours: WEEKDAYS_8_15, issueOpensBeforeMinutes: 30, lastTicketBeforeMinutes: 30 },
    });
    expect(r.json).toEqual({ updated: 6 });
    expect(t.hub.core.db.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'service.hours'`).pluck().get()).toBe(6);
    expect(t.hub.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(before + 6);
    // The bank (and the rest of the MPP) too, with named services
    const bank = await t.client.call('PUT', '/api/admin/services/hours', { ...admin(), body: { serviceIds: [BANK, idOf('BB')], hours: WEEKDAYS_8_15 } });
    expect(bank.json).toEqual({ updated: 2 });
  });

  it('refuses overlapping ranges, an empty change and unknown services, changing nothing', async () => {
    const snap = t.snapshot();
    const overlapping = [[], [{ open: '08:00', close: '12:00' }, { open: '11:00', close: '15:00' }], [], [], [], [], []];
    expectError(await t.client.call('PUT', '/api/admin/services/hours', { ...admin(), body: { serviceIds: [KTP], hours: overlapping } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', '/api/admin/services/hours', { ...admin(), body: { serviceIds: [KTP] } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('PUT', '/api/admin/services/hours', { ...admin(), body: { serviceIds: [KTP, 9999], hours: WEEKDAYS_8_15 } }), 'MASTER_REFERENCE');
    expect(t.snapshot()).toBe(snap);
  });

  it('at 07:00 says when tickets start, in the catalogue and in the refusal', async () => {
    const ktp = await service('A');
    expect(ktp).toMatchObject({
      open: false,
      unavailableReason: 'SERVICE_CLOSED',
      closedWhy: 'hours',
      hoursToday: [{ open: '08:00', close: '15:00' }],
      issuingToday: [{ open: '07:30', close: '14:30' }],
      nextOpening: { at: at('2026-11-23', '07:30'), text: { id: 'Buka pukul 07.30', en: 'Opens at 07:30' } },
      statusUntil: at('2026-11-23', '07:30'),
    });
    const refused = await issue(KTP);
    expectError(refused, 'SERVICE_CLOSED');
    expect(refused.json.error.details).toMatchObject({ why: 'hours', nextOpening: { at: at('2026-11-23', '07:30') } });
  });

  it('gives a ticket at 07:40 for an 08:00 opening with a 30-minute window', async () => {
    await moveTo('2026-11-23', '07:40');
    expect(await service('A')).toMatchObject({ open: true, closedWhy: null, nextOpening: null, statusUntil: at('2026-11-23', '08:00') });
    expect((await issue(KTP)).status).toBe(201);
    // The bank has no window: not before 08:00
    expectError(await issue(BANK), 'SERVICE_CLOSED');
  });

  it('stops at the last ticket, 14:30, while the service still serves until 15:00', async () => {
    await moveTo('2026-11-23', '14:29');
    expect((await issue(KTP)).status).toBe(201);
    await moveTo('2026-11-23', '14:35');
    const refused = await issue(KTP);
    expectError(refused, 'SERVICE_CLOSED');
    expect(refused.json.error.details).toMatchObject({ why: 'lastTicket', nextOpening: { at: at('2026-11-24', '07:30') } });
    expect(await service('A')).toMatchObject({ closedWhy: 'lastTicket', statusUntil: at('2026-11-23', '15:00') });
    expect((await issue(BANK)).status).toBe(201);
  });

  it('after closing, opens tomorrow', async () => {
    await moveTo('2026-11-23', '15:10');
    expect((await service('A')).nextOpening).toEqual({
      at: at('2026-11-24', '07:30'),
      text: { id: 'Buka besok, Selasa, 24 November 07.30', en: 'Opens tomorrow, Tuesday 24 November 07:30' },
    });
  });
});

describe('Friday: the prayer break for every service that follows it', () => {
  let breakId: number;
  it('adds Jumat 11:30–13:00 once for the whole MPP; the bank opts out', async () => {
    const r = await t.client.call('POST', '/api/admin/site-breaks', { ...admin(), body: { weekday: 5, start: '11:30', end: '13:00', reason: 'Salat Jumat' } });
    expect(r.status).toBe(201);
    breakId = r.json.id;
    expectError(await t.client.call('POST', '/api/admin/site-breaks', { ...admin(), body: { weekday: 5, start: '13:00', end: '11:30' } }), 'VALIDATION_FAILED');
    expect((await t.client.call('PUT', '/api/admin/services/hours', { ...admin(), body: { serviceIds: [BANK], followsSiteBreaks: false } })).json).toEqual({ updated: 1 });
    expect((await t.client.call('GET', '/api/admin/site-breaks', admin())).json).toEqual([{ id: breakId, weekday: 5, start: '11:30', end: '13:00', reason: 'Salat Jumat' }]);
  });

  it('keeps calling the tickets already waiting during the break; only issuing stops', async () => {
    await moveTo('2026-11-27', '11:00');
    const waiting = await issue(KTP);
    expect(waiting.status).toBe(201);
    await moveTo('2026-11-27', '11:45');
    const ktp = await service('A');
    expect(ktp).toMatchObject({
      open: false,
      closedWhy: 'break',
      closedReason: 'Salat Jumat',
      hoursToday: [{ open: '08:00', close: '11:30' }, { open: '13:00', close: '15:00' }],
      issuingToday: [{ open: '07:30', close: '11:30' }, { open: '13:00', close: '14:30' }],
      nextOpening: { at: at('2026-11-27', '13:00'), text: { id: 'Buka pukul 13.00', en: 'Opens at 13:00' } },
      statusUntil: at('2026-11-27', '13:00'),
    });
    expectError(await issue(KTP), 'SERVICE_CLOSED');
    expect((await issue(BANK)).status).toBe(201);
    const counter = await t.pair('counter', { counterId: 1 });
    const session = await t.login(counter.token, 'petugas01', '1234');
    const called = await t.client.call('POST', '/api/counters/1/call-next', { token: counter.token, session, body: {} });
    expect(called.status).toBe(200);
    expect(called.json.ticket.id).toBe(waiting.json.ticket.id);
    expect((await t.client.call('POST', '/api/counters/1/finish', { token: counter.token, session, body: {} })).status).toBe(200);
    await moveTo('2026-11-27', '13:00');
    expect((await issue(KTP)).status).toBe(201);
  });

  it('after Friday’s closing and on Saturday, opens on Monday', async () => {
    await moveTo('2026-11-27', '15:30');
    const monday = { at: at('2026-11-30', '07:30'), text: { id: 'Buka Senin, 30 November 07.30', en: 'Opens Monday 30 November 07:30' } };
    expect((await service('A')).nextOpening).toEqual(monday);
    await moveTo('2026-11-28', '10:00');
    const saturday = await service('A');
    expect(saturday).toMatchObject({ open: false, closedWhy: 'hours', hoursToday: [], nextOpening: monday });
    const refused = await issue(KTP);
    expect(refused.json.error.details.nextOpening).toEqual(monday);
  });
});

describe('Holidays and closures', () => {
  let wrong: number;
  it('closes one service today with a reason the catalogue carries, skipping a holiday for the next opening', async () => {
    await moveTo('2026-11-30', '06:00');
    expect((await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date: '2026-12-01', serviceId: null, reason: 'Libur nasional' } })).status).toBe(201);
    wrong = (await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date: '2026-12-02', serviceId: null, reason: 'Salah tanggal' } })).json.id;
    expect((await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date: '2026-11-30', serviceId: KK, reason: 'Gangguan jaringan' } })).status).toBe(201);
    // the same closure twice, a past date, "open anyway" for the whole MPP: refused
    expectError(await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date: '2026-11-30', serviceId: KK, reason: 'Lagi' } }), 'MASTER_DUPLICATE');
    expectError(await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date: '2026-11-27', serviceId: KK, reason: 'Lalu' } }), 'VALIDATION_FAILED');
    expectError(await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date: '2026-12-01', serviceId: null, reason: 'x', openAnyway: true } }), 'VALIDATION_FAILED');
    await moveTo('2026-11-30', '09:00');
    const kk = await service('B');
    expect(kk).toMatchObject({ open: false, unavailableReason: 'SERVICE_CLOSED', closedWhy: 'closure', closedReason: 'Gangguan jaringan' });
    // Tuesday is a holiday, Wednesday was closed by mistake: Thursday
    expect(kk.nextOpening.at).toBe(at('2026-12-03', '07:30'));
    expect((await service('A')).open).toBe(true);
  });

  it('undoes a holiday: the row stays, marked removed, and the next opening moves', async () => {
    const snapOthers = t.hub.core.db.prepare('SELECT COUNT(*) FROM closures').pluck().get();
    expect((await t.client.call('DELETE', `/api/admin/closures/${wrong}`, admin())).json).toEqual({ ok: true });
    expect(t.hub.core.db.prepare('SELECT COUNT(*) FROM closures').pluck().get()).toBe(snapOthers);
    expect((await service('B')).nextOpening).toMatchObject({ at: at('2026-12-02', '07:30'), text: { id: 'Buka Rabu, 2 Desember 07.30' } });
    const upcoming = (await t.client.call('GET', '/api/admin/closures', admin())).json;
    expect(upcoming.map((c: any) => c.reason)).toEqual(['Gangguan jaringan', 'Libur nasional']);
    const all = (await t.client.call('GET', '/api/admin/closures?past=1', admin())).json;
    expect(all.find((c: any) => c.id === wrong)).toMatchObject({ reason: 'Salah tanggal', removedAt: at('2026-11-30', '09:00') });
    expectError(await t.client.call('DELETE', `/api/admin/closures/${wrong}`, admin()), 'CLOSURE_NOT_FOUND');
    expect(t.hub.core.db.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'closure.remove' AND subject_id = ?`).pluck().get(wrong)).toBe(1);
  });

  it('opens one service anyway on an MPP-wide holiday', async () => {
    expect((await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date: '2026-12-01', serviceId: BANK, reason: 'Setoran pajak akhir tahun', openAnyway: true } })).status).toBe(201);
    await moveTo('2026-12-01', '09:00');
    expect(await service('A')).toMatchObject({ open: false, closedWhy: 'closure', closedReason: 'Libur nasional', nextOpening: { at: at('2026-12-02', '07:30') } });
    expect(await service('BA')).toMatchObject({ open: true });
    expect((await issue(BANK)).status).toBe(201);
    expectError(await issue(KTP), 'SERVICE_CLOSED');
  });
});

describe('A timed pause', () => {
  it('pauses a service until 10:30 with its reason; it reopens by itself', async () => {
    await moveTo('2026-12-02', '09:00');
    const waiting = await issue(KTP);
    expect(waiting.status).toBe(201);
    const p = await t.client.call('POST', `/api/admin/services/${KTP}/pause`, { ...admin(), body: { until: '10:30', reason: 'SIAK pusat gangguan' } });
    expect(p.status).toBe(201);
    expect(p.json).toMatchObject({ serviceId: KTP, fromAt: at('2026-12-02', '09:00'), untilAt: at('2026-12-02', '10:30'), endedAt: null });
    expect(await service('A')).toMatchObject({
      open: false,
      closedWhy: 'pause',
      closedReason: 'SIAK pusat gangguan',
      nextOpening: { at: at('2026-12-02', '10:30'), text: { id: 'Buka pukul 10.30' } },
      statusUntil: at('2026-12-02', '10:30'),
    });
    expectError(await issue(KTP), 'SERVICE_CLOSED');
    // counters keep calling during the pause
    const counter = await t.pair('counter', { counterId: 2 });
    const session = await t.login(counter.token, 'petugas02', '1234');
    const called = await t.client.call('POST', '/api/counters/2/call-next', { token: counter.token, session, body: {} });
    expect(called.json.ticket.id).toBe(waiting.json.ticket.id);
    expect((await t.client.call('GET', '/api/admin/pauses', admin())).json).toHaveLength(1);
    await moveTo('2026-12-02', '10:30');
    expect(await service('A')).toMatchObject({ open: true, closedWhy: null });
    expect((await issue(KTP)).status).toBe(201);
    expect((await t.client.call('GET', '/api/admin/pauses', admin())).json).toHaveLength(0);
    expectError(await t.client.call('POST', `/api/admin/pauses/${p.json.id}/end`, admin()), 'PAUSE_OVER');
  });

  it('ends a pause early, and refuses one that ends in the past', async () => {
    const p = await t.client.call('POST', `/api/admin/services/${KK}/pause`, { ...admin(), body: { until: '12:00', reason: 'Blangko habis' } });
    expectError(await issue(KK), 'SERVICE_CLOSED');
    t.clock.advanceMinutes(5);
    const ended = await t.client.call('POST', `/api/admin/pauses/${p.json.id}/end`, admin());
    expect(ended.json.endedAt).toBe(at('2026-12-02', '10:35'));
    expect((await issue(KK)).status).toBe(201);
    const snap = t.snapshot();
    expectError(await t.client.call('POST', `/api/admin/services/${KK}/pause`, { ...admin(), body: { until: '10:00', reason: 'Lalu' } }), 'VALIDATION_FAILED');
    expect(t.snapshot()).toBe(snap);
  });
});

describe('An agency supervisor', () => {
  it('manages only their agency’s services; site breaks and MPP-wide closures need the whole MPP', async () => {
    const add = await t.client.call('POST', '/api/admin/officers', { ...admin(), body: { name: 'Kepala Gerai Dukcapil', username: 'kepala.dukcapil', pin: '5791', role: 'supervisor', agencyId: 1 } });
    expect(add.status).toBe(201);
    const head = { token: t.admin.token, session: await t.login(t.admin.token, 'kepala.dukcapil', '5791') };
    const snap = t.snapshot();
    expectError(await t.client.call('PUT', '/api/admin/services/hours', { ...head, body: { serviceIds: [KTP, BANK], lastTicketBeforeMinutes: 15 } }), 'AGENCY_SCOPE');
    expectError(await t.client.call('PUT', '/api/admin/services/hours', { ...head, body: { agencyId: 9, lastTicketBeforeMinutes: 15 } }), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', `/api/admin/services/${BANK}/pause`, { ...head, body: { until: '12:00', reason: 'x' } }), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', '/api/admin/closures', { ...head, body: { date: '2026-12-10', serviceId: BANK, reason: 'x' } }), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', '/api/admin/closures', { ...head, body: { date: '2026-12-10', serviceId: null, reason: 'x' } }), 'AGENCY_SCOPE');
    expectError(await t.client.call('POST', '/api/admin/site-breaks', { ...head, body: { weekday: 1, start: '12:00', end: '13:00' } }), 'AGENCY_SCOPE');
    expect(t.snapshot()).toBe(snap);
    // their own
    expect((await t.client.call('PUT', '/api/admin/services/hours', { ...head, body: { serviceIds: [KTP], lastTicketBeforeMinutes: 15 } })).json).toEqual({ updated: 1 });
    expect((await t.client.call('POST', `/api/admin/services/${KTP}/pause`, { ...head, body: { until: '12:00', reason: 'Rapat' } })).status).toBe(201);
    const view = (await t.client.call('GET', '/api/admin/calendar', head)).json;
    expect(new Set(view.services.map((s: any) => s.agencyId))).toEqual(new Set([1]));
    expect(view.services.find((s: any) => s.id === KTP)).toMatchObject({ lastTicketBeforeMinutes: 15, why: 'pause', reason: 'Rapat' });
  });
});
