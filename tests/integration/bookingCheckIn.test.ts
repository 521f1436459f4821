/**
 * A booked citizen checks in at the kiosk (issue 23, docs/BOOKING.md), through the real API on a
 * real SQLite file: the placement rule against walk-ins (not called before the slot, then ahead of
 * walk-ins not yet overdue, behind those overdue), one check-in per booking, a retry answered the
 * same, a late booking as a walk-in, a code not received yet as a walk-in in the kiosk's chosen
 * service, a malformed code refused with nothing changed, and no-shows at the day's close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/errors.js';
import { startTestHub, type TestHub } from '../fixtures/testHub.js';

/** Monday 23 November 2026, WIB (UTC+7): the local time hh:mm as an instant. */
const at = (hh: number, mm: number) => Date.UTC(2026, 10, 23, hh - 7, mm);
const TODAY = '2026-11-23';
const GERAI_1 = 1;

let t: TestHub;
let kiosk: { token: string };
let counter: { token: string };
let session: string;
let serviceId: number;
let req = 0;
const rid = () => `cekin-${(req++).toString().padStart(4, '0')}`;

function expectError(r: { status: number; json: any }, code: keyof typeof ERRORS) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(code);
  expect(r.status).toBe(ERRORS[code].status);
  expect(r.json.error.message.id).toBe(ERRORS[code].id);
}

const checkIn = (code: string, requestId = rid(), extra: Record<string, unknown> = {}) =>
  t.client.call('POST', '/api/bookings/check-in', { token: kiosk.token, body: { code, requestId, ...extra } });
const walkIn = async () => {
  const r = await t.client.call('POST', '/api/tickets', { token: kiosk.token, body: { serviceId, requestId: rid() } });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.ticket.display as string;
};
const act = (path: string) => t.client.call('POST', `/api/counters/${GERAI_1}/${path}`, { token: counter.token, session, body: {} });
/** Calls the next ticket and lets it go (no-show), so the counter is free for the next call. */
const callNext = async () => {
  const r = await act('call-next');
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  expect((await act('no-show')).status).toBe(200);
  return (r.json.ticket ?? r.json).display as string;
};
const waiting = async () => (await t.client.call('GET', `/api/counters/${GERAI_1}/state`, { token: counter.token, session })).json.waitingList.tickets as any[];

function book(code: string, slotStart: string, slotEnd: string, date = TODAY, sid = serviceId) {
  t.hub.core.db
    .prepare(
      `INSERT INTO bookings (code, service_id, business_date, slot_start, slot_end, made_at, phone, status, received_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, 'booked', ?)`,
    )
    .run(code, sid, date, slotStart, slotEnd, at(7, 0) - 86_400_000, at(7, 0) - 86_400_000);
}
const bookingRow = (code: string) => t.hub.core.db.prepare('SELECT * FROM bookings WHERE code = ?').get(code) as any;

beforeAll(async () => {
  t = await startTestHub({ start: at(7, 55) });
  kiosk = await t.pair('kiosk');
  counter = await t.pair('counter', { counterId: GERAI_1 });
  session = await t.login(counter.token, 'petugas01', '1234');
  // The counter's first service; the rule's numbers with a maximum wait of 30 minutes.
  serviceId = t.hub.core.db.prepare('SELECT service_id FROM counter_services WHERE counter_id = ? ORDER BY rank LIMIT 1').pluck().get(GERAI_1) as number;
  const policy = t.hub.core.settings.get('priorityPolicy');
  t.hub.core.settings.set('priorityPolicy', { ...policy, maxWaitMinutes: 30 });
  // The services open at 07:30 at the latest in this test: every service the counter serves, all week.
});
afterAll(async () => {
  await t?.dispose();
});

describe('the placement rule', () => {
  it('holds a booked ticket until its slot, then puts it ahead of walk-ins not yet overdue', async () => {
    book('K7M3QX', '09:00', '09:30');
    t.clock.set(at(8, 0));
    const w1 = await walkIn();
    t.clock.set(at(8, 50));
    // Scanned: the QR's text, as a USB scanner types it.
    const r = await checkIn('ANTRE-BOOKING:MPP-DEMO:K7M3QX');
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json.placement).toBe('on_time');
    expect(r.json.booking).toMatchObject({ code: 'K7M3QX', date: TODAY, slotStart: '09:00', slotEnd: '09:30' });
    expect(r.json.message.id).toContain('09:00');
    const b = r.json.ticket.display as string;
    const row = t.hub.core.db.prepare('SELECT due_at, arrived_at, booking_id FROM tickets WHERE id = ?').get(r.json.ticket.id) as any;
    // due at the slot, arrived maxWait − 1 min before it (docs/BOOKING.md)
    expect(row).toEqual({ due_at: at(9, 0), arrived_at: at(9, 0) - 30 * 60_000 + 60_000, booking_id: bookingRow('K7M3QX').id });
    expect(bookingRow('K7M3QX')).toMatchObject({ status: 'checked_in', ticket_id: r.json.ticket.id, checked_in_at: at(8, 50) });
    const kinds = t.hub.core.db.prepare(`SELECT type FROM events WHERE ticket_id = ? ORDER BY seq`).pluck().all(r.json.ticket.id);
    expect(kinds).toEqual(['ticket.issued', 'booking.checked_in']);
    // The citizen's phone says when the ticket is called, not an estimate walk-ins may still overtake.
    const phone = async () => (await t.client.call('GET', `/api/phone/${t.hub.core.phoneLinks.token(r.json.ticket)}`)).json;
    expect(await phone()).toMatchObject({ state: 'waiting', bookedFrom: '09:00', estimatedWaitMinutes: null });

    t.clock.set(at(8, 55));
    const w2 = await walkIn();

    // 08:58: W1 arrived first of all.
    t.clock.set(at(8, 58));
    expect(await callNext()).toBe(w1);
    // 08:59: the booked ticket is not due: W2, though B counts from 08:31. The counter's list
    // shows W2 first and B after it, with its slot.
    t.clock.set(at(8, 59));
    const list = await waiting();
    expect(list.map((e) => e.display)).toEqual([w2, b]);
    expect(list[1]).toMatchObject({ dueAt: at(9, 0), bookingSlot: { start: '09:00', end: '09:30' } });
    expect(list[0].bookingSlot).toBeNull();
    expect(await callNext()).toBe(w2);
    // Nothing callable but the booked ticket before its slot: nobody is called.
    expect((await act('call-next')).json.error.code).toBe('NO_TICKET_WAITING');
    const w3 = await walkIn();
    expect((await phone()).bookedFrom).toBe('09:00');
    // 09:00: B ahead of W3, who arrived at 08:59; on the phone an ordinary waiting ticket, next.
    t.clock.set(at(9, 0));
    expect(await phone()).toMatchObject({ state: 'waiting', bookedFrom: null, peopleAhead: 0, estimatedWaitMinutes: 0 });
    expect((await waiting()).map((e) => e.display)).toEqual([b, w3]);
    expect(await callNext()).toBe(b);
    expect(await callNext()).toBe(w3);
  });

  it('keeps a walk-in who waited longer than the maximum ahead of a booked ticket', async () => {
    book('P2R4ST', '09:40', '10:10');
    t.clock.set(at(9, 5));
    const old = await walkIn(); // arrived 09:05: overdue from 09:35
    t.clock.set(at(9, 30));
    const r = await checkIn('p2r4st');
    expect(r.json.placement).toBe('on_time');
    t.clock.set(at(9, 40));
    // B counts from 09:11; the walk-in from 09:05 waited 35 minutes: it goes first.
    expect(await callNext()).toBe(old);
    expect(await callNext()).toBe(r.json.ticket.display);
  });
});

describe('checking in', () => {
  it('happens once; the same request again gets the same answer', async () => {
    book('H8J9KM', '10:00', '10:30');
    t.clock.set(at(9, 45));
    const requestId = rid();
    const first = await checkIn('H8J-9KM', requestId);
    expect(first.status).toBe(201);
    expect(first.headers.get('x-antre-replayed')).toBeNull();
    const again = await checkIn('H8J9KM', requestId);
    expect(again.status).toBe(201);
    expect(again.headers.get('x-antre-replayed')).toBe('1');
    expect(again.json.ticket.id).toBe(first.json.ticket.id);
    expect(again.json.placement).toBe('on_time');
    const snap = t.snapshot();
    const second = await checkIn('H8J9KM');
    expectError(second, 'BOOKING_ALREADY_CHECKED_IN');
    expect(second.json.error.details.display).toBe(first.json.ticket.display);
    expect(t.snapshot()).toBe(snap);
  });

  it('past the window, is an ordinary ticket', async () => {
    book('N3P4Q5', '09:30', '10:00');
    t.clock.set(at(9, 46)); // 16 minutes after the slot's start
    const r = await checkIn('N3P4Q5');
    expect(r.status).toBe(201);
    expect(r.json.placement).toBe('late');
    expect(r.json.message.id).toContain('antrean biasa');
    const row = t.hub.core.db.prepare('SELECT due_at, arrived_at FROM tickets WHERE id = ?').get(r.json.ticket.id) as any;
    expect(row).toEqual({ due_at: null, arrived_at: at(9, 46) });
    expect(bookingRow('N3P4Q5').status).toBe('checked_in');
  });

  it('before the window opens, is refused with the reason and nothing changes', async () => {
    book('T6U7V8', '11:00', '11:30');
    t.clock.set(at(10, 29));
    const snap = t.snapshot();
    expectError(await checkIn('T6U7V8'), 'BOOKING_TOO_EARLY');
    expect(t.snapshot()).toBe(snap);
    t.clock.set(at(10, 30));
    expect((await checkIn('T6U7V8')).json.placement).toBe('on_time');
  });

  it('with a code not received yet: the kiosk asks for the service, then a walk-in, said so', async () => {
    t.clock.set(at(10, 31));
    const snap = t.snapshot();
    expectError(await checkIn('ANTRE-BOOKING:MPP-DEMO:W9X8Y7'), 'BOOKING_NOT_RECEIVED');
    expect(t.snapshot()).toBe(snap);
    const r = await checkIn('W9X8Y7', rid(), { serviceId });
    expect(r.status).toBe(201);
    expect(r.json.placement).toBe('not_yet_received');
    expect(r.json.booking).toBeNull();
    expect(r.json.message.id).toBe('Booking Anda belum diterima server gedung; Anda dilayani sebagai antrean biasa.');
  });

  it('for another day: a walk-in today, the booking kept for its day', async () => {
    book('Z2Y3X4', '09:00', '09:30', '2026-11-24');
    const r = await checkIn('Z2Y3X4');
    expect(r.json.placement).toBe('other_day');
    expect(r.json.message.id).toContain('2026-11-24');
    expect(bookingRow('Z2Y3X4').status).toBe('booked');
  });

  it('refuses a malformed code with a clear error, and nothing changes', async () => {
    const snap = t.snapshot();
    for (const code of ['12345', 'K7M3Q0', 'ANTRE-BOOKING:MPP:ABC', 'x'.repeat(20)]) expectError(await checkIn(code), 'BOOKING_CODE_INVALID');
    expect((await t.client.call('POST', '/api/bookings/check-in', { token: kiosk.token, body: { code: 'K7M3QX' } })).status).toBe(400);
    // Only a kiosk checks in.
    expect((await t.client.call('POST', '/api/bookings/check-in', { token: counter.token, body: { code: 'K7M3QX', requestId: rid() } })).status).toBe(403);
    expect(t.snapshot()).toBe(snap);
  });
});

describe('the day close', () => {
  it('marks bookings nobody checked in for as no-shows, with an event', async () => {
    book('M5N6P7', '14:00', '14:30');
    t.clock.set(at(16, 0));
    const r = await t.client.call('POST', '/api/admin/day/close', { token: t.admin.token, session: t.admin.session, body: {} });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(bookingRow('M5N6P7').status).toBe('no_show');
    expect(bookingRow('K7M3QX').status).toBe('checked_in');
    // tomorrow's booking is untouched
    expect(bookingRow('Z2Y3X4').status).toBe('booked');
    const ev = t.hub.core.db.prepare(`SELECT data FROM events WHERE type = 'booking.no_show'`).pluck().all() as string[];
    expect(ev.map((d) => JSON.parse(d))).toEqual([{ code: 'M5N6P7', date: TODAY }]);
  });
});

describe('the booking report', () => {
  it('counts bookings made, checked in, on time, no-shows, and the waits booked vs walk-in', async () => {
    const admin = { token: t.admin.token, session: t.admin.session };
    const r = await t.client.call('GET', `/api/admin/bookings/report?from=${TODAY}&to=${TODAY}`, admin);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const row = r.json.rows.find((x: any) => x.serviceId === serviceId);
    // K7M3QX, P2R4ST, H8J9KM, T6U7V8 on time; N3P4Q5 late; M5N6P7 a no-show (Z2Y3X4 is tomorrow's).
    expect(row).toMatchObject({ made: 6, cancelled: 0, checkedIn: 5, onTime: 4, noShows: 1 });
    // Booked: both called ones at their slot (0 min). Walk-ins: 58, 4, 1 and 35 minutes.
    expect(row.avgWaitBookedMinutes).toBe(0);
    expect(row.avgWaitWalkInMinutes).toBe(24.5);
    expect((await t.client.call('GET', `/api/admin/bookings/report?from=2026-11-24&to=2026-11-24`, admin)).json.rows.find((x: any) => x.serviceId === serviceId).made).toBe(1);
    expect((await t.client.call('GET', `/api/admin/bookings/report?from=2026-11-24&to=${TODAY}`, admin)).status).toBe(400);
    expect((await t.client.call('GET', `/api/admin/bookings/report?from=${TODAY}&to=${TODAY}`, { token: kiosk.token })).status).toBe(403);
  });
});

describe('a day the hub missed', () => {
  it('settles a day the hub missed (no tickets on it at all): its bookings become no-shows', async () => {
    // Tomorrow passes with the hub off; the day after, the hub's own close of stale days finds it.
    t.clock.set(Date.UTC(2026, 10, 25, 1, 0));
    t.hub.core.engine.closeStaleDays();
    expect(bookingRow('Z2Y3X4').status).toBe('no_show');
    const ev = t.hub.core.db.prepare(`SELECT business_date FROM events WHERE type = 'booking.no_show' AND data LIKE '%Z2Y3X4%'`).pluck().all();
    expect(ev).toEqual(['2026-11-24']);
  });
});

describe('a day closed after it was booked', () => {
  const FRIDAY = '2026-11-27';
  const admin = () => ({ token: t.admin.token, session: t.admin.session });
  const bookWithPhone = (code: string, slot: string, phone: string | null, sid = serviceId) =>
    t.hub.core.db
      .prepare(
        `INSERT INTO bookings (code, service_id, business_date, slot_start, slot_end, made_at, phone, status, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', ?)`,
      )
      .run(code, sid, FRIDAY, slot, '23:59', t.clock.now(), phone, t.clock.now());

  it('tells the admin how many citizens to call, with their phone where they agreed, and cancels them at the settling instead of counting no-shows', async () => {
    // Wednesday 25th, 08:00 WIB (the previous test's clock): three bookings for Friday, two of this
    // service (one with a phone), one of another service. The admin logs in that morning.
    t.clock.set(Date.UTC(2026, 10, 25, 1, 0));
    t.admin.session = await t.login(t.admin.token, 'admin', '246810');
    const other = t.hub.core.db.prepare('SELECT id FROM services WHERE id <> ? AND active = 1 ORDER BY id LIMIT 1').pluck().get(serviceId) as number;
    bookWithPhone('C4D5E6', '09:00', '081234567890');
    bookWithPhone('F7G8H9', '10:00', null);
    bookWithPhone('J2K3L4', '09:30', null, other);
    // Before any closure: nothing to call anyone about.
    const first = await t.client.call('GET', `/api/admin/bookings?date=${FRIDAY}`, admin());
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    let list = first.json as any[];
    expect(list.map((b) => b.dayClosed)).toEqual([false, false, false]);

    // Friday becomes cuti bersama for the whole MPP, the other service opened anyway.
    const wide = await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date: FRIDAY, serviceId: null, reason: 'Cuti bersama' } });
    expect(wide.status, JSON.stringify(wide.json)).toBe(201);
    const open = await t.client.call('POST', '/api/admin/closures', { ...admin(), body: { date: FRIDAY, serviceId: other, reason: 'Tetap melayani', openAnyway: true } });
    expect(open.status, JSON.stringify(open.json)).toBe(201);
    const listed = await t.client.call('GET', '/api/admin/closures', admin());
    expect(listed.status, JSON.stringify(listed.json)).toBe(200);
    const closures = listed.json as any[];
    expect(closures.find((c) => c.id === wide.json.id)).toMatchObject({ date: FRIDAY, bookings: 2 });
    expect(closures.find((c) => c.id === open.json.id)).toMatchObject({ bookings: 0 });
    list = (await t.client.call('GET', `/api/admin/bookings?date=${FRIDAY}`, admin())).json as any[];
    expect(list.map((b) => [b.code, b.dayClosed, b.phone])).toEqual([
      ['C4D5E6', true, '081234567890'],
      ['J2K3L4', false, null],
      ['F7G8H9', true, null],
    ]);

    // Saturday: the hub settles Friday. The two are cancelled (the MPP's doing), the third a no-show.
    t.clock.set(Date.UTC(2026, 10, 28, 1, 0));
    t.hub.core.engine.closeStaleDays();
    // The admin's session of Wednesday has run out: a new login, as on Saturday morning.
    t.admin.session = await t.login(t.admin.token, 'admin', '246810');
    expect([bookingRow('C4D5E6').status, bookingRow('F7G8H9').status, bookingRow('J2K3L4').status]).toEqual(['cancelled', 'cancelled', 'no_show']);
    const cancelled = t.hub.core.db.prepare(`SELECT data FROM events WHERE type = 'booking.cancelled' AND business_date = ?`).pluck().all(FRIDAY) as string[];
    expect(cancelled.map((d) => JSON.parse(d))).toEqual([
      { code: 'C4D5E6', reason: 'day_closed' },
      { code: 'F7G8H9', reason: 'day_closed' },
    ]);
    const report = await t.client.call('GET', `/api/admin/bookings/report?from=${FRIDAY}&to=${FRIDAY}`, admin());
    expect(report.status, JSON.stringify(report.json)).toBe(200);
    const row = report.json.rows.find((x: any) => x.serviceId === serviceId);
    expect(row).toMatchObject({ made: 2, cancelled: 2, noShows: 0 });
    // Settled: no longer anyone to call.
    list = (await t.client.call('GET', `/api/admin/bookings?date=${FRIDAY}`, admin())).json as any[];
    expect(list.every((b) => !b.dayClosed)).toBe(true);
  });
});
